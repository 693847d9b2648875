"""Show the models' field types as declared, without cattrs overrides.

Each model field's type carries a cattrs override,
``Annotated[str, AttributeOverride(struct_hook=<function ...>)]``, so that
even an unconfigured ``cattrs.Converter`` reads it as the package does.
Autodoc would print that whole annotation, function address included, in
class signatures and attribute types; this extension prints ``str``. A
default made by a factory (``created``: now) shows in attrs' signature as
``NOTHING``; this extension shows ``...``, as stubs write a default.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.domains.python import PyAttribute

_ANNOTATED = re.compile(r"~?(?:[\w.]+\.)?Annotated\[")
_FACTORY_DEFAULT = re.compile(r"= NOTHING\b")
_OPENING = "[("
_CLOSING = "])"


def strip_annotated(text: str) -> str:
    """Replace each ``Annotated[X, ...]`` in a type's text with ``X``.

    Parameters
    ----------
    text
        A signature or a type, as autodoc writes it.

    Returns
    -------
    str
        The text with every ``Annotated`` reduced to the type it wraps.
    """
    while (match := _ANNOTATED.search(text)) is not None:
        start = match.end()
        depth = 0
        comma = None
        index = start
        while index < len(text):
            char = text[index]
            if char in _OPENING:
                depth += 1
            elif char in _CLOSING:
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0 and comma is None:
                comma = index
            index += 1
        else:
            return text  # unbalanced: leave it as autodoc wrote it
        wrapped = text[start : comma if comma is not None else index]
        text = text[: match.start()] + wrapped.strip() + text[index + 1 :]
    return text


def _plain_signature(
    _app: Sphinx,
    _what: str,
    _name: str,
    _obj: object,
    _options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    """Strip overrides from a signature autodoc is about to show."""
    if signature is not None:
        signature = _FACTORY_DEFAULT.sub("= ...", strip_annotated(signature))
    return (
        signature,
        None
        if return_annotation is None
        else strip_annotated(return_annotation),
    )


class PlainTypeAttribute(PyAttribute):
    """``py:attribute`` whose ``:type:`` is shown without overrides."""

    def run(self) -> list[Any]:
        """Strip overrides from the type, then describe the attribute.

        Returns
        -------
        list
            The nodes of the description.
        """
        if "type" in self.options:
            self.options["type"] = strip_annotated(self.options["type"])
        return super().run()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the signature hook and the attribute directive.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        The extension's metadata.
    """
    app.connect("autodoc-process-signature", _plain_signature)
    app.add_directive_to_domain(
        "py", "attribute", PlainTypeAttribute, override=True
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
