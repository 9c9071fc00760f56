"""calidad.frictionless.validate: the call CKAN's validation extension makes, unchanged."""

import http.server
import json
import threading

import pytest

from calidad.frictionless import Check, Dialect, Report, Schema, system, validate
from conftest import TESTDATA

EXAMPLE = TESTDATA / "transferencias_municipales.csv"
COMUNAS = TESTDATA / "comunas.csv"
SCHEMA = {
    "fields": [
        {"name": "codigo_comuna", "type": "integer"},
        {"name": "comuna", "type": "string"},
        {"name": "region", "type": "string"},
    ]
}


def ckan_validate(source, _format="csv", schema=None, **options):
    """What ckanext-validation's job does, with the import swapped."""
    report = validate(source, format=_format, schema=schema, **options)
    return report.to_dict()


def test_ckan_call_shape():
    report = validate(str(EXAMPLE), format="csv", schema=None, checks=None, limit_errors=20)
    assert isinstance(report, Report)
    assert report.valid is False
    data = report.to_dict()
    assert data["valid"] is False and data["tasks"][0]["errors"]
    assert report.flatten(["rowNumber", "type"])[0][1] == data["tasks"][0]["errors"][0]["type"]
    assert json.loads(report.to_json())["valid"] is False
    # English by default, as Frictionless writes its messages.
    assert "row" in data["tasks"][0]["errors"][0]["message"].lower()


def test_schema_as_ckan_stores_it():
    for schema in (SCHEMA, json.dumps(SCHEMA)):
        data = ckan_validate(str(COMUNAS), schema=schema)
        assert data["tasks"][0]["calidad"]["schemaSource"] == "given"

    class FrictionlessSchema:  # frictionless.Schema's descriptor method
        def to_descriptor(self):
            return SCHEMA

    data = ckan_validate(str(COMUNAS), schema=FrictionlessSchema())
    assert data["tasks"][0]["calidad"]["schemaSource"] == "given"


def test_options_the_extension_passes():
    data = ckan_validate(
        str(EXAMPLE),
        skip_errors=["blank-row"],
        checks=[{"type": "table-dimensions", "minRows": 1000}],
        dialect={"csv": {"delimiter": ";"}, "headerRows": [4]},
    )
    counts = data["tasks"][0]["calidad"]["errorCounts"]
    assert "blank-row" not in counts
    assert counts.get("table-dimensions") == 1
    assert data["tasks"][0]["calidad"]["dialect"]["delimiter"] == ";"
    picked = ckan_validate(str(EXAMPLE), pick_errors=["#row"])
    assert all("#row" in e["tags"] for e in picked["tasks"][0]["errors"])
    with pytest.raises(TypeError, match="unknown option"):
        validate(str(EXAMPLE), limit_memory=100)


def test_dialect_layout_keys(tmp_path):
    """``header: false``, multi-row ``headerRows``, ``headerJoin``, ``commentChar``,
    ``commentRows``, ``quoteChar`` and ``skipInitialSpace`` are read as Frictionless reads them;
    keys calidad reads its own way are named in the warnings."""
    amounts = [str(i * 10) for i in range(30)]
    amounts[1] = "x"
    headless = tmp_path / "sin_encabezado.csv"
    headless.write_text("".join(f"{i},Arica,{a}\n" for i, a in enumerate(amounts)))
    task = validate(str(headless), dialect={"header": False}).tasks[0]
    assert task["labels"] == ["field1", "field2", "field3"]
    assert [(e["type"], e["rowNumber"]) for e in task["errors"]] == [("type-error", 2)]

    two_rows = tmp_path / "dos_filas.csv"
    two_rows.write_text(
        "comuna,monto,monto\n,2023,2024\n# cifras provisorias\n"
        + "".join(f"Arica,'1,5',{a}\n" for a in amounts)
    )
    dialect = Dialect.from_descriptor(
        {"headerRows": [1, 2], "headerJoin": "_", "commentChar": "#", "csv": {"quoteChar": "'"}}
    )
    task = validate(str(two_rows), dialect=dialect).tasks[0]
    assert task["labels"] == ["comuna_", "monto_2023", "monto_2024"]
    # Row 3 is a comment, data starts on row 4: the word in the second data row is row 5.
    assert [(e["type"], e["rowNumber"], e["fieldNumber"]) for e in task["errors"]] == [("type-error", 5, 3)]
    assert task["stats"]["rows"] == 30
    by_number = validate(str(two_rows), dialect={"headerRows": [1, 2], "commentRows": [3], "quoteChar": "'"})
    assert by_number.tasks[0]["stats"]["rows"] == 30

    report = validate(str(COMUNAS), dialect={"csv": {"doubleQuote": False, "skipInitialSpace": True}})
    assert any("doubleQuote" in w for w in report.warnings), report.warnings


def test_url_sources_are_fetched():
    body = COMUNAS.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/moved"):
                self.send_response(302)
                self.send_header("Location", "/missing.csv?sig=secreto")
                self.end_headers()
            elif self.path == "/comunas.csv":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/comunas.csv"
        report = validate(url, format="csv")
        assert report.valid
        assert report.tasks[0]["place"] == url
        assert report.tasks[0]["name"] == "comunas"
        from calidad import CalidadError

        # As Frictionless: a source that cannot be downloaded is a report, not an exception.
        missing = validate(f"http://127.0.0.1:{server.server_port}/missing.csv?token=abc")
        assert not missing.valid
        error = missing.tasks[0]["errors"][0]
        assert error["type"] == "source-error" and "404" in error["message"]
        assert "token" not in json.dumps(missing.to_dict())
        # Redirected to a signed URL that fails: the signature stays out of the report too.
        moved = validate(f"http://127.0.0.1:{server.server_port}/moved?token=abc")
        assert not moved.valid and "404" in moved.tasks[0]["errors"][0]["note"]
        assert "secreto" not in json.dumps(moved.to_dict()) and "abc" not in json.dumps(moved.to_dict())
        assert CalidadError is not None
    finally:
        server.shutdown()


def test_the_extensions_import_line_and_objects():
    """What ckanext-validation's jobs.py imports and does with it, before calling validate."""
    schema = Schema.from_descriptor(SCHEMA)
    assert schema.to_descriptor() == SCHEMA and schema.fields[0]["name"] == "codigo_comuna"
    assert Schema.from_descriptor(json.dumps(SCHEMA)) == schema
    dialect = Dialect.from_descriptor({"csv": {"delimiter": ";"}, "headerRows": [4]})
    checks = [Check.from_descriptor(c) for c in [{"type": "table-dimensions", "minRows": 1000}]]
    assert checks[0].type == "table-dimensions"
    with system.use_context(trusted=True):
        report = validate(str(EXAMPLE), format="csv", schema=None, dialect=dialect, checks=checks)
    assert isinstance(report, Report) and type(report) == Report  # noqa: E721 (the extension's test)
    counts = report.tasks[0]["calidad"]["errorCounts"]
    assert counts.get("table-dimensions") == 1
    # The report also answers like the dict, for callers that skip to_dict().
    assert "tasks" in report and "valid" in report and report["valid"] is False
    assert report.get("missing") is None
    ckan = validate(str(COMUNAS), format="csv", schema=schema)
    assert ckan.tasks[0]["calidad"]["schemaSource"] == "given"
    assert isinstance(ckan.stats["seconds"], float) and ckan.stats["seconds"] == round(ckan.stats["seconds"], 3)


def test_frictionless_keywords_are_accepted_and_said():
    report = validate(str(COMUNAS), limit_rows=10, parallel=False, detector=None)
    assert report.valid
    assert any("limit_rows" in w and "parallel" in w for w in report.warnings), report.warnings


def test_duplicate_rows_as_frictionless_reports_them():
    body = b"a,b\n1,2\n1,2\n"
    assert validate(body).valid, "Frictionless calls a repeated row valid by default"
    assert not validate(body, pick_errors=["duplicate-row"]).valid
    assert not validate(body, checks=[{"type": "duplicate-row"}]).valid
    assert not validate(body, checks=[Check.from_descriptor({"type": "duplicate-row"})]).valid
    assert not validate(body, calidad_checks=True).valid


def test_downloads_go_through_the_http_session():
    """A private resource on cloud storage: the extension's session carries the auth header
    and the download proxy, so calidad must download through it."""
    body = COMUNAS.read_bytes()

    class Response:
        def __init__(self, status):
            self.status = status

        def raise_for_status(self):
            if self.status >= 400:
                raise RuntimeError(f"{self.status} Forbidden")

        def iter_content(self, chunk_size):
            for i in range(0, len(body), chunk_size):
                yield body[i : i + chunk_size]

        def close(self):
            pass

    class Session:
        def __init__(self):
            self.headers = {}
            self.proxies = {}
            self.calls = []

        def get(self, url, stream=False, timeout=None):
            self.calls.append((url, dict(self.headers), dict(self.proxies), stream))
            return Response(200 if self.headers.get("Authorization") == "secret" else 403)

    session = Session()
    session.headers["Authorization"] = "secret"
    session.proxies.update({"http": "http://proxy:3128", "https": "http://proxy:3128"})
    url = "https://storage.example/private/comunas.csv?sig=1"
    with system.use_context(trusted=True, http_session=session):
        report = validate(url, format="csv")
    # The signature in the query is a secret: the report names the URL without it.
    assert report.valid and report.tasks[0]["place"] == url.split("?")[0]
    assert report.tasks[0]["name"] == "comunas"
    assert session.calls == [(url, {"Authorization": "secret"}, {"http": "http://proxy:3128", "https": "http://proxy:3128"}, True)]
    from calidad import CalidadError

    with system.use_context(trusted=True, http_session=Session()):
        refused = validate(url)
    assert not refused.valid and "403" in refused.tasks[0]["errors"][0]["note"]
    assert CalidadError is not None
    # Outside the context, no session: the next download does not use it.
    assert system.http_session is None
