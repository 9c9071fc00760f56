"""Drop-in for Frictionless as CKAN's validation extension uses it.

ckanext-validation's background job imports::

    from frictionless import validate, system, Report, Schema, Dialect, Check

and runs ``validate(source, format=..., schema=Schema.from_descriptor(...), **options)`` inside
``system.use_context(trusted=True, http_session=session)``, then ``report.to_dict()``. This
module exports the same names, so changing that import line is the swap:

- ``validate`` takes every keyword Frictionless 5's ``validate`` takes. Those calidad honours
  work (``checks``, ``skip_errors``, ``pick_errors``, ``limit_errors``, ``dialect``,
  ``encoding``, ``schema``, ``format``); the others are accepted and named in the report's
  ``warnings``, never an exception. As in Frictionless, ``duplicate-row`` is off unless picked or
  listed in ``checks`` (``calidad_checks=True`` turns it on with the rest of calidad's own).
- ``system.use_context(trusted=..., http_session=...)``: URL sources are downloaded through that
  session (its headers, proxies and auth), as Frictionless does.
- ``Report`` is a class (``isinstance``/``type(...) ==`` work) whose ``to_dict()`` is the v5
  report, and which also answers ``in`` and ``[]`` like that dict.
- ``Schema``, ``Dialect``, ``Check``: ``from_descriptor`` / ``to_descriptor``.

calidad's privacy findings and score ride in each task's ``calidad`` block.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import re
import tempfile
import urllib.parse
import urllib.request
from typing import Any, Iterator, List, Mapping, Optional, Sequence

from . import CalidadError, Validator, _descriptor, codes

__all__ = ["validate", "Report", "system", "Schema", "Dialect", "Check"]

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
    "calidad_checks",
    "row_cells",
}

#: The rest of Frictionless 5's ``validate`` keywords (and its ``Resource`` options it passes
#: on): accepted, not honoured, and said so in the report's ``warnings``.
_FRICTIONLESS_ONLY = {
    "type",
    "checklist",
    "limit_rows",
    "parallel",
    "strict",
    "detector",
    "control",
    "compression",
    "innerpath",
    "basepath",
    "name",
    "title",
    "description",
    "mediatype",
    "hash",
    "bytes",
    "fields",
    "rows",
    "path",
    "data",
    "scheme",
    "profile",
    "layout",
    "stats",
    "trusted",
    "onerror",
    "original",
    "http_session",
    "resolve",
}

#: Seconds and bytes allowed when ``source`` is a URL.
URL_TIMEOUT = 60
URL_MAX_BYTES = 2 << 30


class _System:
    """Frictionless' ``system``: the context URL sources are downloaded in."""

    def __init__(self) -> None:
        self._context: contextvars.ContextVar[dict] = contextvars.ContextVar("calidad_system", default={})

    @contextlib.contextmanager
    def use_context(self, *, trusted: bool = False, http_session: Any = None, **others: Any) -> Iterator[None]:
        """Within the block, URL sources are downloaded through ``http_session`` (a
        ``requests.Session``: its headers, auth and proxies). ``trusted`` is accepted: calidad
        reads local paths whatever it says."""
        token = self._context.set({"trusted": trusted, "http_session": http_session, **others})
        try:
            yield
        finally:
            self._context.reset(token)

    @property
    def http_session(self) -> Any:
        """The session set by the innermost ``use_context``, if any."""
        return self._context.get().get("http_session")

    @property
    def trusted(self) -> bool:
        return bool(self._context.get().get("trusted", False))


#: Frictionless' ``system`` object.
system = _System()


class _Descriptor:
    """A Frictionless metadata object reduced to its descriptor."""

    def __init__(self, descriptor: Any = None, **fields: Any) -> None:
        descriptor = _descriptor(descriptor)
        if isinstance(descriptor, (bytes, str)):
            text = descriptor.decode("utf-8") if isinstance(descriptor, bytes) else descriptor
            if text.lstrip().startswith("{"):
                descriptor = json.loads(text)
            else:
                with open(text, encoding="utf-8") as handle:
                    descriptor = json.load(handle)
        self._value = dict(descriptor or {}, **fields)

    @classmethod
    def from_descriptor(cls, descriptor: Any, **options: Any) -> "_Descriptor":
        """From a dict, JSON text, a JSON file's path, or another such object."""
        return cls(descriptor)

    def to_descriptor(self) -> dict:
        return dict(self._value)

    to_dict = to_descriptor

    def __eq__(self, other: Any) -> bool:
        return type(other) is type(self) and other._value == self._value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._value!r})"


class Schema(_Descriptor):
    """A Table Schema, as Frictionless' ``Schema`` (``fields``, ``primaryKey``…)."""

    @property
    def fields(self) -> List[dict]:
        return list(self._value.get("fields", []))


class Dialect(_Descriptor):
    """A table dialect, as Frictionless' ``Dialect`` (``csv``/``excel`` controls, ``headerRows``…)."""


class Check(_Descriptor):
    """A check, as Frictionless' ``Check`` (``{"type": "table-dimensions", "minRows": 10}``)."""

    @property
    def type(self) -> Optional[str]:
        return self._value.get("type") or self._value.get("code")


class Report:
    """A validation report with Frictionless' ``Report`` interface (``valid``, ``stats``,
    ``tasks``, ``errors``, ``warnings``, ``to_dict()``, ``flatten()``). It also answers ``in``,
    ``[]`` and ``get`` like the dict ``to_dict()`` returns, for callers written for either."""

    def __init__(self, descriptor: dict) -> None:
        self._descriptor = descriptor

    def __contains__(self, key: object) -> bool:
        return key in self._descriptor

    def __getitem__(self, key: str) -> Any:
        return self._descriptor[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._descriptor.get(key, default)

    def keys(self) -> Any:
        return self._descriptor.keys()

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


def _dialect_options(dialect: Any) -> "tuple[dict, List[str]]":
    """A Frictionless dialect (v5 descriptor with ``csv``/``excel`` controls, the v4 flat form,
    or ``Dialect``) as calidad options, and warnings for the keys calidad does not honour."""
    dialect = _descriptor(dialect) or {}
    if not isinstance(dialect, Mapping):
        raise TypeError(f"dialect must be a dict or a Frictionless Dialect, not {type(dialect).__name__}")
    csv = {**dialect, **(dialect.get("csv") or {})}
    excel = dialect.get("excel") or {}
    options: dict = {}
    warnings: List[str] = []
    if csv.get("delimiter"):
        options["delimiter"] = csv["delimiter"]
    if csv.get("quoteChar"):
        options["quote_char"] = csv["quoteChar"]
    if csv.get("skipInitialSpace") is not None:
        options["skip_initial_space"] = bool(csv["skipInitialSpace"])
    if dialect.get("header") is False:
        options["header"] = False
    rows = dialect.get("headerRows")
    if rows and dialect.get("header") is not False:
        options["header_rows"] = [int(row) for row in rows]
    if dialect.get("headerJoin") is not None:
        options["header_join"] = str(dialect["headerJoin"])
    if dialect.get("commentChar"):
        options["comment_char"] = str(dialect["commentChar"])
    if dialect.get("commentRows"):
        options["comment_rows"] = [int(row) for row in dialect["commentRows"]]
    sheet = dialect.get("sheet") or excel.get("sheet")
    if sheet is not None:
        options["sheet"] = str(sheet)
    # Keys that change how cells are read and that calidad reads its own way: said, not hidden.
    if csv.get("doubleQuote") is False:
        warnings.append("dialect doubleQuote=false: calidad reads a doubled quote as one quote")
    if csv.get("escapeChar"):
        warnings.append("dialect escapeChar: calidad does not use an escape character")
    if csv.get("nullSequence") or dialect.get("nullSequence"):
        warnings.append("dialect nullSequence: use the schema's missingValues instead")
    if dialect.get("headerCase") is False:
        warnings.append("dialect headerCase=false: calidad compares labels with their case")
    return options, warnings


def _chunks_from_session(session: Any, url: str) -> Iterator[bytes]:
    """The body of ``url`` fetched through a ``requests``-like session (its headers, auth and
    proxies apply)."""
    response = session.get(url, stream=True, timeout=URL_TIMEOUT)
    try:
        response.raise_for_status()
        yield from response.iter_content(chunk_size=1 << 20)
    finally:
        response.close()


def _chunks_from_urllib(url: str) -> Iterator[bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": "calidad"})
    with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:
        while True:
            chunk = response.read(1 << 20)
            if not chunk:
                return
            yield chunk


def _fetch(url: str) -> str:
    """Downloads a URL to a temporary file (removed by the caller), through the session of
    ``system.use_context`` when there is one."""
    suffix = os.path.splitext(url.split("?")[0].split("#")[0])[1][:10]
    handle, path = tempfile.mkstemp(prefix="calidad-", suffix=suffix)
    session = system.http_session
    try:
        chunks = _chunks_from_session(session, url) if session is not None else _chunks_from_urllib(url)
        with os.fdopen(handle, "wb") as out:
            copied = 0
            for chunk in chunks:
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


def public_url(url: str) -> str:
    """A URL as a report may show it: without credentials, query or fragment (tokens travel
    there)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def without_url_secrets(text: str) -> str:
    """`text` with every URL in it cut to its public part (see :func:`public_url`)."""
    return re.sub(r"https?://\S+", lambda m: public_url(m.group(0).rstrip(").,;'\"")), text)


def _download_failure(url: str, error: BaseException, lang: str) -> dict:
    """The report of a URL that could not be downloaded, as Frictionless gives one (a task
    with one error, not an exception): the job that asked stores it and moves on. The note
    names the URL without its query or credentials."""
    place = public_url(url)
    # Every URL in the text (a redirect's target too) loses its query and credentials.
    note = without_url_secrets(str(error.__cause__ or error))
    title = next((t for code, _, t in codes(lang) if code == "source-error"), "Source error")
    if lang.startswith("es"):
        message = f"No se pudo descargar {place}: {note}"
        description = "No se pudo leer el origen de los datos."
    else:
        message = f"Could not download {place}: {note}"
        description = "The data source could not be read."
    stats = {"errors": 1, "warnings": 0, "seconds": 0.0}
    task = {
        "name": _url_name(url),
        "type": "table",
        "valid": False,
        "place": place,
        "labels": [],
        "stats": dict(stats),
        "warnings": [],
        "errors": [{"type": "source-error", "title": title, "description": description,
                    "message": message, "tags": [], "note": note}],
    }
    return {"valid": False, "stats": {**stats, "tasks": 1}, "warnings": [], "errors": [],
            "tasks": [task]}


def _url_name(url: str) -> str:
    """A task's name from its URL, as Frictionless names it: the file name without extension."""
    base = url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
    return os.path.splitext(base)[0] or base or url


def _check_descriptors(checks: Any) -> Any:
    """``Check`` objects as their descriptors (strings and dicts pass through)."""
    if checks is None:
        return None
    return [check.to_descriptor() if isinstance(check, _Descriptor) else check for check in checks]


def _names_duplicate_row(selectors: Any) -> bool:
    return any(str(s).strip() in ("duplicate-row", "#row") for s in selectors or [])


def validate(source: Any, format: Optional[str] = None, schema: Any = None, **options: Any) -> Report:
    """Validates ``source`` like ``frictionless.validate`` and returns a :class:`Report`.

    ``source``: a path, an ``http(s)`` URL (downloaded through ``system.use_context``'s
    ``http_session`` when given), bytes or a binary file object. ``format``: the declared format
    (calidad recognises it from the bytes). ``schema``: a Table Schema dict, JSON text, path,
    :class:`Schema` or Frictionless ``Schema``. Options: ``checks`` (descriptors, :class:`Check`
    objects or calidad check strings), ``skip_errors``, ``pick_errors``, ``limit_errors``,
    ``dialect`` (``header``, ``headerRows``, ``headerJoin``, ``commentChar``, ``commentRows``,
    ``delimiter``, ``quoteChar``, ``skipInitialSpace``, ``sheet``), ``encoding``; calidad's
    ``privacy``, ``score``, ``lang`` (default ``"en"`` here, as Frictionless), ``metadata``,
    ``as_of``, ``calidad_checks``. Frictionless' other keywords are accepted and named in the
    report's ``warnings``; anything else raises ``TypeError``.
    """
    ignored = sorted(set(options) & _FRICTIONLESS_ONLY)
    unknown = sorted(set(options) - _OPTIONS - _FRICTIONLESS_ONLY)
    if unknown:
        raise TypeError(
            f"calidad.frictionless.validate() got unknown option(s) {', '.join(unknown)}; "
            f"calidad honours: {', '.join(sorted(_OPTIONS))}"
        )
    session = options.pop("http_session", None)
    for name in ignored:
        options.pop(name, None)
    dialect = options.pop("dialect", None)
    dialect_warnings: List[str] = []
    if dialect is not None:
        dialect_options, dialect_warnings = _dialect_options(dialect)
        options.update(dialect_options)
    if options.get("checks") is not None:
        options["checks"] = _check_descriptors(options["checks"])
    # Frictionless' defaults: no duplicate-row unless asked for.
    if not options.pop("calidad_checks", False):
        asked = _names_duplicate_row(options.get("pick_errors")) or any(
            isinstance(c, Mapping) and (c.get("type") or c.get("code")) == "duplicate-row"
            or c == "duplicate-row"
            for c in options.get("checks") or []
        )
        if not asked:
            options["skip_errors"] = list(options.get("skip_errors") or []) + ["duplicate-row"]
    options.setdefault("lang", "en")
    # Frictionless' row errors carry their row's cells; the extension's page highlights them.
    options.setdefault("row_cells", True)
    validator = Validator(format=format, schema=_schema(schema) if schema is not None else None, **options)
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        context = system.use_context(trusted=system.trusted, http_session=session) if session is not None else contextlib.nullcontext()
        try:
            with context:
                path = _fetch(source)
        except CalidadError as error:
            return Report(_download_failure(source, error, options["lang"]))
        try:
            descriptor = validator.validate(path)
        finally:
            os.unlink(path)
        for task in descriptor["tasks"]:
            task["place"] = public_url(source)
            task["name"] = _url_name(source)
    else:
        descriptor = validator.validate(source)
    _round_seconds(descriptor)
    _label_column_errors(descriptor)
    if dialect_warnings:
        descriptor.setdefault("warnings", []).extend(dialect_warnings)
    if ignored:
        descriptor.setdefault("warnings", []).append(
            "calidad does not use these Frictionless options: " + ", ".join(ignored)
        )
    return Report(descriptor)


def _label_column_errors(descriptor: dict) -> None:
    """Errors about a whole column (personal data in it, for instance) carry the header's
    labels, as Frictionless' label errors do: report pages that draw a row of cells per error
    (ckanext-validation's) then show the header with that column marked, not an empty row."""
    for task in descriptor.get("tasks", []):
        labels = task.get("labels") or []
        for error in task.get("errors", []):
            if error.get("fieldNumber") and error.get("rowNumber") is None and "labels" not in error:
                error["labels"] = list(labels)


def _round_seconds(descriptor: dict) -> None:
    """``stats.seconds`` to three decimals, as Frictionless writes them."""
    for stats in [descriptor.get("stats")] + [t.get("stats") for t in descriptor.get("tasks", [])]:
        if isinstance(stats, dict) and isinstance(stats.get("seconds"), float):
            stats["seconds"] = round(stats["seconds"], 3)
