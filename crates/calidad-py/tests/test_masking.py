"""No personal value leaves the Python package: the synthetic people of
``testdata/atenciones_sinteticas.csv`` (RUTs, names, e-mails, phones in cells and in free
text) never appear in a report, whatever the options, and masking stays on by default."""

import csv
import json
import re

import calidad

from conftest import TESTDATA


def _secrets():
    with open(TESTDATA / "atenciones_sinteticas.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    secrets = set()
    for row in rows:
        secrets.add(row["rut"])
        secrets.add(row["rut"].split("-")[0])
        secrets.add(row["correo"])
        surnames = row["nombre_completo"].split()[1:]
        secrets.add(" ".join(surnames))
        for phone in re.findall(r"\+56 9 \d{4} \d{4}", row["observaciones"]):
            secrets.add(phone[-9:])
    return secrets


def test_reports_never_carry_a_planted_value():
    secrets = _secrets()
    assert len(secrets) > 100
    path = TESTDATA / "atenciones_sinteticas.csv"
    for options in ({}, {"privacy": False}, {"lang": "en"}, {"limit_errors": 0}):
        text = json.dumps(calidad.validate(path, **options), ensure_ascii=False)
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{options}: {leaked[:5]}"
    text = json.dumps(calidad.describe(path), ensure_ascii=False)
    assert not [s for s in secrets if s in text]
