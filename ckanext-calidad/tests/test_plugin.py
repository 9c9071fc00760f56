"""ckanext-calidad inside a running CKAN 2.11 (started by scripts/ckan-plugin-test.sh, with
PostgreSQL and Redis from Debian and CKAN's job worker): datasets and resources are created
through CKAN's API as a portal's users create them, and what the plugin stores and shows is
read back through the API, the resource page's HTML and headless Chromium.

Server A: Spanish, validation through the job queue. Server B: English, validation in the
request, refuses uploads with personal data or a mark under 9."""

from __future__ import annotations

import datetime
import http.server
import json
import os
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Optional

import pytest
import requests

import calidad

URL_A = os.environ.get("CKAN_URL_A")
URL_B = os.environ.get("CKAN_URL_B")
TOKEN = os.environ.get("CKAN_TOKEN", "")
ROOT = Path(os.environ.get("CALIDAD_ROOT", Path(__file__).resolve().parents[2]))
EXAMPLE = ROOT / "testdata" / "transferencias_municipales.csv"
PEOPLE = ROOT / "testdata" / "atenciones_sinteticas.csv"
COMUNAS = ROOT / "testdata" / "comunas.csv"
SHOTS = ROOT / "target" / "ckan-plugin"

if not URL_A or not URL_B:
    pytest.skip("no running CKAN: run scripts/ckan-plugin-test.sh (it starts one)",
                allow_module_level=True)


def action(base: str, name: str, data: Optional[dict] = None, files: Optional[dict] = None,
           expect: int = 200) -> Any:
    """Calls a CKAN action as the test's sysadmin; returns its result (or the error body when
    `expect` is not 200)."""
    headers = {"Authorization": TOKEN}
    if files:
        response = requests.post(f"{base}/api/3/action/{name}", data=data, files=files,
                                 headers=headers, timeout=120)
    else:
        response = requests.post(f"{base}/api/3/action/{name}", json=data or {},
                                 headers=headers, timeout=120)
    assert response.status_code == expect, (name, response.status_code, response.text[:2000])
    body = response.json()
    return body["result"] if expect == 200 else body


RICH = {
    "notes": "Transferencias de recursos a municipios del país, por comuna y fecha, con el monto y la "
             "tasa de ejecución informada. Fuente: registros administrativos de la subsecretaría.",
    "license_id": "cc-by",
    "author": "Subsecretaría de Desarrollo Regional",
    "maintainer": "Unidad de Datos Abiertos",
    "maintainer_email": "datos@example.gob.cl",
    "tags": [{"name": "municipios"}, {"name": "transferencias"}, {"name": "presupuesto"}],
    "version": "2024-1",
}


def dataset(base: str, rich: bool = True) -> dict:
    name = f"prueba-{uuid.uuid4().hex[:10]}"
    fields = dict(RICH) if rich else {}
    return action(base, "package_create", {"name": name, "title": f"Transferencias {name}", **fields})


def upload(base: str, package: dict, path: Path, expect: int = 200, **extra: str) -> Any:
    with path.open("rb") as handle:
        return action(base, "resource_create",
                      {"package_id": package["id"], "name": path.name, "format": "CSV", **extra},
                      files={"upload": (path.name, handle, "text/csv")}, expect=expect)


def stored(base: str, resource_id: str, timeout: float = 120) -> dict:
    """Waits for the plugin's report on a resource (the job worker runs it)."""
    deadline = time.monotonic() + timeout
    while True:
        response = requests.get(f"{base}/api/3/action/calidad_report_show",
                                params={"id": resource_id}, headers={"Authorization": TOKEN},
                                timeout=30)
        if response.status_code == 200:
            result = response.json()["result"]
            if result["status"] in ("done", "error"):
                return result
        assert time.monotonic() < deadline, f"no report after {timeout} s: {response.text[:500]}"
        time.sleep(0.5)


def page(base: str, package: dict, resource: dict, shot: str) -> dict:
    """The resource page in headless Chromium (web/tests/ckan-page.mjs): what the block says."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = f"{base}/dataset/{package['name']}/resource/{resource['id']}"
    script = ROOT / "web" / "tests" / "ckan-page.mjs"
    run = subprocess.run(["node", str(script), url, str(SHOTS / f"{shot}.png")],
                         capture_output=True, text=True, timeout=120, cwd=script.parent)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200 and seen["errors"] == [], seen
    return seen


def expected_report(package: dict, resource: dict, path: Path, lang: str = "es") -> dict:
    """What calidad says of the file with the dataset's metadata (as the plugin passes it)."""
    shown = action(URL_A, "package_show", {"id": package["id"]})
    resource = next(r for r in shown["resources"] if r["id"] == resource["id"])
    return calidad.Validator(lang=lang, metadata=dict(shown, resources=[resource]),
                             as_of=datetime.date.today().isoformat()).validate(path)


def test_an_upload_is_validated_by_the_job_and_shown_on_its_page():
    package = dataset(URL_A)
    resource = upload(URL_A, package, EXAMPLE)
    result = stored(URL_A, resource["id"])
    assert result["status"] == "done", result
    report = result["report"]
    score = report["tasks"][0]["calidad"]["score"]
    # The mark is calidad's for this file with this dataset's metadata.
    assert score["overall"] == expected_report(package, resource, EXAMPLE)["tasks"][0]["calidad"]["score"]["overall"]
    seen = page(URL_A, package, resource, "a-transferencias")
    assert seen["visible"], seen["text"][:500]
    mark = f"{score['overall']:.1f}".replace(".", ",")
    assert seen["mark"] == mark
    text = seen["text"]
    for words in ("Calidad de los datos", "de 10", "Estructura", "Completitud", "Coherencia",
                  "Accesibilidad", "Consistencia", "Privacidad", "Qué hacer",
                  "El archivo está publicado, pero tiene", "Editar recurso"):
        assert words in text, (words, text[:1500])
    # The recommendations are calidad's own, in Spanish.
    assert score["recommendations"] and score["recommendations"][0]["message"] in text


def test_the_dataset_metadata_counts_in_the_mark():
    rich, bare = dataset(URL_A, rich=True), dataset(URL_A, rich=False)
    marks = {}
    for name, package in (("rich", rich), ("bare", bare)):
        resource = upload(URL_A, package, COMUNAS)
        report = stored(URL_A, resource["id"])["report"]
        marks[name] = report["tasks"][0]["calidad"]["score"]["dimensions"]["accesibilidad"]["score"]
    assert marks["rich"] > marks["bare"], marks


def test_personal_data_is_shown_masked_and_never_raw():
    package = dataset(URL_A)
    resource = upload(URL_A, package, PEOPLE)
    result = stored(URL_A, resource["id"])
    assert result["status"] == "done", result
    seen = page(URL_A, package, resource, "a-personas")
    text = seen["text"]
    assert "Datos personales encontrados" in text and "RUT/RUN" in text, text[:2000]
    assert "45.***.***-0" in text, "the masked examples are shown"
    # The verdict says the file is out there with people's data, and what to do today.
    assert "cualquiera puede descargarlo" in text, text[:1500]
    # Health data is not shown at all, not even masked.
    assert "dato sensible (salud)" in text and "(oculto: dato sensible)" in text, text[:3000]
    html = requests.get(f"{URL_A}/dataset/{package['name']}/resource/{resource['id']}", timeout=60).text
    raw = [line.split(";")[:3] for line in PEOPLE.read_text(encoding="utf-8").splitlines()[1:]]
    stored_json = json.dumps(result, ensure_ascii=False)
    for rut, name, email in raw:
        for value in (rut, name, email):
            assert value not in seen["pageText"] and value not in html, "a raw value is on the page"
            assert value not in stored_json, "a raw value is in the stored report"


def test_a_url_resource_is_downloaded_and_validated():
    body = COMUNAS.read_bytes()
    seen_paths = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen_paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        package = dataset(URL_A)
        url = f"http://127.0.0.1:{server.server_port}/datos/comunas.csv?token=secreto"
        resource = action(URL_A, "resource_create",
                          {"package_id": package["id"], "name": "comunas", "url": url, "format": "CSV"})
        result = stored(URL_A, resource["id"])
    finally:
        server.shutdown()
    assert result["status"] == "done", result
    assert result["report"]["valid"] is True
    assert seen_paths == ["/datos/comunas.csv?token=secreto"]
    assert "secreto" not in json.dumps(result)


def test_an_upload_with_personal_data_is_refused_with_a_clear_message():
    package = dataset(URL_B)
    error = upload(URL_B, package, PEOPLE, expect=409)["error"]
    message = " ".join(error.get("upload", []))
    assert "people's data" in message and "«rut»" in message and "«correo»" in message, error
    # The health column is named too: removing only the identifiers would not be enough.
    assert "«diagnostico»" in message, error
    for line in PEOPLE.read_text(encoding="utf-8").splitlines()[1:20]:
        for value in line.split(";")[:3]:
            assert value not in json.dumps(error, ensure_ascii=False)
    assert action(URL_B, "package_show", {"id": package["id"]})["resources"] == []


def test_an_upload_under_the_minimum_mark_is_refused():
    """Server B asks for at least 9: the example (errors to fix, a title over the header)
    is refused with its mark and calidad's first recommendation."""
    package = dataset(URL_B)
    mark = calidad.Validator(lang="en", metadata=package).validate(EXAMPLE)
    mark = mark["tasks"][0]["calidad"]["score"]["overall"]
    assert mark < 9, f"the example's mark is {mark}: the test needs one under 9"
    error = upload(URL_B, package, EXAMPLE, expect=409)["error"]
    message = " ".join(error.get("upload", []))
    assert f"its quality mark is {mark:.1f} out of 10" in message and "at least 9.0" in message, error
    assert action(URL_B, "package_show", {"id": package["id"]})["resources"] == []


def test_an_accepted_upload_on_the_english_site():
    package = dataset(URL_B)
    resource = upload(URL_B, package, COMUNAS)
    result = stored(URL_B, resource["id"], timeout=30)
    assert result["status"] == "done"
    # Reading the upload to check it left CKAN's copy whole.
    stored_file = requests.get(resource["url"], headers={"Authorization": TOKEN}, timeout=60)
    assert stored_file.status_code == 200 and stored_file.content == COMUNAS.read_bytes()
    # Tasks are named after the resource, never the file store's path.
    assert result["report"]["tasks"][0]["place"] == resource["url"]
    assert "storage" not in json.dumps(result["report"])
    seen = page(URL_B, package, resource, "b-comunas")
    for words in ("Data quality", "out of 10", "Structure", "Privacy", "No personal data found"):
        assert words in seen["text"], (words, seen["text"][:1500])


def test_a_private_datasets_report_is_not_shown_to_strangers():
    package = action(URL_A, "package_create", {"name": f"privado-{uuid.uuid4().hex[:10]}",
                                               "private": True, "owner_org": organization()["id"]})
    resource = upload(URL_A, package, COMUNAS)
    assert stored(URL_A, resource["id"])["status"] == "done"
    anonymous = requests.get(f"{URL_A}/api/3/action/calidad_report_show",
                             params={"id": resource["id"]}, timeout=30)
    assert anonymous.status_code == 403, anonymous.text[:500]
    page = requests.get(f"{URL_A}/dataset/{package['name']}/resource/{resource['id']}", timeout=30)
    assert page.status_code in (403, 404) and "Calidad de los datos" not in page.text


_organization: dict = {}


def organization() -> dict:
    """One organisation for the private datasets (CKAN keeps private datasets in one)."""
    if not _organization:
        _organization.update(action(URL_A, "organization_create",
                                    {"name": f"municipio-{uuid.uuid4().hex[:8]}"}))
    return _organization

