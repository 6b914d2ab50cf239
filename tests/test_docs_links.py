"""Every relative link of the docs leads somewhere: the file exists, and so does the heading.

Links are written ``[text](page.md#heading-slug)``; the slug is the heading as GitHub and most
Markdown renderers make it (lower case, punctuation dropped, spaces as hyphens, ``-1``, ``-2``
for a repeated heading). Code blocks are skipped: their brackets are Python.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCS = REPO_ROOT / "docs"
PAGES = sorted([*DOCS.glob("*.md"), REPO_ROOT / "README.md"])

_FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.MULTILINE)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """The anchor of a heading: ``"R4 Refusal wins (editing)"`` is ``r4-refusal-wins-editing``.

    >>> slug("Refusals: the patient's decisions (R4)"), slug("Access (*accès au dossier*)")
    ('refusals-the-patients-decisions-r4', 'access-accès-au-dossier')
    """
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Every heading's anchor in a page, repeated headings numbered as renderers do."""
    seen: dict[str, int] = {}
    found = set()
    for heading in _HEADING.findall(_FENCED.sub("", markdown)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page: Path) -> list[str]:
    """The relative links of ``page`` whose file or heading does not exist."""
    broken = []
    for target in _LINK.findall(_FENCED.sub("", page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ...
            continue
        file, _, anchor = target.partition("#")
        linked = (page.parent / file) if file else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif (
            anchor
            and linked.suffix == ".md"
            and anchor not in anchors(linked.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target}: no such heading")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_broken_links_are_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## A section (R1)\n\n## A section (R1)\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\nSee [here](#page), [there](other.md#a-section-r1-1), [the web](https://x.y).\n"
        "Broken: [a](absent.md), [b](other.md#nope), [c](#nope).\n"
        "```pycon\n>>> d[0](x)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "absent.md: no such file",
        "other.md#nope: no such heading",
        "#nope: no such heading",
    ]
