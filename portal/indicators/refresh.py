"""Keeping figures current without a manual step.

Every transaction that writes office data bumps that office's `data_version`
(a listener on the session, so no feature can forget it); the office's accounts count
as its data, their sign-in bookkeeping and an import's progress do not. The bump is
made as the transaction commits, so the office's status row is locked only for the
commit, not for the whole of a long import. Kept office pages are keyed by the
same version (portal.pagecache). As it commits, such a transaction also tells every
process which offices changed (portal.officewatch), accounts and sessions included.
Pages that show figures call `ensure_current`, which recomputes the stale offices
first: figures are current on the first request after a change, and computing one
office takes well under the two seconds a user may wait (see bench/national.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, event, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import officewatch
from portal.auth.models import User, UserSession
from portal.extensions import db
from portal.indicators.measures import SOURCES
from portal.indicators.models import IndicatorFact, IndicatorStatus
from portal.indicators.periods import all_periods
from portal.offices.models import Office
from portal.officeversion import known_version, version_query, wrote
from portal.tenancy import (
    OfficeScoped,
    all_offices,
    current_office_id,
    office_scope,
    sees_all_offices,
)
from portal.timeutil import utcnow
from portal.transfer.models import ImportBatch

YEARS_KEPT = 10
_NOT_DATA = (IndicatorFact, IndicatorStatus, ImportBatch)
_PENDING = "indicators_changed_offices"  # in session.info until the commit
_ACCOUNTS = "accounts_changed_offices"  # changed without new data: told, not bumped
_COMMITTING = "offices_changed_by_commit"  # (offices told, versions bumped)
_EVERY_OFFICE = officewatch.EVERY_OFFICE


def office_today(office: Office) -> date:
    return datetime.now(ZoneInfo(office.timezone)).date()


# --- marking offices whose data changed ----------------------------------------------


# A sign-in writes these; it must not make an office's figures and pages stale.
_SIGN_IN_BOOKKEEPING = frozenset({"last_login_at", "password_hash", "must_change_password"})
# A session row written for this alone is still the same open session.
_SEEN_ONLY = frozenset({"last_seen_at"})


def _is_data(cls) -> bool:
    return (issubclass(cls, OfficeScoped) and not issubclass(cls, _NOT_DATA)) or issubclass(
        cls, User
    )


def _office_of(obj) -> int | None:
    """The office whose data `obj` is (None: not office data; central accounts)."""
    return obj.office_id if _is_data(type(obj)) else None


def _changed_columns(obj, ignoring: frozenset[str]) -> bool:
    """Whether a dirty object's flush changes any column but those `ignoring`."""
    state = inspect(obj)
    return any(
        state.attrs[name].history.has_changes()
        for name in state.mapper.column_attrs.keys()
        if name not in ignoring
    )


def _changed_data(obj) -> bool:
    """Whether a changed (dirty) object's flush changed data, not only bookkeeping."""
    return not isinstance(obj, User) or _changed_columns(obj, _SIGN_IN_BOOKKEEPING)


def _bump(session: Session, office_ids: set[int] | None) -> list[tuple[int, int]]:
    """Bump data_version in the writing transaction (None: every office); return the
    offices' new versions."""
    table = IndicatorStatus.__table__
    stmt = (
        update(table)
        .values(data_version=table.c.data_version + 1)
        .returning(table.c.office_id, table.c.data_version)
    )
    if office_ids is not None:
        stmt = stmt.where(table.c.office_id.in_(office_ids))
    return [tuple(row) for row in session.connection().execute(stmt)]


def _mark(session: Session, offices: set[int] | None, key: str = _PENDING) -> None:
    """Remember offices to bump (or only to tell about) at commit (None: every office)."""
    pending = session.info.get(key)
    if offices is None or pending == _EVERY_OFFICE:
        session.info[key] = _EVERY_OFFICE
    else:
        session.info[key] = (pending or set()) | offices


def _revokes_session(session: Session, obj) -> bool:
    """A session row changed in more than its last-seen time (revoked, or removed)."""
    # Inside after_flush a deleted row's state does not say so yet: ask the session.
    return obj in session.deleted or _changed_columns(obj, _SEEN_ONLY)


def _after_flush(session: Session, flush_context) -> None:
    offices = {_office_of(obj) for obj in (*session.new, *session.deleted)}
    offices |= {_office_of(obj) for obj in session.dirty if _changed_data(obj)}
    offices.discard(None)
    if offices:
        _mark(session, offices)
    # Sign-in bookkeeping is not data, but a remembered session must not outlive it.
    accounts = {o.office_id for o in session.dirty if isinstance(o, User)} - {None}
    if accounts:
        _mark(session, accounts, _ACCOUNTS)
    changed = (*session.dirty, *session.deleted)
    if any(isinstance(o, UserSession) and _revokes_session(session, o) for o in changed):
        _mark(session, None, _ACCOUNTS)  # whose office is not known here: tell every office


def _bulk_write(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mappers = state.all_mappers
    if not state.is_insert and any(issubclass(m.class_, UserSession) for m in mappers):
        _mark(state.session, None, _ACCOUNTS)  # sessions ended by a statement
    if not any(_is_data(m.class_) for m in mappers):
        return
    office = current_office_id(state.session)
    everywhere = office is None or sees_all_offices(state.session)
    _mark(state.session, None if everywhere else {office})


def _payload(*marks) -> str | None:
    if _EVERY_OFFICE in marks:
        return _EVERY_OFFICE
    offices = set().union(*(m for m in marks if m))
    return ",".join(str(o) for o in sorted(offices)) or None


def _before_commit(session: Session) -> None:
    session.flush()  # what the commit would flush is marked too
    pending = session.info.pop(_PENDING, None)
    accounts = session.info.pop(_ACCOUNTS, None)
    bumped = _bump(session, None if pending == _EVERY_OFFICE else pending) if pending else []
    payload = _payload(pending, accounts)
    if payload is None:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # delivered to every listener at commit
        connection.execute(select(func.pg_notify(officewatch.CHANNEL, payload)))
    session.info[_COMMITTING] = (payload, bumped)


def _after_commit(session: Session) -> None:
    committed = session.info.pop(_COMMITTING, None)
    if committed is None:
        return
    payload, bumped = committed
    watch = officewatch.for_engine(session.get_bind())
    if watch is not None:
        watch.changed_here(officewatch.offices_of(payload))
    for office_id, version in bumped:
        wrote(office_id, version)


def _forget(session: Session, previous_transaction) -> None:
    """A rolled-back transaction tells nothing. Only the outermost: a savepoint rolled
    back inside it leaves the marks of the rest (telling too much is harmless)."""
    if previous_transaction.parent is None:
        for key in (_PENDING, _ACCOUNTS, _COMMITTING):
            session.info.pop(key, None)


def install(session_class) -> None:
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "do_orm_execute", _bulk_write)
        event.listen(session_class, "before_commit", _before_commit)
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_soft_rollback", _forget)


# --- recomputing ---------------------------------------------------------------------


def _compute(today: date) -> dict[str, dict[str, float]]:
    periods = all_periods(today.year - YEARS_KEPT + 1, today)
    merged: dict[str, dict[str, float]] = {p.key: {} for p in periods}
    for source in SOURCES:
        for key, measures in source(periods, today).items():
            merged[key].update(measures)
    return merged


def _computed_today(status: IndicatorStatus, office: Office, today: date) -> bool:
    if status.computed_at is None:
        return False
    local = status.computed_at.replace(tzinfo=UTC).astimezone(ZoneInfo(office.timezone))
    return local.date() >= today


def refresh_office(office: Office, force: bool = False) -> bool:
    """Recompute one office's figures if stale; True if it recomputed.

    Runs in an application context of its own, so `db.session` there is a fresh
    session bound to that office (the tenancy filter scopes every query as anywhere
    else) and the caller's session is left untouched. The status row is locked for
    the recomputation (on PostgreSQL), so concurrent requests do not compute the
    same office twice; that office's writers wait the second or so it takes.
    """
    today = office_today(office)
    with current_app.app_context(), office_scope(office.id):
        session = db.session
        status = session.scalar(select(IndicatorStatus).with_for_update())
        if status is None:
            _create_status(session, office)
            status = session.scalar(select(IndicatorStatus).with_for_update())
        if (
            not force
            and status.computed_version == status.data_version
            and _computed_today(status, office, today)
        ):
            session.commit()
            return False
        target = status.data_version
        started = time.perf_counter()
        values = _compute(today)
        session.execute(delete(IndicatorFact))
        rows = [
            {"period": period, "measure": measure, "value": float(value)}
            for period, measures in values.items()
            for measure, value in measures.items()
        ]
        if rows:
            session.execute(insert(IndicatorFact), rows)
        status.computed_version = target
        status.computed_at = utcnow()
        status.compute_seconds = time.perf_counter() - started
        session.commit()
        return True


def _create_status(session: Session, office: Office) -> None:
    try:
        session.add(IndicatorStatus(office_id=office.id, data_version=1))
        session.commit()
    except IntegrityError:  # another request created it meanwhile
        session.rollback()


def data_version(office: Office) -> int:
    """The office's data version now: a key for anything built from its data.

    Read in the office's scope. An office added by a file, a test or SQL has no status
    row until its first use; it is made then (committing the request's pending work,
    at most a last-seen time), so that writes from then on bump it.
    """
    version = known_version(office.id)
    if version is not None:
        return version
    query = version_query(office.id)
    version = db.session.scalar(query)
    if version is None:
        db.session.commit()
        with current_app.app_context(), office_scope(office.id):
            _create_status(db.session, office)
        version = db.session.scalar(query)
    return version


def ensure_current(offices: Iterable[Office]) -> tuple:
    """Recompute whichever of these offices are stale, before figures are read; return
    the offices' figure versions (a key for results built from these figures).

    One query finds the stale offices, so a page over ninety current offices costs a
    single round trip. Before recomputing, the request's own pending work is committed:
    on these read-only pages it is at most the session's last-seen time, and on SQLite
    an open write would lock out the recomputation's own connection.
    """
    offices = list(offices)
    statuses = _statuses(offices)
    stale = [
        o
        for o in offices
        if (s := statuses.get(o.id)) is None
        or s.computed_version != s.data_version
        or not _computed_today(s, o, office_today(o))
    ]
    if not stale:
        return _versions(statuses)
    # Only then: a commit expires every loaded object, and reloading ninety offices
    # would cost more than the whole page when nothing needs recomputing.
    db.session.commit()
    for office in stale:
        refresh_office(office)
    return _versions(_statuses(offices))


def _statuses(offices: list[Office]) -> dict:
    with all_offices("indicators: which offices' figures are stale"):
        # Plain rows, not entities: nothing of another office enters this session.
        return {
            row.office_id: row
            for row in db.session.execute(
                select(
                    IndicatorStatus.office_id,
                    IndicatorStatus.data_version,
                    IndicatorStatus.computed_version,
                    IndicatorStatus.computed_at,
                ).where(IndicatorStatus.office_id.in_([o.id for o in offices]))
            )
        }


def _versions(statuses: dict) -> tuple:
    return tuple(
        sorted((s.office_id, s.computed_version, s.computed_at) for s in statuses.values())
    )


def computed_at(office_ids: list[int]) -> datetime | None:
    """The oldest computation time among these offices: what the page may claim."""
    with all_offices("indicators: when were these offices' figures computed"):
        times = db.session.scalars(
            select(IndicatorStatus.computed_at).where(IndicatorStatus.office_id.in_(office_ids))
        ).all()
    return min((t for t in times if t), default=None)
