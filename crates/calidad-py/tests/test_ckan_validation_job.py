"""ckanext-validation's own background job with calidad in place of Frictionless.

The job is the extension's ``jobs.py`` as installed from PyPI (ckanext-validation 2.2.0), read
from the installed package and run with one line changed: its Frictionless import becomes
``from calidad.frictionless import …``. Nothing else of the job is copied or rewritten. Around
it, CKAN 2.11's real modules (the uploader, the toolkit's config, the SQLAlchemy session) run
with a SQLite database holding the extension's ``validation`` table; CKAN's actions
(``package_show``, ``resource_patch``…) are answered by a small in-memory portal, as they need a
running site's database and search index (the plugin's tests run inside a real CKAN).

Cases: an upload, a URL served on 127.0.0.1, a private dataset on cloud storage (the job sends
the site's key in an ``Authorization`` header), a download proxy (``ckan.download_proxy``); and
the stored reports against Frictionless' own (the same job, unmodified, with Frictionless 5) on
the Frictionless corpus.

These tests need CKAN, the extension and Frictionless installed (``scripts/python-tests.sh``
does it); without them they are skipped, saying so.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading
import types
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "testdata" / "transferencias_municipales.csv"
CORPUS = ROOT.parent / "shared" / "corpus" / "frictionless"

IMPORT_LINE = "from frictionless import validate, system, Report, Schema, Dialect, Check"
CALIDAD_LINE = "from calidad.frictionless import validate, system, Report, Schema, Dialect, Check"

try:
    import ckanext.validation as _extension  # noqa: F401
    from ckan.common import config as _ckan_config  # noqa: F401
    import frictionless as _frictionless  # noqa: F401
except ImportError as _missing:  # pragma: no cover - said loudly in the skip reason
    pytest.skip(
        f"CKAN, ckanext-validation or Frictionless is not installed ({_missing}); "
        "scripts/python-tests.sh installs them",
        allow_module_level=True,
    )


def load_job(calidad: bool) -> types.ModuleType:
    """The extension's installed jobs.py as a module: with calidad's import line, or as it is."""
    import ckanext.validation

    path = Path(ckanext.validation.__file__).with_name("jobs.py")
    source = path.read_text(encoding="utf-8")
    assert source.count(IMPORT_LINE) == 1, "the extension's import line changed"
    if calidad:
        source = source.replace(IMPORT_LINE, CALIDAD_LINE)
    module = types.ModuleType("ckanext.validation.jobs")
    module.__file__ = str(path)
    module.__package__ = "ckanext.validation"
    exec(compile(source, str(path), "exec"), module.__dict__)
    return module


class Portal:
    """CKAN's actions the job calls, over one dataset in memory."""

    def __init__(self, private: bool = False) -> None:
        self.dataset = {"id": "dataset-1", "name": "transferencias", "private": private,
                        "resources": []}
        self.resources: Dict[str, dict] = {}
        self.patches: List[dict] = []

    def add(self, **resource: Any) -> dict:
        resource.setdefault("id", str(uuid.uuid4()))
        resource.setdefault("package_id", self.dataset["id"])
        resource.setdefault("format", "CSV")
        self.resources[resource["id"]] = resource
        self.dataset["resources"].append(resource)
        return resource

    def action(self, name: str) -> Callable[[dict, dict], Any]:
        def resource_show(context: dict, data: dict) -> dict:
            return self.resources[data["id"]]

        def package_show(context: dict, data: dict) -> dict:
            return self.dataset

        def resource_patch(context: dict, data: dict) -> dict:
            self.patches.append(dict(data))
            self.resources[data["id"]].update(data)
            return self.resources[data["id"]]

        def get_site_user(context: dict, data: Optional[dict] = None) -> dict:
            return {"name": "site-user", "apikey": "site-user-key"}

        return {"resource_show": resource_show, "package_show": package_show,
                "resource_patch": resource_patch, "get_site_user": get_site_user}[name]


@pytest.fixture
def ckan_site(tmp_path, monkeypatch):
    """CKAN's config with a storage path, its session bound to a SQLite file with the
    extension's table, and requests not sent to any proxy from the environment."""
    import sqlalchemy
    from ckan.common import config
    from ckan.lib import uploader
    from ckan.model import Session
    from ckanext.validation.model import Validation

    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY",
                 "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    storage = tmp_path / "storage"
    storage.mkdir()
    saved = dict(config)
    config["ckan.storage_path"] = str(storage)
    config["ckan.max_resource_size"] = 100
    monkeypatch.setattr(uploader, "_storage_path", None, raising=False)
    monkeypatch.setattr(uploader, "_max_resource_size", None, raising=False)
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'ckan.db'}")
    Validation.__table__.create(engine)
    Session.remove()
    Session.configure(bind=engine)
    yield types.SimpleNamespace(config=config, storage=storage, session=Session,
                                validation=Validation)
    Session.remove()
    config.clear()
    config.update(saved)


def run_job(site, portal: Portal, resource: dict, calidad: bool = True) -> dict:
    """Runs the extension's job on `resource`; returns the stored validation row."""
    job = load_job(calidad)
    import ckantoolkit

    real = ckantoolkit.get_action
    ckantoolkit.get_action = portal.action
    try:
        job.run_validation_job(resource)
    finally:
        ckantoolkit.get_action = real
    row = site.session.query(site.validation).filter_by(resource_id=resource["id"]).one()
    report = row.report
    while isinstance(report, str):  # the job stores json.dumps(report) in a JSON column
        report = json.loads(report)
    return {"status": row.status, "report": report, "error": row.error}


def upload(site, portal: Portal, path: Path, **extra: Any) -> dict:
    """A resource uploaded to CKAN's file store (where the uploader says it lives)."""
    from ckan.lib import uploader

    resource = portal.add(url=f"http://portal.test/dataset/r/download/{path.name}",
                          url_type="upload", **extra)
    target = Path(uploader.get_resource_uploader(resource).get_path(resource["id"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    return resource


class Served:
    """A file served on 127.0.0.1, recording each request's path and headers; with
    `token`, a request without ``Authorization: token`` gets a 403. As a proxy
    (`proxy=True`), it answers absolute-URI requests for any host."""

    def __init__(self, body: bytes, token: Optional[str] = None) -> None:
        self.requests: List[tuple] = []
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.requests.append((self.path, dict(self.headers)))
                if token is not None and self.headers.get("Authorization") != token:
                    self.send_error(403)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_import_line_is_the_only_change():
    job = load_job(calidad=True)
    import calidad.frictionless

    assert job.validate is calidad.frictionless.validate
    assert job.Report is calidad.frictionless.Report
    assert job.system is calidad.frictionless.system


def test_an_upload(ckan_site):
    portal = Portal()
    resource = upload(ckan_site, portal, EXAMPLE)
    stored = run_job(ckan_site, portal, resource)
    assert stored["status"] == "failure", stored
    task = stored["report"]["tasks"][0]
    # The job replaces a local path with the resource's URL: the file store stays hidden.
    assert task["place"] == resource["url"]
    assert "storage" not in json.dumps(stored["report"])
    assert stored["report"]["valid"] is False and task["errors"]
    assert portal.patches[-1]["validation_status"] == "failure"
    assert isinstance(stored["report"]["stats"]["seconds"], float)
    # calidad's score and privacy ride in the task, for the plugin's page.
    assert 1 <= task["calidad"]["score"]["overall"] <= 10


def test_a_url_on_localhost(ckan_site):
    served = Served(EXAMPLE.read_bytes())
    try:
        portal = Portal()
        resource = portal.add(url=f"{served.url}/datos/transferencias.csv", url_type="")
        stored = run_job(ckan_site, portal, resource)
    finally:
        served.close()
    assert stored["status"] == "failure", stored
    task = stored["report"]["tasks"][0]
    assert task["place"] == resource["url"]
    assert task["name"] == "transferencias"
    assert [path for path, _ in served.requests] == ["/datos/transferencias.csv"]


def test_a_private_dataset_on_cloud_storage_sends_the_key(ckan_site, monkeypatch):
    """A cloud uploader (not CKAN's file store): the job downloads the resource's URL with the
    site's key in ``Authorization``, through the session it gives ``system.use_context``."""
    from ckan.lib import uploader

    class CloudUpload:
        def __init__(self, resource: dict) -> None:
            self.resource = resource

    monkeypatch.setattr(uploader, "get_resource_uploader", CloudUpload)
    # The released job evaluates `utils.get_site_user_api_key()` as the default of a config
    # lookup, and the release has no such function: every private dataset on cloud storage
    # fails with AttributeError before any validator runs, Frictionless' or calidad's. The
    # helper is supplied here (not in the job) so the case can be tested at all.
    from ckanext.validation import utils

    monkeypatch.setattr(utils, "get_site_user_api_key", lambda: "site-user-key", raising=False)
    ckan_site.config["ckanext.validation.pass_auth_header_value"] = "clave-del-sitio"
    served = Served(EXAMPLE.read_bytes(), token="clave-del-sitio")
    try:
        portal = Portal(private=True)
        resource = portal.add(url=f"{served.url}/privado/transferencias.csv", url_type="upload")
        stored = run_job(ckan_site, portal, resource)
        # With another key the file is refused.
        ckan_site.config["ckanext.validation.pass_auth_header_value"] = "otra"
        other = portal.add(url=f"{served.url}/privado/otra.csv", url_type="upload")
        refused = run_job(ckan_site, portal, other)
    finally:
        served.close()
    assert stored["status"] == "failure" and stored["report"]["tasks"][0]["errors"], stored
    assert served.requests[0][1].get("Authorization") == "clave-del-sitio"
    # Refused, the download is a failed report naming the status, as Frictionless gives one.
    assert refused["status"] == "failure", refused
    assert "403" in refused["report"]["tasks"][0]["errors"][0]["note"]


def test_a_download_proxy(ckan_site):
    """``ckan.download_proxy``: the job puts it on the session; the download goes through it."""
    origin = Served(b"never,read\n")
    proxy = Served(EXAMPLE.read_bytes())
    try:
        ckan_site.config["ckan.download_proxy"] = proxy.url
        portal = Portal()
        resource = portal.add(url=f"{origin.url}/datos/transferencias.csv", url_type="")
        stored = run_job(ckan_site, portal, resource)
    finally:
        origin.close()
        proxy.close()
    assert stored["status"] == "failure", stored
    assert origin.requests == []
    assert [path for path, _ in proxy.requests] == [resource["url"]]


# The fields of a Frictionless error, by error class, that a report page reads.
FIELDS = ("type", "rowNumber", "fieldNumber", "cells", "rowNumbers", "labels", "cell", "label",
          "fieldName")


def corpus_runs() -> List[tuple]:
    """Every CSV of the corpus as uploaded, and the corpus' runs with a schema (RUNS.tsv):
    (file, schema file or None)."""
    if not CORPUS.is_dir():
        return []
    runs = [(p, None) for p in sorted(CORPUS.iterdir()) if p.suffix == ".csv"]
    runs_file = CORPUS / "RUNS.tsv"
    if runs_file.is_file():
        for line in runs_file.read_text(encoding="utf-8").splitlines():
            columns = line.split("\t")
            if len(columns) == 3 and columns[2].startswith("--schema ") and columns[1].endswith(".csv"):
                schema = CORPUS / columns[2].split(" ", 1)[1]
                if "invalid" not in schema.name:
                    runs.append((CORPUS / columns[1], schema))
    return runs


def explained(key: tuple, ours: Dict[tuple, dict], our_task: dict) -> bool:
    """Whether an error only Frictionless reports is one of calidad's documented readings
    (docs/conformance.md): trailing blank rows are one `padding-rows`, a delimiter ending
    every line is a `trailing-delimiter` warning rather than a blank label, cells past the
    schema under an extra label are that label's finding, and a file Frictionless 5.18 cannot
    decode calidad reads in its real encoding (docs/frictionless-divergences.md)."""
    code = key[0]
    our_codes = {k[0] for k in ours} | {f["type"] for f in our_task.get("calidad", {}).get("findings", [])}
    if code == "blank-row":
        return bool({"padding-rows", "footer-rows"} & our_codes)
    if code == "blank-label":
        return "trailing-delimiter" in our_codes
    if code == "extra-cell":
        # Cells past a schema's fields under a header that has them: calidad reports the
        # extra label once, as Frictionless 5.21 does (5.18 adds an extra-cell per row).
        return ("extra-label", None, key[2]) in ours
    if code == "encoding-error":
        return bool(our_task.get("calidad", {}).get("encoding"))
    return False


def test_stored_reports_match_frictionless_on_its_corpus(ckan_site, record_property):
    """The same job, unmodified with Frictionless 5 and with calidad's import line, on every
    CSV of Frictionless' corpus and its runs with a schema: both store a report; each error
    both report is at the same place with the same fields and values (cells included); every
    other error Frictionless reports is one of calidad's documented readings, and calidad
    reports nothing more of a code both use."""
    runs = corpus_runs()
    if not runs:
        pytest.skip("../shared/corpus/frictionless is not present: the comparison did not run")
    matched = explained_count = extra = 0
    problems: List[str] = []
    for path, schema in runs:
        extra_fields = {"schema": schema.read_text(encoding="utf-8")} if schema else {}
        portal = Portal()
        theirs = run_job(ckan_site, portal, upload(ckan_site, portal, path, **extra_fields),
                         calidad=False)
        ours = run_job(ckan_site, portal, upload(ckan_site, portal, path, **extra_fields),
                       calidad=True)
        name = path.name + (f" + {schema.name}" if schema else "")
        if ours["status"] not in ("success", "failure"):
            problems.append(f"{name}: calidad's job ended as {ours['status']}: {ours['error']}")
            continue
        if theirs["status"] not in ("success", "failure"):
            continue
        their_errors = {(e["type"], e.get("rowNumber"), e.get("fieldNumber")): e
                        for t in theirs["report"]["tasks"] for e in t["errors"]}
        our_errors = {(e["type"], e.get("rowNumber"), e.get("fieldNumber")): e
                      for t in ours["report"]["tasks"] for e in t["errors"]}
        our_task = ours["report"]["tasks"][0]
        for key, their_error in their_errors.items():
            our_error = our_errors.get(key)
            if our_error is None:
                if explained(key, our_errors, our_task):
                    explained_count += 1
                else:
                    problems.append(f"{name} {key}: only in Frictionless' report")
                continue
            matched += 1
            for field in FIELDS:
                if (field in their_error) != (field in our_error) or (
                    field in ("cells", "labels", "rowNumbers", "type", "fieldNumber")
                    and their_error.get(field) != our_error.get(field)
                ):
                    problems.append(f"{name} {key} {field}: "
                                    f"{their_error.get(field)!r} vs {our_error.get(field)!r}")
        their_codes = {key[0] for key in their_errors}
        for key in our_errors:
            if key not in their_errors and key[0] in their_codes:
                extra += 1
                problems.append(f"{name} {key}: only in calidad's report")
    summary = (f"{len(runs)} runs: {matched} errors at the same place with the same fields, "
               f"{explained_count} of Frictionless' read otherwise by calidad (documented), "
               f"{extra} only in calidad's of a code both report; {len(problems)} problems")
    record_property("comparison", summary)
    print(summary, file=sys.stderr)
    assert matched > 30
    assert not problems, "\n".join(problems[:40])


def test_the_extensions_report_page_highlights_calidads_cells(ckan_site):
    """The extension's own report component (its bundled frictionless-components, in headless
    Chromium) renders the reports calidad's job stored: no "broken report", the bad cells
    highlighted as for Frictionless' reports of the same files, column findings drawn on the
    header, and no raw personal value on the page. Screenshots: target/ckan-report/*.png."""
    import shutil
    import subprocess

    import ckanext.validation

    assets = (Path(ckanext.validation.__file__).parent / "webassets" / "vendor"
              / "frictionless-components")
    script = ROOT / "web" / "tests" / "ckan-report.mjs"
    chromium = Path("/usr/bin/chromium")
    if shutil.which("node") is None or not chromium.exists() or not (
        ROOT / "web" / "tests" / "node_modules" / "playwright-core"
    ).is_dir():
        pytest.skip("node, Chromium or web/tests/node_modules is missing "
                    "(scripts/web-test.sh installs them): the report page was not rendered")
    out = ROOT / "target" / "ckan-report"
    out.mkdir(parents=True, exist_ok=True)
    people = ROOT / "testdata" / "atenciones_sinteticas.csv"
    cases = [("ejemplo", EXAMPLE, None), ("personas", people, None)]
    if CORPUS.is_dir():
        cases += [("capital", CORPUS / "capital-invalid.csv", None),
                  ("unique", CORPUS / "unique-field.csv", CORPUS / "unique-field.json")]
    files, stored = [], {}
    for name, path, schema in cases:
        for validator in ("calidad", "frictionless"):
            if validator == "frictionless" and name in ("ejemplo", "personas"):
                continue
            portal = Portal()
            extra = {"schema": schema.read_text(encoding="utf-8")} if schema else {}
            result = run_job(ckan_site, portal, upload(ckan_site, portal, path, **extra),
                             calidad=validator == "calidad")
            target = out / f"{name}-{validator}.json"
            target.write_text(json.dumps(result["report"]), encoding="utf-8")
            files.append(str(target))
            stored[(name, validator)] = result["report"]
    run = subprocess.run(["node", str(script), str(assets), *files], capture_output=True,
                         text=True, timeout=300, cwd=script.parent)
    assert run.returncode == 0, run.stderr[-3000:]
    seen = {}
    for line in run.stdout.splitlines():
        result = json.loads(line)
        name, validator = Path(result["file"]).stem.rsplit("-", 1)
        seen[(name, validator)] = result
    for (name, validator), report in stored.items():
        page = seen[(name, validator)]
        assert page["problems"] == [], (name, validator, page["problems"])
        assert not page["broken"], (name, validator, page["text"][:300])
        if validator != "calidad":
            continue
        errors = report["tasks"][0]["errors"]
        assert page["groups"] == len({e["type"] for e in errors}), (name, page["groups"])
        for error in errors:
            if error.get("cell") is not None and error.get("rowNumber") is not None:
                # The page shows cells trimmed.
                assert error["cell"].strip() in page["failCells"], (name, error["type"], error["cell"])
        if (name, "frictionless") in seen:
            assert sorted(page["failCells"]) == sorted(seen[(name, "frictionless")]["failCells"]), name
    # Column findings (personal data in a column) are drawn on the header, that column marked.
    personas = seen[("personas", "calidad")]
    labels = stored[("personas", "calidad")]["tasks"][0]["labels"]
    column_errors = [e for e in stored[("personas", "calidad")]["tasks"][0]["errors"]
                     if e.get("fieldNumber") and e.get("rowNumber") is None]
    assert column_errors, "the people file has no column finding"
    for error in column_errors:
        assert labels[error["fieldNumber"] - 1] in personas["failCells"], error["type"]
    # Nothing of the people file's personal values reaches the page.
    import csv

    with people.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for column in ("rut", "correo", "nombre_completo"):
        for row in rows[:50]:
            value = (row.get(column) or "").strip()
            assert len(value) >= 6, (column, "the people file changed")
            assert value not in personas["text"], (column, "a raw value is on the page")
