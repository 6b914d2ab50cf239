"""An escaping HTML builder (*construction HTML échappée*): the only way the display writes HTML.

Every text goes through :func:`html.escape` (``quote=True``): names, codes, ids, labels. Markup
is a :class:`Markup` value, made only by :func:`element` and :func:`concat` from escaped text
and other markup, so no text can open a tag. Tags come from a short list of closed elements
(no void element, no ``<script>``, no ``<style>``), attributes from a short list too; styles
are inline (no stylesheet, no JavaScript).

>>> str(element("td", "<script>alert(1)</script>", title='"x"'))
'<td title="&quot;x&quot;">&lt;script&gt;alert(1)&lt;/script&gt;</td>'
>>> str(element("tr", element("td", "a & b"), None, element("td", "1")))
'<tr><td>a &amp; b</td><td>1</td></tr>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Final

__all__ = [
    "ALLOWED",
    "BOX",
    "CAPTION",
    "CELL",
    "CODES",
    "DENIED",
    "HEAD",
    "MUTED",
    "NOTE",
    "TABLE",
    "TITLE",
    "UNBROKEN",
    "Child",
    "Markup",
    "concat",
    "element",
    "table",
]

#: The elements the display writes: each one closed by its end tag.
_TAGS: Final = frozenset(
    {
        "div", "p", "span", "strong", "em", "code", "small", "ul", "li",
        "table", "caption", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
#: The attributes the display writes.
_ATTRIBUTES: Final = frozenset({"style", "title", "colspan", "lang"})

_FONT: Final = "font-family: system-ui, sans-serif; font-size: 12px; line-height: 1.35;"
#: Inline styles (the only CSS the display writes).
BOX: Final = f"{_FONT} margin: 4px 0; color: #1f2328;"
TITLE: Final = "margin: 0 0 4px 0; font-size: 14px;"
TABLE: Final = "border-collapse: collapse; margin: 4px 0;"
CAPTION: Final = "caption-side: bottom; text-align: left; color: #57606a; font-size: 11px;"
HEAD: Final = "border: 1px solid #d0d7de; padding: 2px 5px; background: #f6f8fa; text-align: left;"
CELL: Final = "border: 1px solid #d0d7de; padding: 2px 5px; text-align: left; vertical-align: top;"
#: A cell of codes (``urn:carecircle:role|AIDANT_PRINCIPAL``): they may break anywhere, so that
#: a table fits a notebook's width instead of running off its right edge.
CODES: Final = f"{CELL} overflow-wrap: anywhere; min-width: 8em;"
#: A cell of short lines that read as one (``médical : écriture``).
UNBROKEN: Final = f"{CELL} white-space: nowrap;"
NOTE: Final = "color: #57606a; font-size: 11px;"
ALLOWED: Final = "color: #116329; font-weight: 600;"
DENIED: Final = "color: #a40e26; font-weight: 600;"
MUTED: Final = "color: #57606a;"


class Markup:
    """HTML made by this module: escaped text and the allowed elements, nothing else."""

    __slots__ = ("_html",)

    def __init__(self, markup: str, _token: object = None) -> None:
        if _token is not _MINT:
            raise TypeError("Markup is made by element() and concat(), never from a str")
        self._html = markup

    def __str__(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return f"Markup({self._html!r})"


_MINT: Final = object()

#: What an element holds: markup, text (escaped), or ``None`` (left out).
Child = Markup | str | None


def _render(child: Child) -> str:
    if child is None:
        return ""
    if isinstance(child, Markup):
        return str(child)
    return html.escape(child, quote=True)


def concat(*children: Child) -> Markup:
    """The children one after the other, text escaped."""
    return Markup("".join(_render(c) for c in children), _MINT)


def element(tag: str, *children: Child, **attributes: str) -> Markup:
    """``<tag ...>children</tag>``: the tag and attribute names from the allowed lists, every
    attribute value and text escaped.
    """
    if tag not in _TAGS:
        raise ValueError(f"the display does not write <{tag}>")
    shown = []
    for name, value in attributes.items():
        if name not in _ATTRIBUTES:
            raise ValueError(f"the display does not write the attribute {name}")
        if value:
            shown.append(f' {name}="{html.escape(value, quote=True)}"')
    return Markup(f"<{tag}{''.join(shown)}>{concat(*children)}</{tag}>", _MINT)


def _td(child: Child | tuple[Child, str]) -> Markup:
    if isinstance(child, tuple):
        return element("td", child[0], style=child[1])
    return element("td", child, style=CELL)


def table(
    head: Iterable[Child],
    rows: Iterable[Iterable[Child | tuple[Child, str]]],
    *,
    caption: Child = None,
) -> Markup:
    """A bordered table: a header row, then the rows, and a caption below when given; a cell
    given as ``(child, style)`` has that style instead of :data:`CELL`.
    """
    heading = element("thead", element("tr", *(element("th", h, style=HEAD) for h in head)))
    body = element("tbody", *(element("tr", *(_td(c) for c in row)) for row in rows))
    shown = None if caption is None else element("caption", caption, style=CAPTION)
    return element("table", shown, heading, body, style=TABLE)
