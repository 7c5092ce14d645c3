"""The whole server's audit log for its administrators: every workspace's entries and their own
(workspace None), filtered and paged, and as CSV with every text cell neutralised against
spreadsheet formulas (formulas.neutralise, as the results exports do)."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.admin.paging import Moment, Page, like_pattern, page_bounds
from poll_service.formulas import neutralise
from poll_service.ids import iso
from poll_service.models import AuditEntry, Workspace

# The most rows one CSV holds: a filter narrows a bigger log.
MAX_CSV_ROWS = 100_000
# The workspace filter's value for the administrators' own entries.
INSTANCE = "instance"
CSV_COLUMNS = ("when", "workspace_id", "workspace", "actor_id", "actor", "action", "target")


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor: str | None = None  # part of the actor's name
    workspace_id: str | None = None  # or INSTANCE
    since: datetime | None = None
    until: datetime | None = None


class AuditRow(BaseModel):
    id: str
    created_at: Moment
    workspace_id: str | None
    workspace_name: str | None
    actor_id: str | None
    actor_name: str
    action: str
    target: str


def _filtered(columns: Any, what: AuditFilter) -> Select[Any]:
    query = (
        select(*columns)
        .select_from(AuditEntry)
        .outerjoin(Workspace, col(Workspace.id) == col(AuditEntry.workspace_id))
    )
    if what.action:
        query = query.where(col(AuditEntry.action) == what.action)
    if what.actor and what.actor.strip():
        query = query.where(
            func.lower(col(AuditEntry.actor_name)).like(like_pattern(what.actor), escape="\\")
        )
    if what.workspace_id == INSTANCE:
        query = query.where(col(AuditEntry.workspace_id).is_(None))
    elif what.workspace_id:
        query = query.where(col(AuditEntry.workspace_id) == what.workspace_id)
    if what.since is not None:
        query = query.where(col(AuditEntry.created_at) >= what.since)
    if what.until is not None:
        query = query.where(col(AuditEntry.created_at) < what.until)
    return query


_ROW: tuple[Any, ...] = (
    col(AuditEntry.id),
    col(AuditEntry.created_at),
    col(AuditEntry.workspace_id),
    col(Workspace.name).label("workspace_name"),
    col(AuditEntry.actor_id),
    col(AuditEntry.actor_name),
    col(AuditEntry.action),
    col(AuditEntry.target),
)
_NEWEST_FIRST = (col(AuditEntry.created_at).desc(), col(AuditEntry.id).desc())


async def page_of(session: AsyncSession, what: AuditFilter, page: int, per_page: int) -> Page[AuditRow]:
    total = int(await session.scalar(_filtered([func.count()], what).order_by(None)) or 0)
    page, pages = page_bounds(total, page, per_page)
    rows = await session.execute(
        _filtered(_ROW, what).order_by(*_NEWEST_FIRST).offset((page - 1) * per_page).limit(per_page)
    )
    items = [AuditRow(**row._asdict()) for row in rows.all()]
    return Page(items=items, page=page, pages=pages, total=total)


async def csv_of(session: AsyncSession, what: AuditFilter) -> bytes:
    """The filtered log, newest first, as UTF-8 CSV with a byte order mark (Excel reads accents)."""
    rows = await session.execute(_filtered(_ROW, what).order_by(*_NEWEST_FIRST).limit(MAX_CSV_ROWS))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows.all():
        entry = AuditRow(**row._asdict())
        writer.writerow(
            [
                iso(entry.created_at),
                entry.workspace_id or "",
                neutralise(entry.workspace_name or ""),
                entry.actor_id or "",
                neutralise(entry.actor_name),
                entry.action,
                neutralise(entry.target),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
