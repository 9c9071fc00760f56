"""Validating a resource: its uploaded file or its URL, with the dataset's metadata so the
mark's metadata indicators count. Runs in CKAN's job worker (or in the request when
``ckanext.calidad.synchronous`` is on); the report is stored, never printed or logged."""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
from typing import Optional, Tuple

import ckan.lib.uploader as uploader
import ckan.plugins.toolkit as tk
import requests

import calidad
from calidad.frictionless import public_url, without_url_secrets

from . import model
from .settings import Settings

log = logging.getLogger(__name__)

#: Seconds a download may stay silent.
DOWNLOAD_TIMEOUT = 60
#: Seconds a validation job may run in the worker before rq stops it.
JOB_TIMEOUT = 3600


def validator(settings: Settings, dataset: Optional[dict], resource: dict,
              fmt: Optional[str] = None) -> calidad.Validator:
    """calidad's validator for a resource of `dataset`: its metadata is the dataset with this
    resource only, so the score's metadata indicators read the right resource. `fmt` names
    in-memory sources (an upload's bytes)."""
    # Only the resource's metadata: an upload in progress also carries the file object.
    plain = {k: v for k, v in resource.items()
             if k != "upload" and isinstance(v, (str, int, float, bool, list, dict, type(None)))}
    metadata = dict(dataset, resources=[plain]) if dataset else None
    return calidad.Validator(
        lang=settings.lang,
        privacy=settings.privacy,
        score=settings.score,
        metadata=metadata,
        as_of=datetime.date.today().isoformat(),
        format=fmt,
        memory_limit=settings.memory_limit,
    )


def validate_resource(resource_id: str) -> None:
    """Validates resource `resource_id` and stores its report (or why there is none). Never
    leaves the resource "running": any failure is stored as an error."""
    context = {"ignore_auth": True}
    settings = Settings.from_config()
    try:
        resource = tk.get_action("resource_show")(context, {"id": resource_id})
        dataset = tk.get_action("package_show")(context, {"id": resource["package_id"]})
    except tk.ObjectNotFound:
        return
    model.save(resource_id, "running")
    path, temporary = None, False
    try:
        path, temporary = _local_copy(resource, dataset, settings)
        report = validator(settings, dataset, resource).validate(path)
    except BaseException as problem:  # noqa: B902 - a panic in the engine is a BaseException
        message = _failure_message(problem, path, resource, settings)
        model.save(resource_id, "error", error=message)
        if not isinstance(problem, Exception):
            raise
        log.warning("calidad: resource %s not validated: %s", resource_id, type(problem).__name__)
        return
    finally:
        if temporary and path:
            try:
                os.unlink(path)
            except OSError:
                pass
    _hide_paths(report, resource)
    model.save(resource_id, "done", report=report)
    log.info("calidad: resource %s validated", resource_id)


def _failure_message(problem: BaseException, path: Optional[str], resource: dict,
                     settings: Settings) -> str:
    """Why a resource has no report, for its page: no server path, no URL query."""
    if isinstance(problem, (_Download, calidad.CalidadError)):
        text = str(problem)
        if path:
            text = text.replace(path, resource.get("name") or "el archivo")
        return without_url_secrets(text)
    if settings.lang == "es":
        return "error inesperado al revisar el archivo; el administrador del portal puede ver el registro del trabajo"
    return "unexpected error while checking the file; the portal's administrator can read the job's log"


def _hide_paths(report: dict, resource: dict) -> None:
    """Tasks are named after the resource, not the file store's or a temporary path."""
    place = public_url(resource.get("url") or "") or resource.get("name") or ""
    for task in report.get("tasks") or []:
        task["place"] = place
        task["name"] = resource.get("name") or task.get("name")


class _Download(Exception):
    """A resource URL that could not be downloaded (the message names the URL without its
    query or credentials)."""


def _local_copy(resource: dict, dataset: dict, settings: Settings) -> Tuple[str, bool]:
    """A path to the resource's bytes, and whether it is a temporary copy: the file store's
    own file for uploads, or a download of its URL (through ``ckan.download_proxy``; a private
    dataset's upload on cloud storage with ``ckanext.calidad.auth_header``, sent to no other
    URL)."""
    is_upload = resource.get("url_type") == "upload"
    if is_upload:
        upload = uploader.get_resource_uploader(resource)
        if isinstance(upload, uploader.ResourceUpload):
            return upload.get_path(resource["id"]), False
    url = resource.get("url") or ""
    public = public_url(url)
    if not url.startswith(("http://", "https://")):
        raise _Download(f"the resource has no file and no http(s) URL: {public!r}")
    session = requests.Session()
    proxy = tk.config.get("ckan.download_proxy")
    if proxy:
        session.proxies.update({"http": proxy, "https": proxy})
    if is_upload and dataset.get("private") and settings.auth_header:
        session.headers["Authorization"] = settings.auth_header
    suffix = os.path.splitext(public)[1][:10]
    handle, path = tempfile.mkstemp(prefix="calidad-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out, \
                session.get(url, stream=True, timeout=DOWNLOAD_TIMEOUT) as response:
            response.raise_for_status()
            copied = 0
            for chunk in response.iter_content(chunk_size=1 << 20):
                copied += len(chunk)
                if copied > settings.max_bytes:
                    raise _Download(f"{public} is larger than {settings.max_bytes} bytes")
                out.write(chunk)
    except requests.RequestException as error:
        os.unlink(path)
        status = getattr(getattr(error, "response", None), "status_code", None)
        raise _Download(f"cannot download {public}" + (f": HTTP {status}" if status else "")) from None
    except BaseException:
        os.unlink(path)
        raise
    return path, True


def report_of_upload(path: str, filename: str, dataset: Optional[dict], resource: dict,
                     settings: Settings) -> dict:
    """calidad's report on an upload (copied to `path`) before CKAN stores it, for refusals."""
    fmt = os.path.splitext(filename)[1].lstrip(".").lower() or (resource.get("format") or "csv").lower()
    return validator(settings, dataset, resource, fmt).validate(path)


def queue(resource_id: str, settings: Settings) -> None:
    """Validates now or through the job queue, as configured."""
    model.save(resource_id, "queued")
    if settings.synchronous:
        validate_resource(resource_id)
    else:
        tk.enqueue_job(validate_resource, [resource_id], title=f"calidad {resource_id}",
                       rq_kwargs={"timeout": JOB_TIMEOUT})
