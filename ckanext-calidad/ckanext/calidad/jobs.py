"""Validating a resource: its uploaded file or its URL, with the dataset's metadata so the
mark's metadata indicators count. Runs in CKAN's job worker (or in the request when
``ckanext.calidad.synchronous`` is on); the report is stored, never printed or logged."""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
from typing import Optional

import ckan.lib.uploader as uploader
import ckan.plugins.toolkit as tk
import requests

import calidad

from . import model
from .settings import Settings

log = logging.getLogger(__name__)

#: Seconds a download may stay silent.
DOWNLOAD_TIMEOUT = 60


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
    )


def validate_resource(resource_id: str) -> None:
    """Validates resource `resource_id` and stores its report (or why there is none)."""
    context = {"ignore_auth": True}
    settings = Settings.from_config()
    try:
        resource = tk.get_action("resource_show")(context, {"id": resource_id})
        dataset = tk.get_action("package_show")(context, {"id": resource["package_id"]})
    except tk.ObjectNotFound:
        return
    model.save(resource_id, "running")
    try:
        report = validator(settings, dataset, resource).validate(_local_copy(resource, dataset, settings))
    except _Download as problem:
        model.save(resource_id, "error", error=str(problem))
        return
    except calidad.CalidadError as problem:
        model.save(resource_id, "error", error=str(problem))
        return
    finally:
        _cleanup()
    model.save(resource_id, "done", report=report)
    log.info("calidad: resource %s validated", resource_id)


class _Download(Exception):
    """A resource URL that could not be downloaded (the message names the URL without its
    query)."""


_temporary: list = []


def _cleanup() -> None:
    while _temporary:
        path = _temporary.pop()
        try:
            os.unlink(path)
        except OSError:
            pass


def _local_copy(resource: dict, dataset: dict, settings: Settings) -> str:
    """A path to the resource's bytes: the file store's own file for uploads, or a download
    of its URL (through ``ckan.download_proxy``, with ``ckanext.calidad.auth_header`` for
    private datasets)."""
    if resource.get("url_type") == "upload":
        upload = uploader.get_resource_uploader(resource)
        if isinstance(upload, uploader.ResourceUpload):
            return upload.get_path(resource["id"])
    url = resource.get("url") or ""
    public = url.split("?")[0].split("#")[0]
    if not url.startswith(("http://", "https://")):
        raise _Download(f"the resource has no file and no http(s) URL: {public!r}")
    session = requests.Session()
    proxy = tk.config.get("ckan.download_proxy")
    if proxy:
        session.proxies.update({"http": proxy, "https": proxy})
    if dataset.get("private") and settings.auth_header:
        session.headers["Authorization"] = settings.auth_header
    suffix = os.path.splitext(public)[1][:10]
    handle, path = tempfile.mkstemp(prefix="calidad-", suffix=suffix)
    _temporary.append(path)
    try:
        with session.get(url, stream=True, timeout=DOWNLOAD_TIMEOUT) as response, \
                os.fdopen(handle, "wb") as out:
            response.raise_for_status()
            copied = 0
            for chunk in response.iter_content(chunk_size=1 << 20):
                copied += len(chunk)
                if copied > settings.max_bytes:
                    raise _Download(f"{public} is larger than {settings.max_bytes} bytes")
                out.write(chunk)
    except requests.RequestException as error:
        status = getattr(getattr(error, "response", None), "status_code", None)
        raise _Download(f"cannot download {public}" + (f": HTTP {status}" if status else "")) from None
    return path


def report_of_upload(data: bytes, filename: str, dataset: Optional[dict], resource: dict,
                     settings: Settings) -> dict:
    """calidad's report on an upload's bytes, before CKAN stores them (for refusals)."""
    fmt = os.path.splitext(filename)[1].lstrip(".").lower() or (resource.get("format") or "csv").lower()
    return validator(settings, dataset, resource, fmt).validate(data)


def queue(resource_id: str, settings: Settings) -> None:
    """Validates now or through the job queue, as configured."""
    model.save(resource_id, "queued")
    if settings.synchronous:
        validate_resource(resource_id)
    else:
        tk.enqueue_job(validate_resource, [resource_id], title=f"calidad {resource_id}")
