"""The generated snapshot rows as a typed tree of elements, and the profile look-ups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from carecircle.interop.fhir import _profile_data as data

#: The version of the CDS profiles shipped (a versioned canonical must carry this one).
CDS_VERSION: Final = "2.0.1"
_CORE_PREFIX: Final = "http://hl7.org/fhir/StructureDefinition/"


@attrs.frozen(kw_only=True)
class Element:
    """One snapshot element with its children (``x.y``) and its slices (``x:name``)."""

    id: str
    name: str
    slice_name: str | None
    min: int
    max: int  # -1 for *
    array: bool
    types: tuple[str, ...]
    targets: tuple[str, ...]
    type_profiles: tuple[str, ...]
    fixed: tuple[str, object] | None
    binding: str | None
    discriminators: tuple[tuple[str, str], ...] | None
    constraints: tuple[str, ...]
    children: tuple[Element, ...]
    slices: tuple[Element, ...]

    def child(self, name: str) -> Element | None:
        """The child element named ``name`` (not a slice), if the snapshot has it."""
        return next((c for c in self.children if c.name == name), None)

    def descendants(self) -> Iterable[tuple[tuple[str, ...], Element]]:
        """This element and its children's trees (not slices), with their relative paths."""
        yield (), self
        for c in self.children:
            for rel, e in c.descendants():
                yield (c.name, *rel), e

    @property
    def max_text(self) -> str:
        """The max as FHIR writes it."""
        return "*" if self.max < 0 else str(self.max)


@attrs.frozen(kw_only=True)
class Profile:
    """One shipped profile: canonical URL, version, short id, resource type, element tree."""

    url: str
    version: str
    id: str
    type: str
    root: Element


def _parent(element_id: str) -> tuple[str, bool]:
    """The id of the element ``element_id`` hangs from, and whether it is a slice of it."""
    head, _, last = element_id.rpartition(".")
    if ":" in last:
        return element_id[: element_id.rindex(":")], True
    return head, False


def _build(rows: tuple[data.ElementRow, ...]) -> Element:
    kids: dict[str, list[str]] = {}
    slices: dict[str, list[str]] = {}
    by_id = {row[0]: row for row in rows}
    for row in rows[1:]:
        parent, is_slice = _parent(row[0])
        (slices if is_slice else kids).setdefault(parent, []).append(row[0])

    def build(element_id: str) -> Element:
        row = by_id[element_id]
        last = element_id.rpartition(".")[2]
        name, _, slice_name = last.partition(":")
        slicing = row[9]
        return Element(
            id=element_id,
            name=name,
            slice_name=slice_name or None,
            min=row[1],
            max=row[2],
            array=row[3],
            types=row[4],
            targets=row[5],
            type_profiles=row[6],
            fixed=row[7],
            binding=row[8],
            discriminators=slicing[0] if slicing else None,
            constraints=row[10],
            children=tuple(build(c) for c in kids.get(element_id, ())),
            slices=tuple(build(s) for s in slices.get(element_id, ())),
        )

    return build(rows[0][0])


PROFILES: Final[tuple[Profile, ...]] = tuple(
    Profile(url=url, version=version, id=short, type=rtype, root=_build(rows))
    for url, version, short, rtype, rows in data.PROFILES
)
_BY_URL: Final = {p.url: p for p in PROFILES}
_BY_ID: Final = {p.id: p for p in PROFILES}
_BASE_TYPES: Final = dict(data.BASE_TYPES)
VALUE_SETS: Final[dict[str, frozenset[tuple[str, str]]]] = {
    url: frozenset(codes) for url, codes in data.VALUE_SETS
}


def unversioned(url: str) -> str:
    """A canonical without its ``|version``."""
    return url.partition("|")[0]


def find_profile(name: str) -> Profile | None:
    """The shipped profile a canonical (``|2.0.1`` or unversioned) or short id names."""
    url, _, version = name.partition("|")
    profile = _BY_URL.get(url) or (None if version else _BY_ID.get(url))
    if profile is None or version not in {"", profile.version}:
        return None
    return profile


def base_type(url: str) -> str | None:
    """The resource type a profile constrains, if known (shipped, listed, or FHIR core)."""
    plain = unversioned(url)
    if plain in _BASE_TYPES:
        return _BASE_TYPES[plain]
    if plain.startswith(_CORE_PREFIX):
        return plain.removeprefix(_CORE_PREFIX) or None
    return None
