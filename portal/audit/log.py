"""Reading the office's audit log: the page and the export filter it the same way.

Dates in filters are the office's own calendar days (WIB, WITA, WIT); the log
stores UTC, so a day runs from local midnight to local midnight converted to UTC.
The bound office scopes every query (AuditEvent is office-bound), so an office
administrator reads their own office's events and no one else's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, or_, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import current_office_id

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilters:
    start: date | None = None
    end: date | None = None
    actor: str = ""
    action: str = ""
    object_type: str = ""
    q: str = ""


@dataclass
class LogPage:
    items: Sequence[AuditEvent]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def _utc_midnight(day: date) -> datetime:
    """Local midnight of `day` in the bound office's zone, as naive UTC (how `at` is stored)."""
    office = db.session.get(Office, current_office_id())
    zone = ZoneInfo(office.timezone if office else "Asia/Jakarta")
    return datetime.combine(day, time.min, zone).astimezone(UTC).replace(tzinfo=None)


def _criteria(filters: LogFilters) -> list[ColumnElement[bool]]:
    criteria = []
    if filters.start is not None:
        criteria.append(AuditEvent.at >= _utc_midnight(filters.start))
    if filters.end is not None:
        criteria.append(AuditEvent.at < _utc_midnight(filters.end + timedelta(days=1)))
    if filters.actor:
        criteria.append(AuditEvent.actor_name == filters.actor)
    if filters.action:
        criteria.append(AuditEvent.action == filters.action)
    if filters.object_type:
        criteria.append(AuditEvent.object_type == filters.object_type)
    q = filters.q.strip()
    if q:
        criteria.append(
            or_(
                AuditEvent.summary.icontains(q, autoescape=True),
                AuditEvent.actor_name.icontains(q, autoescape=True),
            )
        )
    return criteria


def events(filters: LogFilters) -> Select:
    """The office's events matching `filters`, newest first (the export takes all)."""
    return (
        select(AuditEvent)
        .where(*_criteria(filters))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def search(filters: LogFilters, page: int = 1) -> LogPage:
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(*_criteria(filters)))
    page = max(1, min(page, math.ceil(total / PAGE_SIZE) or 1))
    items = db.session.scalars(
        events(filters).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return LogPage(items, total, page)


def choices() -> dict[str, list[str]]:
    """The actors, actions and kinds of data present in this office's log, for the filters."""
    return {
        name: list(db.session.scalars(select(column).distinct().order_by(column)))
        for name, column in (
            ("actor", AuditEvent.actor_name),
            ("action", AuditEvent.action),
            ("object_type", AuditEvent.object_type),
        )
    }
