"""calidad: check an open-data table before you publish it.

Encoding, structure, types and constraints (against a Frictionless Table Schema, given or
inferred from every row), Chilean personal data (RUT/RUN, e-mails, phones, names…; always
masked), and a 1–10 quality score, in one streaming pass written in Rust. The report is a
``dict`` with the shape of a Frictionless v5 report (``valid``, ``stats``, ``tasks[].errors``)
plus calidad's own block per task (``tasks[].calidad``), the same JSON as
``calidad validate --format json``.

    >>> import calidad
    >>> report = calidad.validate("datos.csv")
    >>> report["valid"], report["tasks"][0]["calidad"]["score"]["overall"]

``source`` is a path (``str`` or ``os.PathLike``), ``bytes``/``bytearray``/``memoryview``, or
a binary file object (read in chunks, never whole unless it is a workbook or archive).
Validation releases the GIL, so threads validate in parallel. For CKAN's validation extension,
``calidad.frictionless.validate`` has Frictionless' signature.
"""

from __future__ import annotations

import datetime
import json
import os
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from ._calidad import CalidadError, SchemaError, __version__, codes
from . import _calidad

__all__ = [
    "CalidadError",
    "SchemaError",
    "Validator",
    "validate",
    "describe",
    "check_metadata",
    "codes",
    "__version__",
]

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Any]


def _descriptor(value: Any) -> Any:
    """A Frictionless object (Schema, Check, Dialect) as its descriptor; dicts pass through."""
    for method in ("to_descriptor", "to_dict"):
        if hasattr(value, method) and not isinstance(value, Mapping):
            return getattr(value, method)()
    return value


def _source(source: Source) -> Any:
    if isinstance(source, (bytearray, memoryview)):
        return bytes(source)
    return source


def _names(value: Optional[Union[str, Iterable[str]]]) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return list(value)


class Validator:
    """Options compiled once, then ``validate`` and ``describe`` many sources (thread-safe).

    schema
        A Table Schema: a ``dict``, a path to its JSON file, or a Frictionless ``Schema``.
        Without one, the schema is inferred from every row (``infer=False``: structure only).
    format
        Accepted for compatibility: calidad recognises the format from the bytes. It names
        in-memory sources (``data.csv``).
    encoding
        Read in this encoding instead of detecting it (``utf-8``, ``windows-1252``…).
    checks
        Opt-in checks: strings in the CLI's syntax (``"forbidden-value:fieldName='x':values=['y']"``,
        ``"extra"``) or Frictionless check descriptors (``{"type": "table-dimensions",
        "minRows": 10}``) or objects with ``to_descriptor()``.
    limit_errors
        Errors listed per table (0 = all); counts stay exact.
    privacy, score
        Look for personal data; compute the 1–10 score.
    lang
        ``"es"`` or ``"en"``: the language of every message.
    metadata
        The dataset's CKAN metadata (a ``package_show`` dict), for the score's metadata
        indicators.
    skip_errors, pick_errors
        Codes or ``#tags`` not to report / to report only.
    delimiter, header_row, sheet
        Instead of sniffing: the cell delimiter, the 1-based header row, one workbook sheet.
    header, header_rows, header_join, comment_char, comment_rows, quote_char, skip_initial_space
        A layout the publisher declares, as Frictionless' dialect does: ``header=False`` (columns
        ``field1``…, every row data), a header over several rows (``[1, 2]``, joined with
        ``header_join``, a space by default), comment rows by their first characters or numbers,
        the quote character, spaces after delimiters.
    infer, infer_rows
        Whether to infer a schema, and from how many rows (default all).
    allow_fields, quasi_identifiers
        Columns published on a legal basis (notices, not errors); the columns to analyse for
        re-identification.
    as_of
        The date (``YYYY-MM-DD``) freshness is judged on; default today.
    row_cells
        Give ``cells`` to the errors known only once a file is read to its end (repeated rows
        and keys, inferred types' misfits) by reading the file again when there are any, as
        Frictionless' reports have them. Paths only.
    memory_limit
        Bytes a table's validation may use (default a quarter of the machine's memory). The
        duplicate-row and key indexes get it less 64 MiB; past that they are sorted on disk and
        merged, with the same findings. Each validation at once takes its own.
    """

    def __init__(
        self,
        *,
        schema: Any = None,
        format: Optional[str] = None,
        encoding: Optional[str] = None,
        checks: Optional[Sequence[Any]] = None,
        limit_errors: int = 1000,
        privacy: bool = True,
        score: bool = True,
        lang: str = "es",
        metadata: Optional[Mapping[str, Any]] = None,
        skip_errors: Optional[Union[str, Iterable[str]]] = None,
        pick_errors: Optional[Union[str, Iterable[str]]] = None,
        delimiter: Optional[str] = None,
        header_row: Optional[int] = None,
        header: bool = True,
        header_rows: Optional[Sequence[int]] = None,
        header_join: Optional[str] = None,
        comment_char: Optional[str] = None,
        comment_rows: Optional[Sequence[int]] = None,
        quote_char: Optional[str] = None,
        skip_initial_space: Optional[bool] = None,
        sheet: Optional[str] = None,
        infer: bool = True,
        infer_rows: Optional[int] = None,
        allow_fields: Optional[Union[str, Iterable[str]]] = None,
        quasi_identifiers: Optional[Union[str, Iterable[str]]] = None,
        as_of: Optional[str] = None,
        row_cells: bool = False,
        memory_limit: Optional[int] = None,
    ) -> None:
        if memory_limit is not None and int(memory_limit) < 0:
            raise ValueError(f"memory_limit must be a number of bytes, not {memory_limit!r}")
        schema = _descriptor(schema) if schema is not None else None
        schema_json = schema_path = None
        if isinstance(schema, Mapping):
            schema_json = dict(schema)
        elif isinstance(schema, (str, os.PathLike)):
            schema_path = os.fspath(schema)
        elif schema is not None:
            raise TypeError(
                f"schema must be a dict, a path or a Frictionless Schema, not {type(schema).__name__}"
            )
        specs, descriptors = [], []
        for check in checks or []:
            check = _descriptor(check)
            if isinstance(check, str):
                specs.append(check)
            elif isinstance(check, Mapping):
                descriptors.append(dict(check))
            else:
                raise TypeError(
                    f"a check must be a string or a descriptor dict, not {type(check).__name__}"
                )
        if limit_errors is None:
            limit_errors = 0
        options = {
            "schema_json": schema_json,
            "schema_path": schema_path,
            "encoding": encoding,
            "checks": specs,
            "check_descriptors": descriptors,
            "limit_errors": int(limit_errors),
            "privacy": bool(privacy),
            "score": bool(score),
            "lang": lang,
            "metadata_json": metadata,
            "skip_errors": _names(skip_errors),
            "pick_errors": _names(pick_errors),
            "delimiter": delimiter,
            "header_row": header_row,
            "header": bool(header),
            "header_rows": [int(row) for row in header_rows or []],
            "header_join": header_join,
            "comment_char": comment_char,
            "comment_rows": [int(row) for row in comment_rows or []],
            "quote_char": quote_char,
            "skip_initial_space": skip_initial_space,
            "sheet": sheet,
            "infer": bool(infer),
            "infer_rows": infer_rows,
            "allow_fields": _names(allow_fields),
            "quasi_identifiers": _names(quasi_identifiers),
            "row_cells": bool(row_cells),
            "memory_limit": int(memory_limit) if memory_limit is not None else None,
            # The library never reads the clock: today is the caller's.
            "as_of": as_of if as_of is not None else datetime.date.today().isoformat(),
        }
        self._inner = _calidad.Validator(json.dumps(options), format=format)

    def validate(self, source: Source) -> dict:
        """Validates a path, bytes or binary file object; returns the report as a dict."""
        return json.loads(self._inner.validate_json(_source(source)))

    def describe(self, source: Source) -> dict:
        """Infers the Table Schema of a source from all its rows."""
        return json.loads(self._inner.describe_json(_source(source)))


def validate(
    source: Source,
    *,
    schema: Any = None,
    format: Optional[str] = None,
    encoding: Optional[str] = None,
    checks: Optional[Sequence[Any]] = None,
    limit_errors: int = 1000,
    privacy: bool = True,
    score: bool = True,
    lang: str = "es",
    metadata: Optional[Mapping[str, Any]] = None,
    **options: Any,
) -> dict:
    """Validates one source and returns the report (a Frictionless v5-shaped dict).

    Keyword options are those of :class:`Validator`. Raises ``FileNotFoundError``/``OSError``
    when the file cannot be opened, :class:`SchemaError` for an invalid schema and
    ``ValueError`` for an invalid option, each with the CLI's message; a table with errors is a
    report with ``valid == False``, not an exception.
    """
    validator = Validator(
        schema=schema,
        format=format,
        encoding=encoding,
        checks=checks,
        limit_errors=limit_errors,
        privacy=privacy,
        score=score,
        lang=lang,
        metadata=metadata,
        **options,
    )
    return validator.validate(source)


def describe(
    source: Source,
    *,
    encoding: Optional[str] = None,
    delimiter: Optional[str] = None,
    header_row: Optional[int] = None,
    lang: str = "es",
) -> dict:
    """Infers a source's Table Schema from all its rows (the data dictionary)."""
    validator = Validator(
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_row,
        lang=lang,
        privacy=False,
        score=False,
        limit_errors=1,
    )
    return validator.describe(source)


def check_metadata(
    package: Mapping[str, Any],
    *,
    lang: str = "es",
    data_format: Optional[str] = None,
    as_of: Optional[str] = None,
) -> list:
    """Checks a CKAN dataset's metadata (``package_show`` or ``package_create`` dict) against
    the portal's rules; returns the problems, errors first: dicts with ``code``
    (``metadata-error`` or ``metadata-quality``), ``severity``, ``path`` and ``message``. An
    empty list means valid and clean."""
    if as_of is None:
        as_of = datetime.date.today().isoformat()
    report = json.loads(
        _calidad.check_metadata_json(
            json.dumps(package), lang=lang, data_format=data_format, as_of=as_of
        )
    )
    return report["problems"]
