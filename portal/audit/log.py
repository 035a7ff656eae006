"""Reading the office's audit log: the page and the export filter it the same way.

Dates in filters are the office's own calendar days (WIB, WITA, WIT); the log
stores UTC, so a day runs from local midnight to local midnight converted to UTC.
The bound office scopes every query (AuditEvent is office-bound), so an office
administrator reads their own office's events and no one else's.

The log only grows (every case file opened adds a row), so pages are read by key,
not by offset: a page starts after the last event of the one before (time, then id,
on the index `ix_audit_events_office_at`), and costs the same on the first page as
on the ten-thousandth. There is no total count, which would read the whole log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, or_, select, tuple_

from portal.audit.models import AuditEvent
from portal.audit.words import kind_codes
from portal.auth.models import User
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import current_office_id

PAGE_SIZE = 50
_CURSOR_TIME = "%Y%m%d%H%M%S%f"


@dataclass(frozen=True)
class LogFilters:
    start: date | None = None
    end: date | None = None
    actor_id: int | None = None
    action: str = ""
    object_type: str = ""
    q: str = ""
    central: bool = False  # only the events of central accounts (no office)


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: strictly older (`after`) or strictly newer than this event."""

    at: datetime
    id: int
    older: bool = True

    def encode(self) -> str:
        return f"{self.at.strftime(_CURSOR_TIME)}-{self.id}"

    @classmethod
    def decode(cls, value: str, older: bool = True) -> Cursor:
        """ValueError for anything not made by `encode`."""
        stamp, _, ident = value.partition("-")
        if len(stamp) != 20 or not ident.isdigit() or len(ident) > 10:
            raise ValueError("not a page position")
        return cls(datetime.strptime(stamp, _CURSOR_TIME), int(ident), older)


@dataclass
class LogPage:
    items: Sequence[AuditEvent]
    newer: Cursor | None  # the page before (newer events), if any
    older: Cursor | None  # the page after (older events), if any


def _utc_midnight(day: date) -> datetime:
    """Local midnight of `day` in the bound office's zone, as naive UTC (how `at` is stored)."""
    office = db.session.get(Office, current_office_id())
    zone = ZoneInfo(office.timezone if office else "Asia/Jakarta")
    return datetime.combine(day, time.min, zone).astimezone(UTC).replace(tzinfo=None)


def _criteria(filters: LogFilters) -> list[ColumnElement[bool]]:
    criteria = [AuditEvent.office_id.is_(None)] if filters.central else []
    if filters.start is not None:
        criteria.append(AuditEvent.at >= _utc_midnight(filters.start))
    if filters.end is not None:
        criteria.append(AuditEvent.at < _utc_midnight(filters.end + timedelta(days=1)))
    if filters.actor_id is not None:
        criteria.append(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        criteria.append(AuditEvent.action == filters.action)
    if filters.object_type:
        criteria.append(AuditEvent.object_type.in_(kind_codes(filters.object_type)))
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


def _position(cursor: Cursor) -> ColumnElement[bool]:
    """After (or before) the cursor's event, as one row-value comparison: PostgreSQL
    starts the index scan there, where an OR of two conditions would read every newer
    row first (and make a far page as slow as an offset)."""
    key, at = tuple_(AuditEvent.at, AuditEvent.id), tuple_(cursor.at, cursor.id)
    return key < at if cursor.older else key > at


def search(filters: LogFilters, cursor: Cursor | None = None) -> LogPage:
    """One page of events, newest first, starting at `cursor`; one row more than a page
    is read to know whether another page follows."""
    criteria = _criteria(filters)
    if cursor is None or cursor.older:
        stmt = events(filters)
        if cursor is not None:
            stmt = stmt.where(_position(cursor))
        rows = list(db.session.scalars(stmt.limit(PAGE_SIZE + 1)))
        items = rows[:PAGE_SIZE]
        more_older = len(rows) > PAGE_SIZE
        more_newer = cursor is not None
    else:  # going back to newer events: read upwards, then show newest first
        stmt = (
            select(AuditEvent)
            .where(*criteria, _position(cursor))
            .order_by(AuditEvent.at.asc(), AuditEvent.id.asc())
            .limit(PAGE_SIZE + 1)
        )
        rows = list(db.session.scalars(stmt))
        items = list(reversed(rows[:PAGE_SIZE]))
        more_newer = len(rows) > PAGE_SIZE
        more_older = True
    if not items:
        return LogPage(items, None, None)
    first, last = items[0], items[-1]
    return LogPage(
        items,
        Cursor(first.at, first.id, older=False) if more_newer else None,
        Cursor(last.at, last.id) if more_older else None,
    )


def people(central: bool = False) -> list[tuple[int, str]]:
    """The office's accounts (or the central ones), for the person filter: read from the
    accounts, not from the log, which may hold millions of rows."""
    query = select(User.id, User.full_name).order_by(User.full_name)
    if central:
        query = query.where(User.office_id.is_(None))
    return list(db.session.execute(query))
