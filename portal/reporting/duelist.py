"""The wajib lapor page: one row per client with missed or this week's due dates.

A client who missed four dates used to take four rows; a PK deciding whom to call
first wants one per client: how many dates are missed and still open (neither met
late nor recorded as a violation), since when, and the next date with its window.
Rows come most urgent first: the longest late, then the window closing soonest.

Two statements per page: the page's clients grouped over their open due dates that
are missed or due this week (with the totals as window counts), then the next due
date of those page clients whose next one is later than this week (by index).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.auth.models import User
from portal.clients import operations as client_ops
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import visible_clients
from portal.extensions import db
from portal.reporting.caseload import Reporting
from portal.reporting.models import ReportDue
from portal.reporting.operations import still_open, week_of

PAGE_SIZE = client_ops.PAGE_SIZE


@dataclass(frozen=True, slots=True)
class DueClient:
    id: int
    name: str
    register_number: str
    category: str
    pk_name: str | None
    # late_since: the oldest missed date still open; late_count: how many are open.
    reporting: Reporting

    @property
    def is_anak(self) -> bool:
        return self.category == client_vocab.ANAK


@dataclass(frozen=True)
class DuePage:
    items: list[DueClient]
    total: int  # clients listed over every page
    late: int  # of which with a missed date
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def due_this_week(self) -> int:
        return self.total - self.late


def clients_due(user: User, today: date, *, pk_id: int | None = None, page: int = 1) -> DuePage:
    """Active clients the user may see (of one PK, or all) with an open due date that is
    missed or due this week; one page, the most urgent first."""
    sunday = week_of(today)[1]
    missed = ReportDue.window_to < today
    coming = ReportDue.window_to >= today
    late_since = func.min(ReportDue.due_on).filter(missed)
    criteria = [
        Client.status == client_vocab.AKTIF,
        *still_open(),
        missed | (ReportDue.due_on <= sunday),
    ]
    if pk_id:
        # Said twice, as the PK's worklist does: on the due dates too, so PostgreSQL
        # reads only this PK's clients' due dates by index, not the office's.
        own = select(Client.id).where(Client.pk_id == pk_id, Client.status == client_vocab.AKTIF)
        criteria += [Client.pk_id == pk_id, ReportDue.client_id.in_(own)]
    next_until = func.min(ReportDue.window_to).filter(coming)
    query = (
        visible_clients(
            user,
            Client.id,
            Client.name,
            Client.register_number,
            Client.category,
            User.full_name,
            late_since,
            func.count(ReportDue.id).filter(missed),
            func.min(ReportDue.due_on).filter(coming),
            next_until,
            func.min(ReportDue.window_from).filter(coming),
            func.count().over(),
            func.count(late_since).over(),
        )
        .join_from(Client, ReportDue, ReportDue.client_id == Client.id)
        .outerjoin(User, User.id == Client.pk_id)
        .where(*criteria)
        .group_by(Client.id, Client.name, Client.register_number, Client.category, User.full_name)
        .order_by(
            late_since.asc().nulls_last(), next_until.asc().nulls_last(), Client.name, Client.id
        )
    )
    page = max(1, page)
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    if not rows and page > 1:  # past the last page: show the last one
        total = db.session.execute(query.limit(1)).first()
        if total is not None:
            page = max(1, -(-total[-2] // PAGE_SIZE))
            rows = db.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    later = _next_dues([row[0] for row in rows if row[7] is None], today)
    items = [
        DueClient(
            *row[:5],
            Reporting(row[5], row[6], *(later.get(row[0]) or (row[7], row[8], row[9]))),
        )
        for row in rows
    ]
    return DuePage(items, rows[0][-2] if rows else 0, rows[0][-1] if rows else 0, page)


def _next_dues(client_ids: list[int], today: date) -> dict[int, tuple]:
    """(next due date, its window's last and first day) of these clients, after this week."""
    if not client_ids:
        return {}
    coming = ReportDue.window_to >= today
    rows = db.session.execute(
        select(
            ReportDue.client_id,
            func.min(ReportDue.due_on),
            func.min(ReportDue.window_to),
            func.min(ReportDue.window_from),
        )
        .where(ReportDue.client_id.in_(client_ids), coming, *still_open())
        .group_by(ReportDue.client_id)
    ).all()
    return {client_id: tuple(rest) for client_id, *rest in rows}
