"""Where each resource's latest calidad report is kept: one row per resource, in CKAN's
database, in a table this plugin creates the first time it needs it."""

from __future__ import annotations

import datetime
import json
from typing import Any, Optional

import sqlalchemy as sa
from ckan import model

reports = sa.Table(
    "calidad_report",
    model.meta.metadata,
    sa.Column("resource_id", sa.UnicodeText, primary_key=True),
    # queued, running, done (a report is stored) or error (no report: `error` says why).
    sa.Column("status", sa.UnicodeText, nullable=False),
    sa.Column("report", sa.UnicodeText),
    sa.Column("error", sa.UnicodeText),
    sa.Column("updated", sa.DateTime, nullable=False),
)

_created = False


def ensure_table() -> None:
    """Creates the table when it is not there yet (idempotent)."""
    global _created
    if not _created:
        reports.create(bind=model.Session.get_bind(), checkfirst=True)
        _created = True


def save(resource_id: str, status: str, report: Optional[dict] = None,
         error: Optional[str] = None) -> None:
    """Stores a resource's state and report, replacing the previous one."""
    ensure_table()
    row = {
        "status": status,
        "report": json.dumps(report, ensure_ascii=False) if report is not None else None,
        "error": error,
        "updated": datetime.datetime.utcnow(),
    }
    session = model.Session
    try:
        updated = session.execute(
            reports.update().where(reports.c.resource_id == resource_id).values(**row)
        )
        if updated.rowcount == 0:
            session.execute(reports.insert().values(resource_id=resource_id, **row))
        session.commit()
    except sa.exc.IntegrityError:
        # Another worker inserted the row first: this state replaces it.
        session.rollback()
        session.execute(
            reports.update().where(reports.c.resource_id == resource_id).values(**row)
        )
        session.commit()
    except Exception:
        session.rollback()
        raise


def load(resource_id: str) -> Optional[dict[str, Any]]:
    """The stored state of a resource: ``status``, ``report`` (a dict), ``error``, ``updated``."""
    ensure_table()
    row = model.Session.execute(
        sa.select(reports).where(reports.c.resource_id == resource_id)
    ).mappings().first()
    if row is None:
        return None
    return {
        "status": row["status"],
        "report": json.loads(row["report"]) if row["report"] else None,
        "error": row["error"],
        "updated": row["updated"].isoformat() if row["updated"] else None,
    }
