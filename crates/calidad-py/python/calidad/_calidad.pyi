"""Type stubs of the native module (``calidad._calidad``); use the ``calidad`` package."""

from typing import Any, List, Optional, Tuple

__version__: str

class CalidadError(Exception):
    """A source calidad could not validate at all (a report with errors is not an exception)."""

class SchemaError(CalidadError):
    """The Table Schema is not valid; the message lists every problem with its JSON path."""

class Validator:
    def __init__(self, options_json: str, *, format: Optional[str] = None) -> None: ...
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
