"""Drop-in for ``frictionless.validate`` as CKAN's validation extension calls it.

ckanext-validation runs, in a background job::

    from frictionless import validate
    report = validate(source, format=_format, schema=schema, **options)
    report = report.to_dict()

Changing the import to ``from calidad.frictionless import validate`` is the whole swap: the same
arguments are accepted (a Frictionless schema dict, ``Schema`` object or JSON text; the
``checks``, ``skip_errors``, ``pick_errors``, ``limit_errors`` and ``dialect`` options), and the
result has ``.valid`` and ``.to_dict()`` giving a Frictionless v5 report, with calidad's privacy
findings and score in each task's ``calidad`` block. ``source`` may also be an ``http(s)`` URL,
fetched to a temporary file as Frictionless would.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.request
from typing import Any, List, Mapping, Optional, Sequence

from . import CalidadError, Validator, _descriptor

__all__ = ["validate", "Report"]

#: Options Frictionless' ``validate`` takes that calidad honours, and calidad's own.
_OPTIONS = {
    "checks",
    "skip_errors",
    "pick_errors",
    "limit_errors",
    "dialect",
    "encoding",
    "privacy",
    "score",
    "lang",
    "metadata",
    "as_of",
}

#: Seconds and bytes allowed when ``source`` is a URL.
URL_TIMEOUT = 60
URL_MAX_BYTES = 2 << 30


class Report:
    """A validation report with Frictionless' ``Report`` interface (``valid``, ``stats``,
    ``tasks``, ``errors``, ``warnings``, ``to_dict()``, ``flatten()``)."""

    def __init__(self, descriptor: dict) -> None:
        self._descriptor = descriptor

    @property
    def valid(self) -> bool:
        return bool(self._descriptor["valid"])

    @property
    def stats(self) -> dict:
        return self._descriptor["stats"]

    @property
    def tasks(self) -> List[dict]:
        return self._descriptor["tasks"]

    @property
    def errors(self) -> List[dict]:
        return self._descriptor["errors"]

    @property
    def warnings(self) -> List[str]:
        return self._descriptor["warnings"]

    def to_dict(self) -> dict:
        """The report as a dict (the object itself: copy it before changing it)."""
        return self._descriptor

    to_descriptor = to_dict

    def to_json(self) -> str:
        return json.dumps(self._descriptor, ensure_ascii=False, indent=2)

    def flatten(self, spec: Sequence[str] = ("rowNumber", "fieldNumber", "type")) -> List[list]:
        """One list per error with the requested keys, as Frictionless' ``Report.flatten``."""
        return [
            [error.get(key) for key in spec]
            for task in self.tasks
            for error in task["errors"]
        ]

    def __repr__(self) -> str:
        return f"<calidad.frictionless.Report valid={self.valid} tasks={len(self.tasks)}>"


def _schema(schema: Any) -> Any:
    """A schema as CKAN stores it (dict, JSON text, path or ``Schema``) as calidad takes it."""
    schema = _descriptor(schema)
    if isinstance(schema, bytes):
        schema = schema.decode("utf-8")
    if isinstance(schema, str) and schema.lstrip().startswith("{"):
        return json.loads(schema)
    return schema


def _dialect_options(dialect: Any) -> dict:
    """A Frictionless dialect (v4 or v5 descriptor, or ``Dialect``) as calidad options."""
    dialect = _descriptor(dialect) or {}
    if not isinstance(dialect, Mapping):
        raise TypeError(f"dialect must be a dict or a Frictionless Dialect, not {type(dialect).__name__}")
    csv = dialect.get("csv") or {}
    excel = dialect.get("excel") or {}
    options = {}
    delimiter = dialect.get("delimiter") or csv.get("delimiter")
    if delimiter:
        options["delimiter"] = delimiter
    rows = dialect.get("headerRows")
    if rows:
        options["header_row"] = int(rows[0])
    if dialect.get("header") is False:
        raise ValueError(
            "dialect header=false: calidad validates tables with a header row; "
            "add one or give headerRows"
        )
    sheet = dialect.get("sheet") or excel.get("sheet")
    if sheet is not None:
        options["sheet"] = str(sheet)
    return options


def _fetch(url: str) -> str:
    """Downloads a URL to a temporary file (removed by the caller)."""
    suffix = os.path.splitext(url.split("?")[0].split("#")[0])[1][:10]
    handle, path = tempfile.mkstemp(prefix="calidad-", suffix=suffix)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "calidad"})
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response, os.fdopen(handle, "wb") as out:
            copied = 0
            while True:
                chunk = response.read(1 << 20)
                if not chunk:
                    break
                copied += len(chunk)
                if copied > URL_MAX_BYTES:
                    raise CalidadError(f"cannot download {url}: larger than {URL_MAX_BYTES} bytes")
                out.write(chunk)
    except CalidadError:
        os.unlink(path)
        raise
    except Exception as error:  # network errors name the URL, as the CLI names a file
        os.unlink(path)
        raise CalidadError(f"cannot download {url}: {error}") from error
    return path


def validate(source: Any, format: Optional[str] = None, schema: Any = None, **options: Any) -> Report:
    """Validates ``source`` like ``frictionless.validate`` and returns a :class:`Report`.

    ``source``: a path, an ``http(s)`` URL, bytes or a binary file object. ``format``: the
    declared format (calidad recognises it from the bytes). ``schema``: a Table Schema dict,
    JSON text, path or Frictionless ``Schema``. Options: ``checks`` (Frictionless check
    descriptors or objects, or calidad check strings), ``skip_errors``, ``pick_errors``,
    ``limit_errors``, ``dialect`` (``delimiter``, ``headerRows``, ``sheet``), ``encoding``,
    and calidad's ``privacy``, ``score``, ``lang`` (default ``"en"`` here, as Frictionless),
    ``metadata``, ``as_of``. Unknown options raise ``TypeError`` rather than being ignored.
    """
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise TypeError(
            f"calidad.frictionless.validate() got unsupported option(s) {', '.join(unknown)}; "
            f"supported: {', '.join(sorted(_OPTIONS))}"
        )
    dialect = options.pop("dialect", None)
    if dialect is not None:
        options.update(_dialect_options(dialect))
    options.setdefault("lang", "en")
    validator = Validator(format=format, schema=_schema(schema) if schema is not None else None, **options)
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        path = _fetch(source)
        try:
            descriptor = validator.validate(path)
        finally:
            os.unlink(path)
        for task in descriptor["tasks"]:
            task["place"] = source
        return Report(descriptor)
    return Report(validator.validate(source))

