"""Type stubs of the native module (``calidad._calidad``); use the ``calidad`` package."""

from typing import Any, List, Optional, Tuple

__version__: str

class CalidadError(Exception):
    """A source calidad could not validate at all (a report with errors is not an exception)."""

class SchemaError(CalidadError):
    """The Table Schema is not valid; the message lists every problem with its JSON path."""

class Validator:
    def __init__(
        self,
        *,
        schema_json: Optional[str] = None,
        schema_path: Optional[str] = None,
        format: Optional[str] = None,
        encoding: Optional[str] = None,
        checks: List[str] = ...,
        check_descriptors_json: Optional[str] = None,
        limit_errors: int = 1000,
        privacy: bool = True,
        score: bool = True,
        lang: str = "es",
        metadata_json: Optional[str] = None,
        skip_errors: List[str] = ...,
        pick_errors: List[str] = ...,
        delimiter: Optional[str] = None,
        header_row: Optional[int] = None,
        sheet: Optional[str] = None,
        infer: bool = True,
        infer_rows: Optional[int] = None,
        allow_fields: List[str] = ...,
        quasi_identifiers: List[str] = ...,
        as_of: Optional[str] = None,
    ) -> None: ...
    def validate_json(self, source: Any) -> str:
        """The report of a path, bytes or binary file object, as JSON text (GIL released)."""
    def describe_json(self, source: Any) -> str:
        """The inferred Table Schema of a source, as JSON text."""

def check_metadata_json(
    package_json: str,
    *,
    lang: str = "es",
    data_format: Optional[str] = None,
    as_of: Optional[str] = None,
) -> str:
    """The metadata report of a CKAN package (JSON text in, JSON text out)."""

def codes(lang: str = "es") -> List[Tuple[str, str, str]]:
    """Every finding code as (code, severity, title)."""
