"""The Rust suite's conformance expectation, through Python: for a few Frictionless fixtures,
the same (type, rowNumber, fieldNumber) set as Frictionless 5.21 for the codes calidad shares."""

import json

import pytest

import calidad

CASES = [
    "invalid.csv",
    "structure-errors.csv",
    "blank-rows.csv",
    "blank-cells.csv",
    "defective-rows.csv",
    "duplicate-headers.csv",
]

SHARED = {
    "blank-header", "blank-label", "duplicate-label", "blank-row", "extra-cell", "missing-cell",
    "source-error", "format-error", "encoding-error", "type-error", "constraint-error",
    "unique-error", "primary-key", "extra-label", "missing-label", "incorrect-label",
}


@pytest.mark.parametrize("name", CASES)
def test_same_errors_as_frictionless(corpus, name):
    expected_file = corpus / "frictionless" / "expected" / f"{name}.json"
    if not expected_file.is_file():
        pytest.skip(f"no expected answer for {name}")
    expected = json.loads(expected_file.read_text())
    assert expected["_run"]["args"] == []
    want = {(e["type"], e["row"], e["field"]) for e in expected["errors"] if e["type"] in SHARED}
    report = calidad.validate(corpus / "frictionless" / name, limit_errors=0, privacy=False, score=False)
    got = {
        (e["type"], e.get("rowNumber"), e.get("fieldNumber"))
        for task in report["tasks"]
        for e in task["errors"]
        if e["type"] in SHARED
    }
    assert got == want
