"""The command line's interoperability: ``carecircle fhir export|import``, ``openfga export``.

The oracle is :mod:`carecircle.interop`: what the commands write is what its functions return
for the records read back from their files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

import carecircle as cc
from carecircle import cli
from carecircle import serialization as ser
from carecircle.interop import fhir, openfga
from carecircle.roles import PCP
from carecircle.testing import sample

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from cli_fixtures.records import DAUGHTER_PHONE, at, created, daughter
    from cli_fixtures.running import run
else:
    from .cli_fixtures.records import DAUGHTER_PHONE, at, created, daughter
    from .cli_fixtures.running import run


def _versions() -> tuple[cc.CoordinationRecord, cc.CoordinationRecord]:
    """Two versions of one record: the GP and the SSIAD, then the unlisted daughter too."""
    d = sample.occitanie()
    record, actor = created(d)
    record = cc.add_member(
        record, d.gp, actor=actor, at=at(1), habilitated=True, roles={PCP}
    ).record
    before = cc.add_member(record, d.ssiad, actor=actor, at=at(2), habilitated=True).record
    return before, cc.add_member(before, daughter(), actor=actor, at=at(3)).record


@pytest.fixture(scope="module")
def versions() -> tuple[cc.CoordinationRecord, cc.CoordinationRecord]:
    return _versions()


@pytest.fixture
def files(
    tmp_path: Path, versions: tuple[cc.CoordinationRecord, cc.CoordinationRecord]
) -> tuple[str, str]:
    before, after = versions
    (tmp_path / "v3.json").write_text(ser.to_json(before), encoding="utf-8")
    (tmp_path / "v4.json").write_text(ser.to_json(after), encoding="utf-8")
    return str(tmp_path / "v3.json"), str(tmp_path / "v4.json")


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# -- fhir export --------------------------------------------------------------------------------


def test_fhir_export_writes_the_creation_bundle(
    tmp_path: Path,
    versions: tuple[cc.CoordinationRecord, cc.CoordinationRecord],
    files: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, after = versions
    status, out, err = run(capsys, "fhir", "export", files[1])
    assert (status, err) == (cli.OK, "")
    assert json.loads(out) == fhir.export_record(after)
    assert DAUGHTER_PHONE.replace(" ", "") not in out  # R12: masked
    target = tmp_path / "bundle.json"
    for flag in ("-o", "--output"):
        target.unlink(missing_ok=True)
        status, out, _ = run(capsys, "fhir", "export", files[1], flag, str(target))
        assert (status, out) == (cli.OK, "")
        assert _json(target) == fhir.export_record(after)
    _, out, _ = run(capsys, "fhir", "export", files[1], "-o", "-")
    assert json.loads(out) == fhir.export_record(after)


def test_fhir_export_phones_of_unlisted_only_when_asked(
    versions: tuple[cc.CoordinationRecord, cc.CoordinationRecord],
    files: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, after = versions
    status, out, _ = run(capsys, "fhir", "export", files[1], "--phones-of-unlisted")
    assert status == cli.OK
    assert json.loads(out) == fhir.export_record(after, phones_of_unlisted=True)
    assert json.loads(out) != fhir.export_record(after)


def test_fhir_export_since_writes_the_update_bundle(
    versions: tuple[cc.CoordinationRecord, cc.CoordinationRecord],
    files: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before, after = versions
    status, out, _ = run(capsys, "fhir", "export", files[1], "--since", files[0])
    assert status == cli.OK
    assert json.loads(out) == fhir.export_change(before, after)
    status, out, err = run(capsys, "fhir", "export", files[0], "--since", files[1])
    assert (status, out) == (cli.REFUSED, "")
    assert "VERSION_NOT_NEWER" in err and files[0] in err


def test_fhir_export_writes_nothing_on_failure(
    tmp_path: Path, files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bundle.json"
    target.write_text("before", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1, "type": "CoordinationRecord", "value": {}}', encoding="utf-8")
    status, _, err = run(capsys, "fhir", "export", str(broken), "-o", str(target))
    assert status == cli.REFUSED and f"carecircle fhir export: {broken}: refused" in err
    status, _, _ = run(capsys, "fhir", "export", files[0], "--since", files[1], "-o", str(target))
    assert status == cli.REFUSED
    assert target.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    nowhere = str(tmp_path / "no" / "such" / "dir" / "bundle.json")
    status, _, err = run(capsys, "fhir", "export", files[0], "-o", nowhere)
    assert status == cli.IO_ERROR and f"{nowhere}: cannot write" in err


# -- fhir import --------------------------------------------------------------------------------


def test_fhir_import_reads_an_exported_bundle_back(
    tmp_path: Path,
    versions: tuple[cc.CoordinationRecord, cc.CoordinationRecord],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, after = versions
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(fhir.export_record(after)), encoding="utf-8")
    target = tmp_path / "record.json"
    by = ["--imported-by", "pass:000101"]
    status, out, err = run(capsys, "fhir", "import", str(bundle), *by, "-o", str(target))
    assert (status, out, err) == (cli.OK, "", "")
    expected = fhir.import_bundle(fhir.export_record(after), imported_by="pass:000101")
    assert ser.from_json(target.read_text(encoding="utf-8"), cc.CoordinationRecord) == expected
    status, out, _ = run(capsys, "fhir", "import", str(bundle), *by)
    assert (status, out.strip()) == (cli.OK, ser.to_json(expected))
    status, out, err = run(capsys, "fhir", "import", str(bundle), "--imported-by", " ")
    assert (status, out) == (cli.USAGE, "") and "--imported-by: WRONG_TYPE" in err
    with pytest.raises(SystemExit) as caught:
        cli.main(["fhir", "import", str(bundle)])  # --imported-by is required
    assert caught.value.code == cli.USAGE


def test_fhir_import_refuses_a_bad_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "record.json"
    for content in ("not json", '{"resourceType": "Patient"}', "[]"):
        bundle = tmp_path / "bundle.json"
        bundle.write_text(content, encoding="utf-8")
        argv = ["fhir", "import", str(bundle), "--imported-by", "pass:1", "-o", str(target)]
        status, out, err = run(capsys, *argv)
        assert (status, out) == (cli.REFUSED, "")
        assert f"carecircle fhir import: {bundle}: refused" in err
        assert not target.exists()
    missing = str(tmp_path / "none.json")
    status, _, err = run(capsys, "fhir", "import", missing, "--imported-by", "pass:1")
    assert status == cli.IO_ERROR and "cannot read" in err


# -- openfga export -----------------------------------------------------------------------------


def test_openfga_export_writes_the_model_and_tuples(
    tmp_path: Path,
    versions: tuple[cc.CoordinationRecord, cc.CoordinationRecord],
    capsys: pytest.CaptureFixture[str],
) -> None:
    d = sample.occitanie()
    before, after = versions
    other = attrs.evolve(before, record_id="DC-0002")
    folder = tmp_path / "records"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.json").write_text(ser.to_json(after), encoding="utf-8")
    (folder / "sub" / "b.json").write_text(ser.to_json(other), encoding="utf-8")
    directory = (
        cc.Principal.from_entry(d.gp),
        cc.Principal.from_entry(d.ssiad_nurse, delegated_by=frozenset({d.ssiad.national_id})),
    )
    principals = tmp_path / "principals.json"
    principals.write_text(ser.to_json(directory, tuple[cc.Principal, ...]), encoding="utf-8")
    model, tuples = tmp_path / "model.fga", tmp_path / "tuples.json"
    status, out, err = run(
        capsys, "openfga", "export", str(folder), "--model-out", str(model),
        "--tuples-out", str(tuples), "--principals", str(principals), "--progress",
    )  # fmt: skip
    assert (status, out) == (cli.OK, "")
    assert "2/2" in err
    matrix = cc.EXAMPLE_MATRIX
    assert model.read_text(encoding="utf-8").rstrip("\n") == openfga.authorization_model(
        matrix
    ).rstrip("\n")
    assert _json(tuples) == openfga.relationship_tuples(
        [after, other], matrix=matrix, principals=directory
    )
    status, out, _ = run(capsys, "openfga", "export", str(folder))
    both = json.loads(out)
    assert status == cli.OK
    assert both["model"] == openfga.authorization_model(matrix)
    recorded = [cc.Principal.from_entry(e) for e in (d.coordinator, d.gp)]
    assert both["tuples"] == openfga.relationship_tuples(
        [after, other], matrix=matrix, principals=recorded
    )


def test_openfga_export_takes_a_matrix(
    tmp_path: Path, files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = {
        "categories": ["medical", "nutrition"],
        "grants": {"TRE_G15|10": {"nutrition": "write"}},
    }
    matrix_file = tmp_path / "matrix.json"
    matrix_file.write_text(json.dumps(mapping), encoding="utf-8")
    status, out, _ = run(capsys, "openfga", "export", files[0], "--matrix", str(matrix_file))
    matrix = cc.HabilitationMatrix.from_mapping(mapping)
    assert status == cli.OK
    assert json.loads(out)["model"] == openfga.authorization_model(matrix)
    assert "nutrition" in json.loads(out)["model"]


def test_openfga_export_writes_nothing_unless_every_file_loads(
    tmp_path: Path, files: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "zz.json"
    bad.write_text("{", encoding="utf-8")
    model, tuples = tmp_path / "model.fga", tmp_path / "tuples.json"
    outputs = ["--model-out", str(model), "--tuples-out", str(tuples)]
    status, out, err = run(capsys, "openfga", "export", str(tmp_path), *outputs)
    assert (status, out) == (cli.REFUSED, "")
    assert f"{bad}: refused" in err and "1 of 3 files not loaded; nothing written" in err
    assert not model.exists() and not tuples.exists()
    status, _, err = run(capsys, "openfga", "export", files[0], str(tmp_path / "none"), *outputs)
    assert status == cli.IO_ERROR and "cannot read" in err
    assert not model.exists() and not tuples.exists()
    status, _, err = run(
        capsys, "openfga", "export", files[0], "--model-out", "-", "--tuples-out", "-"
    )
    assert status == cli.USAGE and "both be stdout" in err


def test_fhir_export_then_import_gives_the_record_back(
    tmp_path: Path,
    versions: tuple[cc.CoordinationRecord, cc.CoordinationRecord],
    files: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Our own bundles carry carecircle's extensions: with the unlisted phones written, the
    record comes back whole; masked, the daughter comes back without her phone (R12).
    """
    _, after = versions
    bundle, back = str(tmp_path / "bundle.json"), tmp_path / "back.json"
    by = ["--imported-by", "pass:000101"]
    for phones in (["--phones-of-unlisted"], []):
        assert cli.main(["fhir", "export", files[1], *phones, "-o", bundle]) == cli.OK
        assert cli.main(["fhir", "import", bundle, *by, "-o", str(back)]) == cli.OK
        record = ser.from_json(back.read_text(encoding="utf-8"), cc.CoordinationRecord)
        daughter = record.circle.memberships[-1].member
        assert isinstance(daughter, cc.RelatedPerson)
        assert (record == after) is bool(phones)
        assert (daughter.contact.landline is None) is not bool(phones)
    assert capsys.readouterr() == ("", "")
