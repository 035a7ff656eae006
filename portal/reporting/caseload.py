"""What a caseload shows per client: wajib lapor missed or due, and the last contact.

The PK's home, "Kasus saya" and the administrator's table of PKs read these facts
for many clients at once, so each is one grouped statement over a SELECT of client
ids (never a query per client). The rules are those of `operations`: a due date is
open while it has no report, no violation and is not cancelled; it is missed
("terlambat") once its window has closed. Days late count from the due date itself,
the day the client should have reported: the window is a tolerance, not a new date.

Last contact = the latest report (any mode) or guidance session the client attended
(on time or late): the last day a PK met the client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, g
from sqlalchemy import ColumnElement, Select, func, select, union_all

from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import operations as client_ops
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import ListedClient, Page, juvenile_guard
from portal.extensions import db
from portal.formatting import day
from portal.guidance import vocab as guidance_vocab
from portal.guidance.models import GuidanceSession, SessionAttendance
from portal.home.worklist import TAGS, Urgency
from portal.i18n import gettext as _
from portal.i18n import ngettext
from portal.lru import LRU
from portal.officeversion import CASELOAD, SHARED, scope_version, versions_of_kind
from portal.reporting.models import Report, ReportDue
from portal.reporting.operations import still_open


def due_facts(client_ids: Select | list[int], today: date, opened_by: date | None = None) -> Select:
    """Per client (of `client_ids`) with an open due date since their last report: when
    the client became late (`late_since`: the first date missed since their last
    report) and how many dates that is (`late_count`); the next due date not missed
    yet (`next_due`) and its window (`next_from`, `next_until`).

    A client who missed March but reported in April is not late now: March stays open
    on their schedule (the wajib lapor page lists it, to be met late or recorded as a
    violation), not a lateness. So only due dates whose window ends on or after the
    last report are read: a few per client, not their whole history. With `opened_by`,
    only due dates whose window has opened by that day count. Pass a list of ids where
    it is at hand: PostgreSQL then reads those clients' due dates by index."""
    return due_facts_of(lambda column: column.in_(client_ids), today, opened_by)


def due_facts_of(
    of_clients: Callable[[Any], ColumnElement[bool]], today: Any, opened_by: Any = None
) -> Select:
    """`due_facts` of the clients `of_clients(a client_id column)` admits; `today` and
    `opened_by` may be bound parameters (a statement built once, `portal.idlist`)."""
    reported = (
        select(Report.client_id.label("client_id"), func.max(Report.reported_on).label("day"))
        .where(of_clients(Report.client_id))
        .group_by(Report.client_id)
        .subquery()
    )
    since = func.coalesce(reported.c.day, date.min)
    late = (ReportDue.window_to < today) & (ReportDue.due_on > since)
    open_now = ReportDue.window_to >= today
    opened = [ReportDue.window_from <= opened_by] if opened_by is not None else []
    return (
        select(
            ReportDue.client_id.label("client_id"),
            func.min(ReportDue.due_on).filter(late).label("late_since"),
            func.count(ReportDue.id).filter(late).label("late_count"),
            func.min(ReportDue.due_on).filter(open_now).label("next_due"),
            func.min(ReportDue.window_to).filter(open_now).label("next_until"),
            func.min(ReportDue.window_from).filter(open_now).label("next_from"),
        )
        .outerjoin(reported, reported.c.client_id == ReportDue.client_id)
        .where(
            of_clients(ReportDue.client_id),
            ReportDue.window_to >= since,
            *still_open(),
            *opened,
        )
        .group_by(ReportDue.client_id)
    )


def last_contacts(client_ids: Select | list[int]) -> Select:
    """Per client (of `client_ids`) ever met: the day of the last contact (`last_contact`)."""
    met = (GuidanceSession.id == SessionAttendance.session_id) & SessionAttendance.attendance.in_(
        (guidance_vocab.HADIR, guidance_vocab.TERLAMBAT)
    )
    contacts = union_all(
        select(Report.client_id.label("client_id"), Report.reported_on.label("day")).where(
            Report.client_id.in_(client_ids)
        ),
        select(SessionAttendance.client_id, GuidanceSession.held_on)
        .join_from(SessionAttendance, GuidanceSession, met)
        .where(SessionAttendance.client_id.in_(client_ids)),
    ).subquery()
    return select(
        contacts.c.client_id.label("client_id"),
        func.max(contacts.c.day).label("last_contact"),
    ).group_by(contacts.c.client_id)


@dataclass(frozen=True, slots=True)
class Reporting:
    """A client's wajib lapor standing today, as `due_facts` found it."""

    late_since: date | None = None
    late_count: int = 0
    next_due: date | None = None
    next_until: date | None = None
    next_from: date | None = None

    def urgency(self, today: date) -> Urgency | None:
        """Missed, due today, window open (SOON) or not yet open (LATER); None: no due
        date left open."""
        if self.late_since is not None:
            return Urgency.LATE
        if self.next_due is None:
            return None
        if self.next_due == today:
            return Urgency.TODAY
        return Urgency.SOON if self.next_from <= today else Urgency.LATER

    def days_late(self, today: date) -> int:
        return (today - self.late_since).days if self.late_since else 0

    def tag(self, today: date) -> str:
        """The tag's class: red when late, amber when due or open, grey otherwise."""
        urgency = self.urgency(today)
        return TAGS[urgency] if urgency is not None else ""

    def anchor(self, today: date) -> str:
        """The case-file section to act on: the report form once a window is open."""
        return "wajib-lapor" if self.urgency(today) in (None, Urgency.LATER) else "catat-laporan"

    def describe(self, today: date) -> str:
        """In words: "terlambat 12 hari", "jatuh tempo hari ini", "lapor s.d. 5 Des 2026"."""
        urgency = self.urgency(today)
        if urgency is None:
            return ""
        if urgency == Urgency.LATE:
            n = self.days_late(today)
            text = ngettext("terlambat %(num)d hari", "terlambat %(num)d hari", n)
            if self.late_count > 1:
                text += " · " + _("%(n)d jadwal terlewat", n=self.late_count)
            return text
        if urgency == Urgency.TODAY:
            return _("jatuh tempo hari ini")
        if urgency == Urgency.SOON:
            return _("lapor s.d. %(date)s", date=day(self.next_until))
        return _("lapor berikutnya %(date)s", date=day(self.next_due))


def reporting_of(row) -> Reporting:
    """A `Reporting` from a row holding `due_facts`' columns (None where not joined)."""
    return Reporting(
        row.late_since,
        row.late_count or 0,
        row.next_due,
        row.next_until,
        row.next_from,
    )


@dataclass(frozen=True, slots=True)
class PkCaseload:
    """One PK's row of the administrator's caseload table."""

    pk: User
    active: int  # clients in guidance (status aktif)
    anak: int  # of which juveniles
    late: int  # of which late reporting now (a date missed since their last report)


def caseload_by_pk(user: User, today: date) -> list[PkCaseload]:
    """Every PK of the office (active ones first) with their caseload and how many of
    their clients are late reporting now (`due_facts`); the juvenile rule applies."""
    pks = db.session.scalars(
        select(User).where(User.role == Role.PK).order_by(User.active.desc(), User.full_name)
    ).all()
    counts = _caseload_counts(user, today, [pk.id for pk in pks])
    return [PkCaseload(pk, *counts.get(pk.id, (0, 0, 0))) for pk in pks]


# The administrator's home shows every PK's counts and is made afresh after any write
# in the office; counting all of them reads the whole office's due dates and reports
# (1.5 s at 20,000 clients). One PK's counts change only with a write to their
# caseload (officeversion.CASELOAD) or to shared data, so each PK's are kept per
# process under those versions and the day: after a PK records a report, that PK's
# counts alone are made again (a few of their clients' rows).
_KEPT_COUNTS = 4096
_BY_LIST = 20  # up to this many PKs to count: their clients' ids as a list (by index)


def _kept_counts() -> LRU:
    return current_app.extensions.setdefault("caseload_counts", LRU(_KEPT_COUNTS))


def _caseload_counts(user: User, today: date, pk_ids: list[int]) -> dict[int, tuple]:
    """(active, anak, late) per PK id, kept or counted."""
    if user.role != Role.ADMIN:  # the juvenile rule would hide some clients: not kept
        return _count(user, today, pk_ids)
    office = g.office.id
    versions = versions_of_kind(office, CASELOAD)
    shared = scope_version(office, SHARED)
    keys = {pk: (office, pk, versions.get(pk, 0), shared, today) for pk in pk_ids}
    kept = _kept_counts()
    found = {pk: kept.peek(key) for pk, key in keys.items()}
    stale = [pk for pk, counts in found.items() if counts is None]
    if stale:
        counted = _count(user, today, stale)
        for pk in stale:
            found[pk] = counted.get(pk, (0, 0, 0))
            kept.put(keys[pk], found[pk])
    return found


def _count(user: User, today: date, pk_ids: list[int]) -> dict[int, tuple]:
    """(active, anak, late) per PK id, counted now: one grouped statement."""
    if not pk_ids:
        return {}
    mine = [Client.status == client_vocab.AKTIF, Client.pk_id.in_(pk_ids), juvenile_guard(user)]
    active: Select | list[int] = select(Client.id).where(*mine)
    if len(pk_ids) <= _BY_LIST:
        active = db.session.scalars(active).all() or [0]
    facts = due_facts(active, today, opened_by=today).subquery()
    rows = db.session.execute(
        select(
            Client.pk_id,
            func.count(Client.id),
            func.count(Client.id).filter(Client.category == client_vocab.ANAK),
            func.count(facts.c.late_since),
        )
        .outerjoin(facts, facts.c.client_id == Client.id)
        .where(*mine)
        .group_by(Client.pk_id)
    ).all()
    return {pk: tuple(counts) for pk, *counts in rows}


# --- "Kasus saya": the PK's own clients with their standing -------------------------------


@dataclass(frozen=True, slots=True)
class CaseloadClient:
    """A row of "Kasus saya": the client list's columns and the client's standing."""

    client: ListedClient
    reporting: Reporting
    last_contact: date | None

    def __getattr__(self, name: str):  # the list template reads the client's columns
        if name == "client":  # not set yet: no recursion
            raise AttributeError(name)
        return getattr(self.client, name)


MINE_SORTS = {"urgensi", "lapor", "kontak", *client_ops.SORTS}


def _mine_order(sort: str, dues, contacts) -> list:
    if sort == "urgensi":  # late first (longest late first), then by the last day to report
        return [
            dues.c.late_since.asc().nulls_last(),
            dues.c.next_until.asc().nulls_last(),
            Client.name,
            Client.id,
        ]
    if sort == "lapor":
        return [dues.c.next_due.asc().nulls_last(), Client.name, Client.id]
    if sort == "kontak":  # the longest without a contact first, never met before all
        return [contacts.c.last_contact.asc().nulls_first(), Client.name, Client.id]
    return list(client_ops.SORTS.get(sort, client_ops.SORTS["akhir"]))


def my_caseload(
    user: User, today: date, *, status: str, q: str = "", sort: str = "urgensi", page: int = 1
) -> Page:
    """One page of the PK's own clients with their wajib lapor standing and last contact,
    sortable by them: two statements, the PK's matching clients' ids, then the page with
    the facts grouped over those clients only."""
    criteria = client_ops.list_criteria(q=q, status=status, pk_id=user.id)
    own = db.session.scalars(select(Client.id).where(*criteria)).all() or [0]
    dues = due_facts(own, today).subquery()
    contacts = last_contacts(own).subquery()
    page = max(1, page)

    def rows_of(number: int) -> list:
        return db.session.execute(
            client_ops.visible_clients(
                user,
                *client_ops.LIST_COLUMNS,
                dues.c.late_since,
                dues.c.late_count,
                dues.c.next_due,
                dues.c.next_until,
                dues.c.next_from,
                contacts.c.last_contact,
                func.count().over(),
            )
            .outerjoin(dues, dues.c.client_id == Client.id)
            .outerjoin(contacts, contacts.c.client_id == Client.id)
            .where(*criteria)
            .order_by(*_mine_order(sort, dues, contacts))
            .limit(client_ops.PAGE_SIZE)
            .offset((number - 1) * client_ops.PAGE_SIZE)
        ).all()

    rows = rows_of(page)
    if not rows and page > 1:  # past the last page: show the last one
        total = db.session.scalar(client_ops.visible_clients(user, func.count()).where(*criteria))
        page = max(1, -(-total // client_ops.PAGE_SIZE))
        rows = rows_of(page)
    items = [
        CaseloadClient(
            ListedClient(*row[:8], pk_name=user.full_name), reporting_of(row), row.last_contact
        )
        for row in rows
    ]
    return Page(items, rows[0][-1] if rows else 0, page)
