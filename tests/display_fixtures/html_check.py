"""An HTML checker for the display's output, on the standard library's :mod:`html.parser`.

:func:`checked_text` parses markup into a tree and fails on anything the display must never
write: an end tag that closes another element, an element left open, a void or self-closed
element, a script, a style sheet, an event handler or a ``javascript:`` URL, a comment or a
declaration. It returns the text the markup shows (character references resolved), for
checks on what a reader sees; :func:`exposed` adds the private details of a record (R12).
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Final

import carecircle as cc
from carecircle._display import Display
from carecircle.rules import privacy

#: Elements no output may hold.
FORBIDDEN: Final = frozenset(
    {"script", "style", "iframe", "object", "embed", "link", "meta", "base", "form", "svg"}
)
#: Elements without an end tag (the display never writes one, so a tree stays checkable).
VOID: Final = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN or tag in VOID:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"handler {name}")
            if value is not None and "javascript:" in value.lower():
                self.problems.append(f"javascript in {name}")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append("a comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("a declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("a processing instruction")


def checked_text(markup: str) -> str:
    """The text ``markup`` shows; ``AssertionError`` when it is not a balanced, script-free
    tree of elements.
    """
    assert "<script" not in markup.lower(), "an unescaped <script"
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    assert not tree.problems, tree.problems
    assert not tree.open, f"left open: {tree.open}"
    return "".join(tree.texts)


def exposed(shown: Display, record: cc.CoordinationRecord) -> list[str]:
    """Every problem of ``shown`` on ``record``: unbalanced HTML (``AssertionError``), and the
    codes of the private details (:func:`carecircle.rules.privacy.check`) its HTML, the text
    that HTML shows or its text form hold.
    """
    found = [v.code for v in privacy.check(checked_text(shown.html), record)]
    found += [v.code for v in privacy.check(shown.html, record)]
    return found + [v.code for v in privacy.check(shown.text, record)]
