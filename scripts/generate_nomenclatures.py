"""Generate ``src/carecircle/nomenclatures/_snapshot.py`` from ANS FHIR CodeSystem files.

The source folder holds FHIR R4 ``CodeSystem`` JSON files of the ANS terminologies (NOS), by
default ``../shared/nos`` next to the repository. For each concept the snapshot keeps the code,
the French label (``display``), ``dateValid`` and ``dateFin`` (a concept is closed when it has
a ``dateFin`` property); for each code system its short name, title, canonical URL, OID and
last release date. The output is plain Python literals, deterministic, one concept per line.

Usage, from the repository root::

    python scripts/generate_nomenclatures.py            # rewrite the snapshot
    python scripts/generate_nomenclatures.py --check    # exit 1 if the snapshot is stale
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared module
from _generated import source_main

__all__ = ["SOURCES", "ConceptData", "SystemData", "load_system", "main", "render"]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "nos"
DEFAULT_OUTPUT = REPO_ROOT / "src" / "carecircle" / "nomenclatures" / "_snapshot.py"
REGENERATE = "python scripts/generate_nomenclatures.py"

#: (short name, file name) of every code system in the snapshot, in output order.
#:
#: TRE_R85 comes from ``TRE_R85_RolePriseCharge.json`` (ansforge/IG-terminologie-de-sante,
#: version 20230718120000, date 2023-07-18), not from the older IG-NOS build output
#: ``CodeSystem-TRE-R85-RolePriseCharge.json`` (2023-01-27). The two disagree on code 353
#: "Membre de l'équipe de soins": IG-NOS closes it on 2022-06-24, the newer release has no
#: ``dateFin`` and a ``dateMaj`` of 2023-04-28, so the code was reopened. The newer file wins.
SOURCES: tuple[tuple[str, str], ...] = (
    ("TRE_G15", "CodeSystem-TRE-G15-ProfessionSante.json"),
    ("TRE_R94", "CodeSystem-TRE-R94-ProfessionSocial.json"),
    ("TRE_R95", "CodeSystem-TRE-R95-UsagerTitre.json"),
    ("TRE_R291", "CodeSystem-TRE-R291-AutreProfession.json"),
    ("TRE_R259", "CodeSystem-TRE-R259-HL7ParticipationFunction.json"),
    ("TRE_R260", "CodeSystem-TRE-R260-HL7RoleClass.json"),
    ("TRE_R85", "TRE_R85_RolePriseCharge.json"),
    ("TRE_R216", "CodeSystem-TRE-R216-HL7RoleCode.json"),
    ("TRE_R217", "CodeSystem-TRE-R217-ProtectionJuridique.json"),
    ("TRE_R66", "CodeSystem-TRE-R66-CategorieEtablissement.json"),
    ("TRE_G07", "CodeSystem-TRE-G07-TypeIdentifiantStructure.json"),
    ("TRE_G08", "CodeSystem-TRE-G08-TypeIdentifiantPersonne.json"),
    ("TRE_R09", "CodeSystem-TRE-R09-CategorieProfessionnelle.json"),
)

_URL_PREFIX = "https://mos.esante.gouv.fr/NOS/"
_OID_PREFIX = "urn:oid:"
_LATIN_END = 0x250  # end of Latin Extended-B: accented French letters, œ, the degree sign


class ConceptData(NamedTuple):
    """One concept as stored in the snapshot; dates are ISO ``YYYY-MM-DD`` strings."""

    code: str
    display: str
    valid_from: str | None
    closed_on: str | None


class SystemData(NamedTuple):
    """One code system as stored in the snapshot."""

    name: str
    title: str
    url: str
    oid: str
    date: str
    concepts: tuple[ConceptData, ...]


class SourceError(ValueError):
    """A source file is not the FHIR CodeSystem the generator expects."""


def _field(obj: object, key: str, where: str) -> object:
    if not isinstance(obj, dict) or key not in obj:
        raise SourceError(f"{where}: missing {key!r}")
    value: object = obj[key]
    return value


def _text(obj: object, key: str, where: str) -> str:
    value = _field(obj, key, where)
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"{where}: {key!r} is not a non-empty string")
    return value.strip()


def _list(obj: object, key: str, where: str) -> list[object]:
    value = _field(obj, key, where)
    if not isinstance(value, list):
        raise SourceError(f"{where}: {key!r} is not a list")
    return list(value)


def _date(value: str, where: str) -> str:
    """The calendar date of a FHIR date or dateTime, as written (its own time zone)."""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise SourceError(f"{where}: {value!r} is not a FHIR date") from None


def _short_name(url: str, where: str) -> str:
    # https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante
    if not url.startswith(_URL_PREFIX):
        raise SourceError(f"{where}: unexpected canonical URL {url!r}")
    return url.removeprefix(_URL_PREFIX).split("/", 1)[0].split("-", 1)[0]


def _concept(raw: object, where: str) -> ConceptData:
    code = _text(raw, "code", where)
    where = f"{where} concept {code!r}"
    if isinstance(raw, dict) and "concept" in raw:
        raise SourceError(f"{where}: nested concepts are not supported")
    props = _list(raw, "property", where) if isinstance(raw, dict) and "property" in raw else []
    dates: dict[str, str] = {}
    for prop in props:
        name = _text(prop, "code", where)
        if name in {"dateValid", "dateFin"}:
            dates[name] = _date(_text(prop, "valueDateTime", where), where)
    return ConceptData(
        code=code,
        display=_text(raw, "display", where),
        valid_from=dates.get("dateValid"),
        closed_on=dates.get("dateFin"),
    )


def load_system(path: Path, name: str) -> SystemData:
    """Read one FHIR CodeSystem file; ``name`` is the short name it must have."""
    where = path.name
    raw: object = json.loads(path.read_text(encoding="utf-8"))
    if _field(raw, "resourceType", where) != "CodeSystem":
        raise SourceError(f"{where}: not a FHIR CodeSystem")
    url = _text(raw, "url", where)
    if _short_name(url, where) != name:
        raise SourceError(f"{where}: holds {_short_name(url, where)}, expected {name}")
    identifiers = _list(raw, "identifier", where)
    oid = _text(identifiers[0] if identifiers else None, "value", where).removeprefix(_OID_PREFIX)
    title_key = "description" if isinstance(raw, dict) and "description" in raw else "title"
    concepts = tuple(_concept(c, where) for c in _list(raw, "concept", where))
    codes = [c.code for c in concepts]
    if len(set(codes)) != len(codes):
        raise SourceError(f"{where}: duplicate codes")
    return SystemData(
        name=name,
        title=_text(raw, title_key, where),
        url=url,
        oid=oid,
        date=_date(_text(raw, "date", where), where),
        concepts=concepts,
    )


def _char(ch: str) -> str:
    """``ch`` as written in a literal: Latin letters and symbols as is, others escaped.

    Escaping non-ASCII punctuation and spaces (the typographic apostrophe of G07 41, a
    no-break space) keeps look-alike characters visible and ruff's RUF001 quiet; the string
    itself is unchanged.
    """
    if ch in {"\\", '"'}:
        return "\\" + ch
    if ch.isascii():
        if not ch.isprintable():
            raise SourceError(f"control character {ch!r} in a label")
        return ch
    category = unicodedata.category(ch)
    if ord(ch) < _LATIN_END and (category[0] in {"L", "M"} or category == "So"):
        return ch
    return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def _literal(value: str | None) -> str:
    """A Python literal for ``value``, double-quoted as ruff format writes it."""
    if value is None:
        return "None"
    return '"' + "".join(_char(ch) for ch in value) + '"'


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def render(systems: Sequence[SystemData], files: Sequence[tuple[str, str]] = ()) -> str:
    """The text of ``_snapshot.py``; ``files`` lists (file name, sha256 prefix) for the header."""
    out = [
        '"""ANS code systems (*nomenclatures*) snapshot. GENERATED: do not edit by hand.',
        "",
        "Generated by scripts/generate_nomenclatures.py from these FHIR CodeSystem files of the",
        "NOS folder (default ../shared/nos; see its README.md), sha256 prefix and name:",
        "",
        *(f"    {digest}  {name}" for name, digest in files),
        "",
        f"Regenerate from the repository root with ``{REGENERATE}``",
        "(``--check`` only compares). TRE_R85 comes from the IG-terminologie-de-sante release of",
        "2023-07-18, where code 353 is open again (see the generator).",
        "",
        "Each system row is (short name, title, canonical URL, OID, date of last release,",
        "concepts); each concept row is (code, French label, dateValid, dateFin or None).",
        '"""',
        "",
        "# Labels are kept whole, one concept per line, so the data lines may be long.",
        "# ruff: noqa: E501",
        "",
        "from typing import Final",
        "",
        "ConceptRow = tuple[str, str, str | None, str | None]",
        "SystemRow = tuple[str, str, str, str, str, tuple[ConceptRow, ...]]",
        "",
        "# fmt: off",
        "SYSTEMS: Final[tuple[SystemRow, ...]] = (",
    ]
    for system in systems:
        out.append("    (")
        out.extend(
            f"        {_literal(v)},"
            for v in (system.name, system.title, system.url, system.oid, system.date)
        )
        out.append("        (")
        out.extend(
            f"            ({', '.join(_literal(v) for v in concept)}),"
            for concept in system.concepts
        )
        out.append("        ),")
        out.append("    ),")
    out.append(")")
    out.append("# fmt: on")
    return "\n".join(out) + "\n"


def generate(source: Path) -> str:
    """Read every file of :data:`SOURCES` in ``source`` and render the snapshot."""
    systems = [load_system(source / file, name) for name, file in SOURCES]
    files = [(file, _digest(source / file)) for _, file in SOURCES]
    return render(systems, files)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the generated module; 0 done, 1 stale, 2 error."""
    return source_main(
        argv,
        description=__doc__.splitlines()[0] if __doc__ else None,
        source=DEFAULT_SOURCE,
        output=DEFAULT_OUTPUT,
        generate=generate,
        errors=(OSError, ValueError),
        regenerate=REGENERATE,
    )


if __name__ == "__main__":
    sys.exit(main())
