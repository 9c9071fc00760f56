"""The plugin's options, read from CKAN's config (declared in config_declaration.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import ckan.plugins.toolkit as tk


@dataclass(frozen=True)
class Settings:
    #: Language of the report and of refusals: ``es`` or ``en``.
    lang: str
    #: Look for personal data (law 19.628 / 21.719).
    privacy: bool
    #: Compute the 1-10 mark.
    score: bool
    #: Refuse uploads whose mark is under this (none: never).
    min_score: Optional[float]
    #: Refuse uploads with personal data found as an error.
    block_on_privacy_error: bool
    #: Resource formats validated (lower case).
    formats: frozenset
    #: Validate in the request instead of CKAN's job queue.
    synchronous: bool
    #: Sent as ``Authorization`` when downloading a private dataset's resource URL.
    auth_header: Optional[str]
    #: Largest download, in bytes.
    max_bytes: int
    #: Memory one validation may use, in bytes (none: calidad's default, a quarter of the
    #: machine's). Each job worker is a process of its own with its own validation.
    memory_limit: Optional[int] = None

    @classmethod
    def from_config(cls) -> "Settings":
        config = tk.config
        lang = str(config.get("ckanext.calidad.lang") or "es").lower()[:2]
        minimum = config.get("ckanext.calidad.min_score")
        return cls(
            lang=lang if lang in ("es", "en") else "es",
            privacy=tk.asbool(config.get("ckanext.calidad.privacy", True)),
            score=tk.asbool(config.get("ckanext.calidad.score", True)),
            min_score=float(minimum) if minimum not in (None, "") else None,
            block_on_privacy_error=tk.asbool(config.get("ckanext.calidad.block_on_privacy_error", False)),
            formats=frozenset(
                f.lower() for f in tk.aslist(
                    config.get("ckanext.calidad.formats") or "csv tsv txt xlsx xls ods json")
            ),
            synchronous=tk.asbool(config.get("ckanext.calidad.synchronous", False)),
            auth_header=config.get("ckanext.calidad.auth_header") or None,
            max_bytes=int(config.get("ckanext.calidad.max_megabytes") or 1024) * 1024 * 1024,
            memory_limit=_megabytes(config.get("ckanext.calidad.memory_megabytes")),
        )


def _megabytes(value) -> Optional[int]:
    """A number of megabytes from the config as bytes; none when unset."""
    if value in (None, ""):
        return None
    megabytes = int(value)
    if megabytes <= 0:
        raise ValueError(f"ckanext.calidad.memory_megabytes must be positive, not {value!r}")
    return megabytes * 1024 * 1024
