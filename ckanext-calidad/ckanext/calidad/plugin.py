"""ckanext-calidad: calidad's verdict on each resource, inside CKAN.

- On resource create and update (a file uploaded or a URL), the resource is validated through
  CKAN's job queue (``ckan jobs worker``), or in the request with
  ``ckanext.calidad.synchronous = true``; the dataset's ``package_show`` goes with it, so the
  mark's metadata indicators count. The report is kept in the ``calidad_report`` table.
- The resource page shows the 1-10 mark, the six dimensions, what limits the mark, the
  recommendations and the personal data found (masked examples only), in Spanish or English
  (``ckanext.calidad.lang``).
- ``ckanext.calidad.block_on_privacy_error`` and ``ckanext.calidad.min_score`` refuse an upload
  before CKAN stores it, with a message that says why and never shows a value.
- The ``calidad_report_show`` action returns the stored report to whoever may see the resource.
"""

from __future__ import annotations

import logging
import os
import tempfile
from typing import Any, Optional

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import jobs, model, view
from .settings import Settings

log = logging.getLogger(__name__)

#: Codes that are personal data found as an error.
PRIVACY_CODES = {"personal-data", "personal-data-in-text", "sensitive-data-exposed", "sensitive-data"}


@tk.blanket.config_declarations
class CalidadPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)

    # IConfigurer

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")

    # IResourceController

    def before_resource_create(self, context: dict, resource: dict) -> None:
        self._refuse_if_needed(context, resource)

    def before_resource_update(self, context: dict, current: dict, resource: dict) -> None:
        self._refuse_if_needed(context, resource)

    def after_resource_create(self, context: dict, resource: dict) -> None:
        self._validate_later(resource)

    def after_resource_update(self, context: dict, resource: dict) -> None:
        self._validate_later(resource)

    def _validate_later(self, resource: dict) -> None:
        settings = Settings.from_config()
        if _format(resource) not in settings.formats:
            return
        jobs.queue(resource["id"], settings)

    def _refuse_if_needed(self, context: dict, resource: dict) -> None:
        """Refuses an upload with personal data (``block_on_privacy_error``) or under the
        minimum mark (``min_score``): ValidationError on the upload field, values never shown.
        The upload is copied to a temporary file in chunks (never whole in memory), up to
        CKAN's own upload limit, and its stream is put back where it was."""
        settings = Settings.from_config()
        if not settings.block_on_privacy_error and settings.min_score is None:
            return
        upload = resource.get("upload")
        stream = getattr(upload, "stream", None) or getattr(upload, "file", None)
        if stream is None or not hasattr(stream, "read") or not hasattr(stream, "seek"):
            return
        filename = getattr(upload, "filename", "") or resource.get("name") or ""
        if _format(resource, filename) not in settings.formats:
            return
        limit = min(settings.max_bytes,
                    int(tk.config.get("ckan.max_resource_size") or 10) * 1024 * 1024)
        start = stream.tell()
        suffix = os.path.splitext(filename)[1][:10]
        handle, path = tempfile.mkstemp(prefix="calidad-upload-", suffix=suffix)
        try:
            copied = 0
            with os.fdopen(handle, "wb") as out:
                while copied <= limit:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    copied += len(chunk)
                    out.write(chunk)
            stream.seek(start)
            if copied > limit:
                return  # CKAN refuses it as too large, with its own message
            dataset = None
            package_id = resource.get("package_id")
            if package_id:
                try:
                    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
                except tk.ObjectNotFound:
                    dataset = None
            report = jobs.report_of_upload(path, filename, dataset, resource, settings)
        finally:
            os.unlink(path)
        reason = refusal(report, settings)
        if reason:
            raise tk.ValidationError({"upload": [reason]})

    # ITemplateHelpers

    def get_helpers(self) -> dict:
        return {"calidad_view": calidad_view}

    # IActions / IAuthFunctions

    def get_actions(self) -> dict:
        return {"calidad_report_show": calidad_report_show}

    def get_auth_functions(self) -> dict:
        return {"calidad_report_show": calidad_report_show_auth}


def _format(resource: dict, filename: str = "") -> str:
    fmt = (resource.get("format") or "").strip().lower()
    if not fmt:
        name = filename or (resource.get("url") or "").split("?")[0]
        fmt = os.path.splitext(name)[1].lstrip(".").lower()
    return fmt


def refusal(report: dict, settings: Settings) -> Optional[str]:
    """Why an upload is refused, in the configured language, or None. Names the columns to
    remove (people's data, and sensitive data such as health) and the mark, never a value."""
    tasks = report.get("tasks") or []
    es = settings.lang == "es"
    if settings.block_on_privacy_error:
        personal: list = []
        sensitive: list = []
        found = False
        for task in tasks:
            for error in task.get("errors", []):
                if error.get("type") in view.PERSONAL_ERRORS:
                    found = True
                    name = error.get("fieldName")
                    if name and name not in personal:
                        personal.append(name)
            block = (task.get("calidad") or {}).get("privacy") or {}
            for field in block.get("fields") or []:
                name = field.get("fieldName")
                if field.get("category") in view.SENSITIVE and name and name not in sensitive:
                    sensitive.append(name)
        if found:
            listed = lambda names: ", ".join(f"«{n}»" for n in names[:8])  # noqa: E731
            if es:
                parts = []
                if personal:
                    parts.append(f"datos de personas en las columnas {listed(personal)}")
                if sensitive:
                    parts.append(f"datos sensibles (como salud) en {listed(sensitive)}")
                what = " y ".join(parts) or "datos de personas"
                return (f"El portal no aceptó el archivo porque contiene {what}. Quite esas "
                        "columnas o reemplácelas por un número correlativo que no identifique a "
                        "nadie, y súbalo de nuevo.")
            parts = []
            if personal:
                parts.append(f"people's data in columns {listed(personal)}")
            if sensitive:
                parts.append(f"sensitive data (such as health) in {listed(sensitive)}")
            what = " and ".join(parts) or "people's data"
            return (f"The portal did not accept the file because it holds {what}. Remove those "
                    "columns or replace them with a sequential number that identifies nobody, "
                    "and upload it again.")
    if settings.min_score is not None:
        marks = [((t.get("calidad") or {}).get("score") or {}).get("overall") for t in tasks]
        marks = [m for m in marks if m is not None]
        if marks and min(marks) < settings.min_score:
            worst = min(marks)
            first = next(((t.get("calidad") or {}).get("score") or {}).get("recommendations") or []
                         for t in tasks)
            advice = f" {first[0]['message'].rstrip('.')}." if first else ""
            if es:
                return (f"El portal no aceptó el archivo: su nota de calidad es "
                        f"{view.number(worst, 'es')} de 10 y el portal pide al menos "
                        f"{view.number(settings.min_score, 'es')}. Lo primero que conviene "
                        f"arreglar:{advice}")
            return (f"The portal did not accept the file: its quality mark is {worst:.1f} out of "
                    f"10 and the portal asks for at least {settings.min_score:.1f}. The first "
                    f"thing to fix:{advice}")
    return None


def calidad_view(resource_id: str, private: bool = False) -> dict:
    """The resource page's block for a resource of a dataset (private or not): template
    helper."""
    settings = Settings.from_config()
    return view.view(model.load(resource_id), settings.lang, settings.privacy, bool(private))


@tk.side_effect_free
def calidad_report_show(context: dict, data_dict: dict) -> dict:
    """The stored calidad report of a resource: ``status`` (queued, running, done, error),
    ``report`` (calidad's JSON report, masked), ``error``, ``updated``.

    :param id: the resource's id
    """
    resource_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("calidad_report_show", context, {"id": resource_id})
    stored = model.load(resource_id)
    if stored is None:
        raise tk.ObjectNotFound("no calidad report for this resource")
    return stored


@tk.auth_allow_anonymous_access
def calidad_report_show_auth(context: dict, data_dict: dict) -> dict:
    """Whoever may see the resource may see its report."""
    try:
        tk.check_access("resource_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": "not authorised to see this resource"}
    return {"success": True}
