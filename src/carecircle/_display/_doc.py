"""What a rendering says, written once (*document*), and its two forms: HTML and plain text.

Each kind of object is turned into a :class:`Doc` (a title, lines, lists and tables of plain
strings); :func:`to_html` writes it through the escaping builder and :func:`to_text` as aligned
lines, so the two forms always say the same.

>>> doc = Doc(title="Matrice", blocks=(
...     Table(head=("Profession", "medical"), rows=((Cell("Médecin <10>"), Cell("write")),)),))
>>> print(to_text(doc))
Matrice
  Profession    medical
  ------------  -------
  Médecin <10>  write
>>> to_html(doc).count("&lt;10&gt;"), "<10>" in to_html(doc)
(1, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

import attrs

from carecircle._display import _html as h

__all__ = ["Block", "Cell", "Doc", "Items", "Line", "Table", "to_html", "to_text"]

#: How a cell or line stands out: good news, bad news, or in the background.
Tone = Literal["", "allowed", "denied", "muted"]
_TONES: Final[dict[str, str]] = {"allowed": h.ALLOWED, "denied": h.DENIED, "muted": h.MUTED}
Wrap = Literal["", "anywhere", "never"]
_WRAPS: Final[dict[str, str]] = {"": h.CELL, "anywhere": h.CODES, "never": h.UNBROKEN}


def _lines(values: str | Sequence[str]) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values)


@attrs.frozen
class Cell:
    """A table cell: one or more lines of text, and its tone; ``note`` is said after them, in
    the background; ``wrap`` says how the HTML breaks its lines: as usual, ``"anywhere"``
    (long codes, so that a table fits a notebook's width) or ``"never"`` (short lines that
    read as one).
    """

    lines: tuple[str, ...] = attrs.field(converter=_lines)
    tone: Tone = ""
    note: str = ""
    wrap: Wrap = ""


@attrs.frozen
class Line:
    """A line of text: a bold lead (``"Statut :"``) and what follows it, with a tone."""

    text: str
    lead: str = ""
    tone: Tone = ""


@attrs.frozen
class Items:
    """A bulleted list under a heading (its punctuation included: ``"Événements :"``)."""

    heading: str
    items: tuple[str, ...]
    empty: str = ""


@attrs.frozen
class Table:
    """A table under an optional heading; ``caption`` is said below it."""

    head: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    heading: str = ""
    caption: str = ""
    empty: str = ""
    #: In text, a table too wide to read as columns: each row as a block, its first
    #: ``stacked`` cells on one line, then one line for each other cell that says something,
    #: led by its header and ``colon``.
    stacked: int = 0
    colon: str = ":"


Block = Line | Items | Table


@attrs.frozen
class Doc:
    """A rendering: a title and blocks."""

    title: str
    blocks: tuple[Block, ...] = ()
    tone: Tone = ""


# -- HTML -------------------------------------------------------------------------------------


def _toned(tag: str, text: h.Child, tone: Tone) -> h.Markup:
    return h.element(tag, text, style=_TONES.get(tone, ""))


def _html_cell(cell: Cell) -> tuple[h.Markup, str]:
    if len(cell.lines) == 1:
        shown = _toned("span", cell.lines[0], cell.tone)
    else:
        shown = h.concat(*(h.element("div", _toned("span", x, cell.tone)) for x in cell.lines))
    note = h.element("div", cell.note, style=h.NOTE) if cell.note else None
    return h.concat(shown, note), _WRAPS[cell.wrap]


def _said(table: Table) -> list[int]:
    """The columns some row says something in: an empty column is left out."""
    return [
        i
        for i in range(len(table.head))
        if any(any(row[i].lines) or row[i].note for row in table.rows)
    ]


def _html_block(block: Block) -> h.Markup:
    if isinstance(block, Line):
        lead = h.element("strong", f"{block.lead} ") if block.lead else None
        return h.element("p", lead, _toned("span", block.text, block.tone), style="margin: 2px 0;")
    heading = h.element("p", h.element("strong", block.heading), style="margin: 6px 0 2px 0;")
    if isinstance(block, Items):
        if not block.items:
            return h.concat(heading, h.element("p", _toned("em", block.empty, "muted")))
        return h.concat(
            heading,
            h.element("ul", *(h.element("li", i) for i in block.items), style="margin: 2px 0;"),
        )
    shown = heading if block.heading else None
    if not block.rows:
        return h.concat(shown, h.element("p", _toned("em", block.empty, "muted")))
    kept = _said(block)
    rows = [[_html_cell(row[i]) for i in kept] for row in block.rows]
    head = [block.head[i] for i in kept]
    return h.concat(shown, h.table(head, rows, caption=block.caption or None))


def to_html(doc: Doc) -> str:
    """The rendering as one ``<div>``: every text escaped, styles inline, no script."""
    title = h.element("p", _toned("strong", doc.title, doc.tone), style=h.TITLE)
    return str(h.element("div", title, *(_html_block(b) for b in doc.blocks), style=h.BOX))


# -- plain text -------------------------------------------------------------------------------


def _columns(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Aligned columns under a rule (the header first)."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    rule = ["-" * w for w in widths]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [head, rule, *rows]
    ]


def _text_cell(cell: Cell) -> str:
    shown = "; ".join(cell.lines)
    return f"{shown} — {cell.note}" if cell.note else shown


def _stacks(block: Table, head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Each row as a block: its first cells on a line, then the others under their headers."""
    found = []
    first = block.stacked
    for row in rows:
        found.append("  " + "  ".join(c for c in row[:first] if c))
        found += [
            f"      {title}{block.colon} {cell}"
            for title, cell in zip(head[first:], row[first:], strict=True)
            if cell
        ]
    return found


def _text_block(block: Block) -> list[str]:
    if isinstance(block, Line):
        return [f"{block.lead} {block.text}" if block.lead else block.text]
    if isinstance(block, Items):
        return [block.heading, *(f"  - {i}" for i in block.items or (block.empty,))]
    found = [block.heading] if block.heading else []
    if not block.rows:
        return [*found, f"  {block.empty}"]
    kept = _said(block)
    cells = [[_text_cell(row[i]) for i in kept] for row in block.rows]
    head = [block.head[i] for i in kept]
    found += _stacks(block, head, cells) if block.stacked else _columns(head, cells)
    return [*found, f"  {block.caption}"] if block.caption else found


def to_text(doc: Doc) -> str:
    """The rendering as readable lines, tables aligned."""
    return "\n".join([doc.title, *(line for b in doc.blocks for line in _text_block(b))])
