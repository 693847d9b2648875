"""Benchmarks of gafaelfawr-attrs against the Pydantic model it mirrors.

Run as ``python -m benchmarks``. Each ``bench_*`` module exports the same
operations for one implementation; the runner builds the inputs, checks that
every implementation gives the same results, then times them side by side.
"""
