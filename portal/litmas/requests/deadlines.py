"""The legal deadline of a Litmas request, and how it reads ("sisa 2 hari 23 jam").

Pure functions on naive UTC datetimes (how the portal stores time): no database, so the
rule is tested alone and the same code serves pages, imports and figures. Time zones
matter only where a person types or reads a time (`to_utc`, `to_local`): a deadline in
hours is the same instant in WIB and WITA.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext

from portal.litmas.requests import vocab


def due_at(purpose: str, received_at: datetime, appointed_at: datetime | None) -> datetime | None:
    """The last instant the report may be delivered, by the purpose's rule; None while
    the clock has not started (a 7-day rule before any PK is appointed).

    For the 7-day rule `appointed_at` is the FIRST appointment: appointing another PK
    never restarts the clock, or a reassignment would stretch the law's limit.
    """
    rule = vocab.PURPOSES[purpose].rule
    start = received_at if rule.start == vocab.FROM_RECEIPT else appointed_at
    if start is None:
        return None
    return start + timedelta(hours=rule.hours)


def to_utc(day: date, at: time, timezone: str) -> datetime:
    """A local date and time typed in the office (WIB, WITA, WIT) as naive UTC."""
    local = datetime.combine(day, at, ZoneInfo(timezone))
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(value: datetime, timezone: str) -> datetime:
    return value.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone))


def duration(delta: timedelta) -> str:
    """2 hari 23 jam / 20 jam / 45 menit: whole units, rounded down (never more than is
    left), days and hours only once a whole hour remains."""
    seconds = max(0, int(delta.total_seconds()))
    hours = seconds // 3600
    if hours == 0:
        minutes = seconds // 60
        return ngettext("%(num)d menit", "%(num)d menit", minutes)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(ngettext("%(num)d hari", "%(num)d hari", days))
    if hours or not days:
        parts.append(ngettext("%(num)d jam", "%(num)d jam", hours))
    return " ".join(parts)


# How a request stands against its deadline.
WAITING, OPEN, LATE, ON_TIME, DONE_LATE, WITHDRAWN = (
    "waiting",
    "open",
    "late",
    "on_time",
    "done_late",
    "withdrawn",
)


@dataclass(frozen=True)
class Clock:
    state: str
    text: str
    due_at: datetime | None

    @property
    def is_late(self) -> bool:
        return self.state in (LATE, DONE_LATE)

    @property
    def tag(self) -> str:
        """The CSS tag class: red when late, amber when open, green when in time."""
        return {
            WAITING: "tag-grey",
            OPEN: "tag-due",
            LATE: "tag-late",
            ON_TIME: "tag-ok",
            DONE_LATE: "tag-late",
            WITHDRAWN: "tag-grey",
        }[self.state]


def clock(
    due: datetime | None,
    delivered_at: datetime | None,
    now: datetime,
    withdrawn_at: datetime | None = None,
) -> Clock:
    """Time left, how late, or how it ended; a delivered request is judged on delivery,
    a withdrawn one is not judged at all (no report was owed any more)."""
    if withdrawn_at is not None:
        return Clock(WITHDRAWN, _("dibatalkan"), due)
    if due is None:
        return Clock(WAITING, _("tenggat berjalan sejak PK ditunjuk"), None)
    if delivered_at is not None:
        if delivered_at <= due:
            return Clock(ON_TIME, _("terkirim tepat waktu"), due)
        return Clock(
            DONE_LATE, _("terkirim terlambat %(time)s", time=duration(delivered_at - due)), due
        )
    if now <= due:
        return Clock(OPEN, _("sisa %(time)s", time=duration(due - now)), due)
    return Clock(LATE, _("terlambat %(time)s", time=duration(now - due)), due)
