"""calidad.validate, describe, check_metadata and Validator: sources, options, errors."""

import io
import json

import pytest

import calidad
from conftest import TESTDATA

EXAMPLE = TESTDATA / "transferencias_municipales.csv"
COMUNAS = TESTDATA / "comunas.csv"


def strip_volatile(report):
    """A report without what differs between runs or source kinds (time, names, places)."""
    report = json.loads(json.dumps(report))
    report["stats"].pop("seconds")
    for task in report["tasks"]:
        task["stats"].pop("seconds")
        task.pop("name")
        task.pop("place")
        task["calidad"]["score"].pop("asOf", None)
    return report


def test_report_has_frictionless_shape_and_calidad_block():
    report = calidad.validate(EXAMPLE, lang="en")
    assert report["valid"] is False
    assert set(report) >= {"valid", "stats", "warnings", "errors", "tasks"}
    task = report["tasks"][0]
    assert task["place"] == str(EXAMPLE)
    assert {"type", "rowNumber", "fieldNumber", "message"} <= set(task["errors"][0])
    assert task["calidad"]["encoding"] == "windows-1252"
    assert 1 <= task["calidad"]["score"]["overall"] <= 10
    assert report["stats"]["errors"] == sum(t["stats"]["errors"] for t in report["tasks"])


def test_path_bytes_and_file_objects_give_the_same_report():
    by_path = strip_volatile(calidad.validate(str(EXAMPLE), as_of="2026-11-25"))
    data = EXAMPLE.read_bytes()
    for source in (EXAMPLE, data, bytearray(data), memoryview(data), io.BytesIO(data)):
        assert strip_volatile(calidad.validate(source, as_of="2026-11-25")) == by_path
    with open(EXAMPLE, "rb") as handle:
        report = calidad.validate(handle, as_of="2026-11-25")
    assert report["tasks"][0]["place"] == str(EXAMPLE)
    assert strip_volatile(report) == by_path


def test_workbooks_from_bytes_are_recognised_by_content():
    xlsx = next((TESTDATA.parent.parent / "shared" / "corpus" / "frictionless").glob("*.xlsx"), None)
    if xlsx is None:
        pytest.skip("no workbook in ../shared")
    report = calidad.validate(xlsx.read_bytes(), format="xlsx")
    assert report["tasks"][0]["calidad"]["format"] == "xlsx"


def test_text_mode_files_and_odd_sources_are_refused_clearly():
    with open(COMUNAS, encoding="utf-8") as handle:
        report = calidad.validate(handle)
    errors = report["tasks"][0]["errors"]
    assert errors[0]["type"] == "source-error"
    assert "binary mode" in errors[0]["message"]
    with pytest.raises(TypeError, match="source must be a path, bytes or a binary file"):
        calidad.validate(42)


def test_errors_carry_the_cli_messages():
    with pytest.raises(FileNotFoundError, match="cannot open no/such.csv"):
        calidad.validate("no/such.csv")
    with pytest.raises(IsADirectoryError, match="is a directory"):
        calidad.validate(TESTDATA)
    with pytest.raises(ValueError, match=r'unknown encoding "klingon"'):
        calidad.validate(COMUNAS, encoding="klingon")
    with pytest.raises(ValueError, match="unknown code or tag"):
        calidad.validate(COMUNAS, skip_errors=["no-such-code"])
    with pytest.raises(ValueError, match="unknown language"):
        calidad.validate(COMUNAS, lang="fr")
    with pytest.raises(calidad.SchemaError, match=r"/fields/0/type"):
        calidad.validate(COMUNAS, schema={"fields": [{"name": "a", "type": "magic"}]})
    assert issubclass(calidad.SchemaError, calidad.CalidadError)


def test_options_reach_the_validator():
    schema = {
        "fields": [
            {"name": "codigo_comuna", "type": "integer"},
            {"name": "comuna", "type": "string", "constraints": {"maxLength": 4}},
        ]
    }
    report = calidad.validate(COMUNAS, schema=schema, privacy=False, score=False, lang="en")
    task = report["tasks"][0]
    assert task["calidad"]["schemaSource"] == "given"
    assert task["calidad"]["errorCounts"].get("constraint-error", 0) > 0
    assert "score" not in task["calidad"] or task["calidad"]["score"] is None
    picked = calidad.validate(EXAMPLE, pick_errors=["blank-row"])
    assert {e["type"] for e in picked["tasks"][0]["errors"]} == {"blank-row"}
    limited = calidad.validate(EXAMPLE, limit_errors=1)
    assert len(limited["tasks"][0]["errors"]) == 1
    checks = calidad.validate(
        COMUNAS,
        checks=[
            {"type": "table-dimensions", "minRows": 1000},
            "forbidden-value:fieldName='comuna':values=['Santiago']",
        ],
    )
    counts = checks["tasks"][0]["calidad"]["errorCounts"]
    assert counts.get("table-dimensions") == 1
    assert counts.get("forbidden-value") == 1
    spanish = calidad.validate(EXAMPLE)
    english = calidad.validate(EXAMPLE, lang="en")
    assert spanish["tasks"][0]["errors"][0]["message"] != english["tasks"][0]["errors"][0]["message"]


def test_validator_is_built_once_and_reused():
    validator = calidad.Validator(lang="en", score=False)
    first = validator.validate(COMUNAS)
    second = validator.validate(COMUNAS.read_bytes())
    assert first["valid"] == second["valid"] is True
    assert validator.describe(COMUNAS)["fields"][0]["name"] == "codigo_comuna"


def test_describe_returns_a_table_schema():
    schema = calidad.describe(COMUNAS)
    assert [f["name"] for f in schema["fields"]][:2] == ["codigo_comuna", "comuna"]
    again = calidad.validate(COMUNAS, schema=schema)
    assert again["valid"]
    with pytest.raises(calidad.CalidadError, match="cannot describe"):
        calidad.describe(b"")


def test_check_metadata():
    good = {
        "name": "transferencias-municipales",
        "title": "Transferencias municipales",
        "notes": "Transferencias a municipios por comuna y mes, desde 2019.",
        "author": "Subdere",
        "author_email": "datos@subdere.gob.cl",
        "owner_org": "subdere",
        "private": False,
        "license_id": "cc-by",
        "tags": [{"name": "municipios"}],
        "resources": [
            {"name": "Transferencias", "description": "Una fila por transferencia.", "format": "CSV",
             "url": "https://datos.gob.cl/transferencias.csv"}
        ],
    }
    assert [p for p in calidad.check_metadata(good) if p["code"] == "metadata-error"] == []
    broken = dict(good, name="Con Mayúsculas", license_id="propietaria", author_email="no-es-correo")
    problems = calidad.check_metadata(broken, lang="en")
    paths = {p["path"] for p in problems if p["code"] == "metadata-error"}
    assert {"/name", "/license_id", "/author_email"} <= paths
    assert all(p["message"] for p in problems)


def test_codes_are_listed():
    codes = {code for code, _, _ in calidad.codes("en")}
    assert {"blank-row", "personal-data", "quality-score"} <= codes
    assert calidad.__version__
