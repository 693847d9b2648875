"""Sphinx configuration for the gafaelfawr-attrs documentation.

Sphinx rather than MkDocs: the docstrings are numpydoc, which Sphinx's
autodoc with the numpydoc extension renders as their authors wrote them
(napoleon misreads an attribute docstring's "words: more words" as a type),
and MyST-Parser reads the Markdown pages and includes the README's first
example and benchmark results, so that each text has one source.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

import gafaelfawr_attrs
import gafaelfawr_attrs.current

logger = logging.getLogger(__name__)

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "gafaelfawr-attrs"
author = "gafaelfawr-attrs contributors"
copyright = "gafaelfawr-attrs contributors"  # noqa: A001 (Sphinx's name)
release = gafaelfawr_attrs.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "field_types",
    "member_order",
    "numpydoc",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "README.md"]
root_doc = "index"

# Markdown: fenced directives (```{include}```), ":::" blocks and tables.
myst_enable_extensions = ["colon_fence"]

# Docstrings: numpydoc sections, read by numpydoc. Members are listed by
# autodoc's :members: on the API page, not again by numpydoc.
numpydoc_show_class_members = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"

# `name` in a docstring is a cross-reference, as numpydoc intends.
default_role = "py:obj"

# Broken cross-references are warnings, so errors under -W. Names from
# outside the package cannot resolve: CI has no network for intersphinx.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:(class|obj)", r"(datetime|date|T)"),
    (r"py:(class|obj)", r"(datetime|collections\.abc|cattrs|attr)\..*"),
    (r"py:(class|obj)", r"gafaelfawr_attrs\.(_converter\.)?T"),
]

# Furo, as attrs', cattrs' and msgspec's sites: readable on a phone, with
# a search box on every page. docs/_static/custom.css wraps long lines of
# code and keeps short table cells on one line.
html_theme = "furo"
html_title = f"gafaelfawr-attrs {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]


def _check_api_is_complete(_app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about each public name that the API reference leaves out."""
    documented = env.get_domain("py").objects
    for module in (gafaelfawr_attrs, gafaelfawr_attrs.current):
        for name in module.__all__:
            # A name the current family shares with the top level is
            # documented once, there.
            shared = getattr(gafaelfawr_attrs, name, None) is getattr(
                module, name
            )
            if f"{module.__name__}.{name}" not in documented and not (
                module is not gafaelfawr_attrs and shared
            ):
                logger.warning(
                    "%s.%s is in __all__ but not in api.rst",
                    module.__name__,
                    name,
                )


def setup(app: Sphinx) -> None:
    """Check, once every page is read, that the whole API is documented."""
    app.connect("env-check-consistency", _check_api_is_complete)
