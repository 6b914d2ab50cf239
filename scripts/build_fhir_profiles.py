"""Generate ``src/carecircle/interop/fhir/_profile_data.py`` from the ANS CDS 2.0.1 snapshots.

The source folder holds the built StructureDefinitions of the ANS guide « Gestion du Cercle de
Soins » 2.0.1 (with snapshots) and ``expansions.json``, by default
``../shared/cds/structure-definitions`` next to the repository (see ``../shared/cds/README.md``).
For every element of every snapshot the module keeps only what the profile checker
(:mod:`carecircle.interop.fhir.profiles`) uses: id, min, max, whether FHIR JSON holds it as an
array (the base max), type codes, target profiles, type profiles, the fixed or pattern value,
a **required** binding with its codes, the slicing discriminators, and the keys of the
invariants the checker implements (only ``req-met``).

Codes of a required binding come from ``expansions.json`` when it expands the value set, else
from :data:`FHIR_CORE_CODES` (small FHIR R4 4.0.1 code lists that the IG build does not ship;
``tests/test_fhir_profiles.py`` compares them with ``fhir.resources``); a required binding in
neither keeps its value set URL and ``None`` for codes: the checker skips it.

Usage, from the repository root::

    python scripts/build_fhir_profiles.py            # rewrite the data module
    python scripts/build_fhir_profiles.py --check    # exit 1 if it is stale
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared module
from _generated import source_main

__all__ = ["EXTERNAL_PROFILES", "FHIR_CORE_CODES", "SOURCES", "generate", "main"]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "cds" / "structure-definitions"
DEFAULT_OUTPUT = REPO_ROOT / "src" / "carecircle" / "interop" / "fhir" / "_profile_data.py"
REGENERATE = "python scripts/build_fhir_profiles.py"

#: The StructureDefinition files read, in output order.
SOURCES: tuple[str, ...] = (
    "StructureDefinition-cds-ihe-careteam.json",
    "StructureDefinition-cds-fr-related-person.json",
    "StructureDefinition-cds-organization.json",
    "StructureDefinition-cds-bundle-transaction-creation.json",
    "StructureDefinition-cds-bundle-transaction-maj.json",
)
EXPANSIONS = "expansions.json"

#: The invariants the checker implements (FHIRPath is not evaluated in general).
IMPLEMENTED_CONSTRAINTS = frozenset({"req-met"})

_FHIR = "http://hl7.org/fhir/"

#: FHIR R4 (4.0.1) code lists of the required bindings on ``code`` elements of the snapshots,
#: whose expansions the IG build does not ship: value set URL -> (code system, codes).
FHIR_CORE_CODES: dict[str, tuple[str, tuple[str, ...]]] = {
    f"{_FHIR}ValueSet/care-team-status": (
        f"{_FHIR}care-team-status",
        ("proposed", "active", "suspended", "inactive", "entered-in-error"),
    ),
    f"{_FHIR}ValueSet/bundle-type": (
        f"{_FHIR}bundle-type",
        (
            "document",
            "message",
            "transaction",
            "transaction-response",
            "batch",
            "batch-response",
            "history",
            "searchset",
            "collection",
        ),
    ),
    f"{_FHIR}ValueSet/search-entry-mode": (
        f"{_FHIR}search-entry-mode",
        ("match", "include", "outcome"),
    ),
    f"{_FHIR}ValueSet/http-verb": (
        f"{_FHIR}http-verb",
        ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"),
    ),
    f"{_FHIR}ValueSet/identifier-use": (
        f"{_FHIR}identifier-use",
        ("usual", "official", "temp", "secondary", "old"),
    ),
    f"{_FHIR}ValueSet/name-use": (
        f"{_FHIR}name-use",
        ("usual", "official", "temp", "nickname", "anonymous", "old", "maiden"),
    ),
    f"{_FHIR}ValueSet/administrative-gender": (
        f"{_FHIR}administrative-gender",
        ("male", "female", "other", "unknown"),
    ),
    f"{_FHIR}ValueSet/contact-point-system": (
        f"{_FHIR}contact-point-system",
        ("phone", "fax", "email", "pager", "url", "sms", "other"),
    ),
    f"{_FHIR}ValueSet/contact-point-use": (
        f"{_FHIR}contact-point-use",
        ("home", "work", "temp", "old", "mobile"),
    ),
}

_FR_CORE = "https://hl7.fr/ig/fhir/core/StructureDefinition/"
_ANNUAIRE = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/"

#: Profiles the snapshots name but that are not shipped: profile URL -> base resource type.
#: The checker accepts a resource of that type for them and checks nothing more.
EXTERNAL_PROFILES: dict[str, str] = {
    f"{_FR_CORE}fr-core-patient": "Patient",
    f"{_FR_CORE}fr-core-organization": "Organization",
    f"{_ANNUAIRE}as-organization": "Organization",
    f"{_ANNUAIRE}as-practitionerrole": "PractitionerRole",
    f"{_ANNUAIRE}as-practitioner": "Practitioner",
}


class SourceError(ValueError):
    """A source file is not what the generator expects."""


def _unversioned(url: str) -> str:
    return url.split("|", 1)[0]


def _load(path: Path) -> dict[str, Any]:
    raw: object = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise SourceError(f"{path.name}: not a JSON object")
    return raw


def load_expansions(path: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """Value set URL (unversioned) -> its expanded (system, code) pairs."""
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    entries = _load(path).get("entry", [])
    for entry in entries if isinstance(entries, list) else []:
        resource = entry.get("resource", {}) if isinstance(entry, dict) else {}
        contains = resource.get("expansion", {}).get("contains", [])
        pairs = tuple(sorted({(c["system"], c["code"]) for c in contains}))
        found[_unversioned(resource["url"])] = pairs
    return found


def _max(text: object, where: str) -> int:
    if text == "*":
        return -1
    if not isinstance(text, str) or not text.isdigit():
        raise SourceError(f"{where}: bad max")
    return int(text)


def _fixed(element: dict[str, Any]) -> tuple[str, object] | None:
    for key, value in element.items():
        for kind in ("fixed", "pattern"):
            if key.startswith(kind) and key[len(kind) :][:1].isupper():
                return (kind, value)
    return None


def _binding(element: dict[str, Any]) -> str | None:
    binding = element.get("binding")
    if not isinstance(binding, dict) or binding.get("strength") != "required":
        return None
    return _unversioned(str(binding["valueSet"]))


def value_set_codes(
    value_set: str, expansions: dict[str, tuple[tuple[str, str], ...]]
) -> tuple[tuple[str, str], ...] | None:
    """The (system, code) pairs of a value set, or None when neither source has it."""
    if value_set in expansions:
        return expansions[value_set]
    if value_set in FHIR_CORE_CODES:
        system, codes = FHIR_CORE_CODES[value_set]
        return tuple((system, code) for code in codes)
    return None


#: Element names that carry nothing the checker uses unless constrained (they are everywhere).
_INERT_NAMES = frozenset({"id", "extension", "modifierExtension"})


def is_inert(row: tuple[object, ...]) -> bool:
    """An ``id``/``extension``/``modifierExtension`` element the profile leaves as in base."""
    where = str(row[0])
    _, min_, max_, array, _, targets, _, fixed, binding, slicing, constraints = row
    last = where.rsplit(".", 1)[-1]
    return (
        last in _INERT_NAMES
        and min_ == 0
        and max_ == (-1 if array else 1)
        and not (targets or fixed or binding or slicing or constraints)
    )


def element_row(element: dict[str, Any]) -> tuple[object, ...]:
    """One snapshot element as the row the checker reads."""
    where = str(element.get("id"))
    base = element.get("base")
    if not isinstance(base, dict):
        raise SourceError(f"{where}: no base")
    types = element.get("type", [])
    if not isinstance(types, list):
        raise SourceError(f"{where}: bad type")
    # the FHIRPath type of ``id`` elements (``http://hl7.org/fhirpath/System.String``) as a
    # FHIR primitive code
    codes = tuple(
        str(t["code"]).rsplit(".", 1)[-1].lower() if "/" in t["code"] else str(t["code"])
        for t in types
    )
    targets = tuple(p for t in types for p in t.get("targetProfile", ()))
    profiles = tuple(p for t in types for p in t.get("profile", ()))
    slicing = element.get("slicing")
    sliced = None
    if isinstance(slicing, dict):
        if slicing.get("rules", "open") != "open":
            raise SourceError(f"{where}: the checker supports open slicings only")
        sliced = (
            tuple((d["type"], d["path"]) for d in slicing.get("discriminator", ())),
            str(slicing.get("rules", "open")),
        )
    constraints = tuple(
        c["key"] for c in element.get("constraint", ()) if c["key"] in IMPLEMENTED_CONSTRAINTS
    )
    return (
        where,
        element["min"],
        _max(element["max"], where),
        _max(base["max"], where) != 1,
        codes,
        targets,
        profiles,
        _fixed(element),
        _binding(element),
        sliced,
        constraints,
    )


def _literal(value: object) -> str:
    """A deterministic Python literal: JSON lists become tuples, dict keys are sorted."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=True)
    if isinstance(value, list | tuple):
        items = [_literal(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(value[k])}" for k in sorted(value)) + "}"
    raise SourceError(f"unexpected value of type {type(value).__name__}")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def generate(source: Path) -> str:
    """Read :data:`SOURCES` and ``expansions.json`` in ``source``; the data module's text."""
    expansions = load_expansions(source / EXPANSIONS)
    out = [
        '"""ANS CDS 2.0.1 profile data for the checker. GENERATED: do not edit by hand.',
        "",
        "Generated by scripts/build_fhir_profiles.py from these files of",
        "../shared/cds/structure-definitions (sha256 prefix and name):",
        "",
        *(f"    {_digest(source / name)}  {name}" for name in (*SOURCES, EXPANSIONS)),
        "",
        f"Regenerate from the repository root with ``{REGENERATE}`` (``--check`` compares).",
        "",
        "A profile row is (canonical URL, version, id, resource type, elements). An element row",
        "is (id, min, max or -1 for *, is a JSON array, type codes, target profiles, type",
        "profiles, (fixed|pattern, value) or None, the value set URL",
        "for a required binding or None, ((discriminator type, path), ...), rules) or None,",
        "implemented invariant keys); unconstrained id/extension/modifierExtension elements are",
        "left out. VALUE_SETS holds the codes of the required value sets known (the others are",
        "skipped); BASE_TYPES maps every profile named to its resource type.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
        "from typing import Final",
        "",
        "Fixed = tuple[str, object]",
        "Slicing = tuple[tuple[tuple[str, str], ...], str]",
        "ElementRow = tuple[",
        *(
            f"    {t},"
            for t in (
                "str",
                "int",
                "int",
                "bool",
                "tuple[str, ...]",
                "tuple[str, ...]",
                "tuple[str, ...]",
                "Fixed | None",
                "str | None",
                "Slicing | None",
                "tuple[str, ...]",
            )
        ),
        "]",
        "ProfileRow = tuple[str, str, str, str, tuple[ElementRow, ...]]",
        "",
        "# fmt: off",
        "PROFILES: Final[tuple[ProfileRow, ...]] = (",
    ]
    base_types = dict(EXTERNAL_PROFILES)
    bound: set[str] = set()
    for name in SOURCES:
        sd = _load(source / name)
        if sd.get("resourceType") != "StructureDefinition":
            raise SourceError(f"{name}: not a StructureDefinition")
        base_types[str(sd["url"])] = str(sd["type"])
        snapshot = sd.get("snapshot")
        elements = snapshot.get("element") if isinstance(snapshot, dict) else None
        if not isinstance(elements, list):
            raise SourceError(f"{name}: no snapshot")
        out.append("    (")
        out.extend(f"        {_literal(sd[k])}," for k in ("url", "version", "id", "type"))
        out.append("        (")
        rows = [element_row(e) for e in elements]
        out.extend(f"            {_literal(row)}," for row in rows if not is_inert(row))
        for row in rows:
            if row[8] is None:
                continue
            if value_set_codes(str(row[8]), expansions) is not None and row[4] != ("code",):
                raise SourceError(f"{row[0]}: codes are shipped for required bindings on code only")
            bound.add(str(row[8]))
        out.append("        ),")
        out.append("    ),")
    out.append(")")
    out.append("VALUE_SETS: Final[tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = (")
    for value_set in sorted(bound):
        codes = value_set_codes(value_set, expansions)
        if codes is not None:
            out.append(f"    ({_literal(value_set)}, {_literal(codes)}),")
    out.append(")")
    out.append("BASE_TYPES: Final[tuple[tuple[str, str], ...]] = (")
    out.extend(f"    ({_literal(url)}, {_literal(t)})," for url, t in sorted(base_types.items()))
    out.append(")")
    out.append("# fmt: on")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the generated module; 0 done, 1 stale, 2 error."""
    return source_main(
        argv,
        description=__doc__.splitlines()[0] if __doc__ else None,
        source=DEFAULT_SOURCE,
        output=DEFAULT_OUTPUT,
        generate=generate,
        errors=(OSError, ValueError, KeyError, TypeError, AttributeError),
        regenerate=REGENERATE,
    )


if __name__ == "__main__":
    sys.exit(main())
