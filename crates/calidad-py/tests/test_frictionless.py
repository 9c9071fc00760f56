"""calidad.frictionless.validate: the call CKAN's validation extension makes, unchanged."""

import http.server
import json
import threading

import pytest

from calidad.frictionless import Report, validate
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
    with pytest.raises(TypeError, match="unsupported option"):
        validate(str(EXAMPLE), limit_memory=100)
    with pytest.raises(ValueError, match="header row"):
        validate(str(EXAMPLE), dialect={"header": False})


def test_url_sources_are_fetched():
    body = COMUNAS.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/comunas.csv":
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
        from calidad import CalidadError

        with pytest.raises(CalidadError, match="cannot download .*404"):
            validate(f"http://127.0.0.1:{server.server_port}/missing.csv")
    finally:
        server.shutdown()
