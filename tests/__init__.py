"""Tests of gafaelfawr-attrs."""
