"""Keeping figures current without a manual step.

Every transaction that writes office data bumps that office's `data_version`
(a listener on the session, so no feature can forget it); the office's accounts count
as its data, their sign-in bookkeeping and an import's progress do not. The bump is
made as the transaction commits, so the office's status row is locked only for the
commit, not for the whole of a long import. In the same statements it records what
the write changed (portal.officeversion): the clients whose data it wrote and their
PKs' caseloads, or, when that is not known or not one client's data, the office's
shared version. Kept office pages are keyed by these versions (portal.pagecache). As
it commits, such a transaction also tells every process what changed
(portal.officewatch), accounts and sessions included.
Pages that show figures call `ensure_current`, which recomputes the stale offices
first: figures are current on the first request after a change, and computing one
office takes well under the two seconds a user may wait (see bench/national.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context
from sqlalchemy import delete, event, func, insert, inspect, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import MANYTOONE, Session

from portal import officewatch
from portal.auth.models import User, UserSession
from portal.clients.models import Client
from portal.extensions import db
from portal.indicators.measures import DAILY, DAILY_PREFIXES, SOURCES
from portal.indicators.models import IndicatorFact, IndicatorStatus, ScopeVersion
from portal.indicators.periods import all_periods
from portal.indicators.scopes_at_once import record_scopes
from portal.offices.models import Office
from portal.officeversion import (
    CASELOAD,
    CLIENT,
    DATA,
    ROSTER,
    known,
    remember_versions,
    wrote,
)
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
_NOT_DATA = (IndicatorFact, IndicatorStatus, ScopeVersion, ImportBatch)
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


# Beyond this many clients and caseloads in one write (an import), the write counts as
# the office's shared data: one bump instead of thousands of rows, and a notification
# that stays far below PostgreSQL's 8,000 bytes.
SCOPES_PER_WRITE = 100
_PAYLOAD_MAX = 7000


@dataclass
class _Marks:
    """What a transaction changed of one office (see portal.officeversion)."""

    shared: bool = False
    clients: set[int] = field(default_factory=set)
    pks: set[int] = field(default_factory=set)
    through: dict = field(default_factory=dict)  # model -> ids of rows reaching clients
    roster: bool = False  # a `clients` row itself: the office's register (ROSTER)


def _values(obj, name: str) -> set | None:
    """Every value a column of `obj` had in this flush, old and new (None: not known,
    the attribute was never loaded)."""
    history = inspect(obj).attrs[name].history
    if not (history.added or history.unchanged or history.deleted):
        return None
    return {*history.added, *history.unchanged, *history.deleted} - {None}


def _through(cls):
    """(model, its column matched in `_through_refs`) for a model whose rows reach their
    clients through another's rows (`__clients_through__`, a relationship name): rows
    naming it (a guidance session's attendances), or the row it names (a training
    follow-up's participant); else None."""
    name = getattr(cls, "__clients_through__", None)
    if name is None:
        return None
    relationship = inspect(cls).relationships[name]
    (column,) = relationship.remote_side
    return relationship.mapper.class_, column


def _through_refs(obj, deleted: bool) -> set | None:
    """The values `_through`'s column holds for `obj`'s clients: the ids of the rows it
    names (many-to-one), or its own id (rows naming it; not for a deleted row, whose
    rows may be gone too). None: not known, or not through another's rows."""
    name = getattr(type(obj), "__clients_through__", None)
    if name is None:
        return None
    relationship = inspect(type(obj)).relationships[name]
    if relationship.direction is MANYTOONE:
        (local,) = relationship.local_columns
        return _values(obj, local.key)
    return None if deleted else {obj.id}


def _pending(session: Session, office: int) -> _Marks | None:
    """The office's marks, made if needed; None when every office is marked already."""
    pending = session.info.setdefault(_PENDING, {})
    if pending == _EVERY_OFFICE:
        return None
    return pending.setdefault(office, _Marks())


def _mark_object(session: Session, office: int, obj, deleted: bool) -> None:
    marks = _pending(session, office)
    if marks is None or marks.shared:
        return
    cls, columns = type(obj), inspect(type(obj)).column_attrs.keys()
    clients: set | None = None
    if isinstance(obj, Client):
        clients = {obj.id}
        marks.roster = True
    elif "client_id" in columns:
        clients = _values(obj, "client_id")
    elif (refs := _through_refs(obj, deleted)) is not None:
        marks.through.setdefault(cls, set()).update(refs)
        clients = set()
    pks = _values(obj, "pk_id") if "pk_id" in columns and clients is not None else set()
    if clients is None or pks is None:
        marks.shared = True  # not one client's data, or not known whose: fail closed
    else:
        marks.clients |= clients
        marks.pks |= pks


def _mark_shared(session: Session, offices: set[int] | None) -> None:
    """The offices' shared data changed (None: every office)."""
    if offices is None:
        session.info[_PENDING] = _EVERY_OFFICE
        return
    for office in offices:
        marks = _pending(session, office)
        if marks is not None:
            marks.shared = True


def _mark_told(session: Session, offices: set[int] | None) -> None:
    """Offices to tell about at commit without bumping (None: every office)."""
    told = session.info.get(_ACCOUNTS)
    if offices is None or told == _EVERY_OFFICE:
        session.info[_ACCOUNTS] = _EVERY_OFFICE
    else:
        session.info[_ACCOUNTS] = (told or set()) | offices


def _revokes_session(session: Session, obj) -> bool:
    """A session row changed in more than its last-seen time (revoked, or removed)."""
    # Inside after_flush a deleted row's state does not say so yet: ask the session.
    return obj in session.deleted or _changed_columns(obj, _SEEN_ONLY)


def _after_flush(session: Session, flush_context) -> None:
    changed = (*session.new, *session.deleted, *(o for o in session.dirty if _changed_data(o)))
    for obj in changed:
        office = _office_of(obj)
        if office is not None:
            _mark_object(session, office, obj, obj in session.deleted)
    # Sign-in bookkeeping is not data, but a remembered session must not outlive it.
    accounts = {o.office_id for o in session.dirty if isinstance(o, User)} - {None}
    if accounts:
        _mark_told(session, accounts)
    changed = (*session.dirty, *session.deleted)
    if any(isinstance(o, UserSession) and _revokes_session(session, o) for o in changed):
        _mark_told(session, None)  # whose office is not known here: tell every office


def _inserted(state, name: str) -> set | None:
    """The values of a column in an ORM INSERT's parameter rows (None: not all known)."""
    rows = state.parameters
    rows = [rows] if isinstance(rows, dict) else rows
    if not rows or any(not isinstance(row, dict) for row in rows):
        return None
    values = {row.get(name) for row in rows}
    return values - {None} if all(isinstance(v, int | None) for v in values) else None


def _bulk_write(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mappers = state.all_mappers
    if not state.is_insert and any(issubclass(m.class_, UserSession) for m in mappers):
        _mark_told(state.session, None)  # sessions ended by a statement
    if not any(_is_data(m.class_) for m in mappers):
        return
    office = current_office_id(state.session)
    if office is None or sees_all_offices(state.session):
        _mark_shared(state.session, None)
        return
    marks = _pending(state.session, office)
    if marks is None or marks.shared:
        return
    # Rows inserted for named clients (a report, a due date) are those clients' data;
    # any other statement may touch any row: the office's shared data.
    columns = [m.column_attrs.keys() for m in mappers]
    clients = _inserted(state, "client_id") if state.is_insert else None
    pks = _inserted(state, "pk_id") if all("pk_id" in c for c in columns) else set()
    if clients is None or pks is None or not all("client_id" in c for c in columns):
        marks.shared = True
    else:
        marks.clients |= clients
        marks.pks |= pks


def _resolve(session: Session, pending: dict[int, _Marks]) -> None:
    """Complete the marks in SQL: the clients of rows that reach them through others,
    and the caseloads of every client written; a write of too many counts as shared.

    Run once the office's status row is locked (`_bump`): a write committed meanwhile
    (a client handed to another PK, an attendee added) is then seen here, or else it
    waits for this commit and marks its own change after it.
    """
    connection = session.connection()
    for marks in pending.values():
        for model, ids in marks.through.items():
            target, column = _through(model)
            marks.clients |= set(
                connection.scalars(select(target.client_id).where(column.in_(ids)))
            )
    wanted = {c for m in pending.values() for c in m.clients}
    if wanted and len(wanted) <= SCOPES_PER_WRITE * len(pending):
        table = Client.__table__
        for office, pk in connection.execute(
            select(table.c.office_id, table.c.pk_id)
            .where(table.c.id.in_(wanted), table.c.pk_id.is_not(None))
            .distinct()
        ):
            if office in pending:
                pending[office].pks.add(pk)
    for marks in pending.values():
        if len(marks.clients) + len(marks.pks) > SCOPES_PER_WRITE or not (
            marks.clients or marks.pks
        ):
            marks.shared = True


def _bump(
    session: Session, office_ids: set[int] | None, data: bool = True, shared: bool = False
) -> list[tuple[int, int]]:
    """Bump data_version and/or shared_version in the writing transaction (None: every
    office), which locks the offices' status rows until the commit; return the offices'
    data versions."""
    table = IndicatorStatus.__table__
    values = {"data_version": table.c.data_version + 1} if data else {}
    if shared:
        values["shared_version"] = table.c.shared_version + 1
    stmt = update(table).values(values).returning(table.c.office_id, table.c.data_version)
    if office_ids is not None:
        stmt = stmt.where(table.c.office_id.in_(office_ids))
    return [tuple(row) for row in session.connection().execute(stmt)]


def _write_scopes(session: Session, scoped: dict[int, _Marks], bumped: list) -> None:
    """Each written client and caseload (and the register, when a `clients` row was
    written) takes its office's new data version."""
    versions = dict(bumped)
    rows = [
        {"office_id": office, "kind": kind, "ref_id": ref, "version": versions[office]}
        for office, marks in scoped.items()
        if office in versions  # an office with no status row yet keys no page yet
        for kind, refs in (
            (CLIENT, marks.clients),
            (CASELOAD, marks.pks),
            (ROSTER[0], {ROSTER[1]} if marks.roster else ()),
        )
        for ref in sorted(refs)
    ]
    if not rows:
        return
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(ScopeVersion.__table__).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["office_id", "kind", "ref_id"], set_={"version": stmt.excluded.version}
    )
    connection.execute(stmt)


def _scopes_at_once(session: Session, scoped: dict[int, _Marks], bumped: list) -> list | None:
    """One office's write, on PostgreSQL: its scopes resolved, recorded and told in one
    statement (portal.indicators.scopes_at_once); the changes told, or None when that
    does not apply or the write turns out shared (then nothing was written or told)."""
    if len(scoped) != 1 or len(bumped) != 1 or session.connection().dialect.name != "postgresql":
        return None
    ((office, marks),) = scoped.items()
    ((_, version),) = bumped
    through = []
    for model, ids in marks.through.items():
        target, column = _through(model)
        through.append((target.__table__.name, column.name, ids))
    return record_scopes(
        session,
        office=office,
        version=version,
        clients=marks.clients,
        pks=marks.pks,
        through=through,
        roster=marks.roster,
        most=SCOPES_PER_WRITE,
    )


def _changes(pending, told) -> list | str:
    """What to tell other processes: (office, scope or None) pairs, or EVERY_OFFICE."""
    if _EVERY_OFFICE in (pending, told):
        return _EVERY_OFFICE
    whole = set(told or ()) | {o for o, m in (pending or {}).items() if m.shared}
    changes = [(office, None) for office in sorted(whole)]
    for office, marks in sorted((pending or {}).items()):
        if office not in whole:
            changes += [(office, (CLIENT, c)) for c in sorted(marks.clients)]
            changes += [(office, (CASELOAD, p)) for p in sorted(marks.pks)]
            changes += [(office, ROSTER)] if marks.roster else []
    if len(officewatch.payload_of(changes)) > _PAYLOAD_MAX:  # many offices: tell them whole
        changes = sorted({(office, None) for office, _ in changes})
        if len(officewatch.payload_of(changes)) > _PAYLOAD_MAX:
            return _EVERY_OFFICE
    return changes


def _before_commit(session: Session) -> None:
    session.flush()  # what the commit would flush is marked too
    pending = session.info.pop(_PENDING, None)
    told = session.info.pop(_ACCOUNTS, None)
    bumped: list[tuple[int, int]] = []
    if pending == _EVERY_OFFICE:
        bumped = _bump(session, None, shared=True)
    elif pending:
        shared = {o for o, m in pending.items() if m.shared}
        if shared:
            bumped += _bump(session, shared, shared=True)
        scoped = {o: m for o, m in pending.items() if not m.shared}
        if scoped:
            versions = _bump(session, set(scoped))  # locked first: see _resolve
            if not shared and not told:
                told_now = _scopes_at_once(session, scoped, versions)
                if told_now is not None:
                    session.info[_COMMITTING] = (told_now, versions)
                    return
            _resolve(session, scoped)
            escalated = {o for o, m in scoped.items() if m.shared}
            if escalated:
                _bump(session, escalated, data=False, shared=True)
            _write_scopes(session, {o: m for o, m in scoped.items() if not m.shared}, versions)
            bumped += versions
    if not pending and not told:
        return
    changes = _changes(pending, told)
    if not changes:
        return
    payload = changes if changes == _EVERY_OFFICE else officewatch.payload_of(changes)
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # delivered to every listener at commit
        connection.execute(select(func.pg_notify(officewatch.CHANNEL, payload)))
    session.info[_COMMITTING] = (changes, bumped)


def _after_commit(session: Session) -> None:
    committed = session.info.pop(_COMMITTING, None)
    if committed is None:
        return
    changes, bumped = committed
    watch = officewatch.for_engine(session.get_bind())
    if watch is not None:
        watch.changed_here(changes)
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


def _compute(today: date, daily: bool) -> dict[str, dict[str, float]]:
    """Every source's measures; the daily ones (`measures.DAILY`) only when `daily`."""
    periods = all_periods(today.year - YEARS_KEPT + 1, today)
    merged: dict[str, dict[str, float]] = {p.key: {} for p in periods}
    for source in SOURCES:
        if source in DAILY and not daily:
            continue
        for key, measures in source(periods, today).items():
            merged[key].update(measures)
    return merged


def _day_start(zone: str) -> datetime:
    """The start of today in `zone`, as a stored time (naive UTC)."""
    tz = ZoneInfo(zone)
    today = datetime.now(tz).date()
    return datetime.combine(today, datetime.min.time(), tz).astimezone(UTC).replace(tzinfo=None)


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
        # The daily sources' figures are kept from the day's first computation.
        daily = force or not _computed_today(status, office, today)
        values = _compute(today, daily)
        if daily:
            session.execute(delete(IndicatorFact))
        else:
            session.execute(
                delete(IndicatorFact).where(
                    ~or_(*(IndicatorFact.measure.startswith(p) for p in DAILY_PREFIXES))
                )
            )
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
    version = known(office.id, DATA)
    if version is not None:
        return version
    query = select(IndicatorStatus.data_version, IndicatorStatus.shared_version).where(
        IndicatorStatus.office_id == office.id
    )
    row = db.session.execute(query).first()
    if row is None:
        db.session.commit()
        with current_app.app_context(), office_scope(office.id):
            _create_status(db.session, office)
        row = db.session.execute(query).first()
    remember_versions(office.id, *row)
    return row[0]


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
    # "Computed today" for each office's zone, said once per zone: the start of the
    # office's day as a stored (naive UTC) time; figures computed before it are stale.
    day_starts: dict[str, datetime] = {}
    stale = []
    for o in offices:
        s = statuses.get(o.id)
        if s is None or s.computed_version != s.data_version or s.computed_at is None:
            stale.append(o)
            continue
        start = day_starts.get(o.timezone)
        if start is None:
            start = day_starts[o.timezone] = _day_start(o.timezone)
        if s.computed_at < start:
            stale.append(o)
    if not stale:
        return _versions(statuses)
    # Only then: a commit expires every loaded object, and reloading ninety offices
    # would cost more than the whole page when nothing needs recomputing.
    db.session.commit()
    for office in stale:
        refresh_office(office)
    return _versions(_statuses(offices))


_STATUSES = select(
    IndicatorStatus.office_id,
    IndicatorStatus.data_version,
    IndicatorStatus.computed_version,
    IndicatorStatus.computed_at,
)


class Status(NamedTuple):
    office_id: int
    data_version: int
    computed_version: int | None
    computed_at: datetime | None


_READ = "indicator_statuses"  # in `g`: what the request read with its offices


def read_with_offices(office_ids: set[int], statuses: dict[int, Status]) -> None:
    """The request has just read these offices' statuses (with the offices themselves):
    the next staleness check over them uses these instead of reading them again."""
    g.setdefault(_READ, (office_ids, statuses))


def _statuses(offices: list[Office]) -> dict:
    wanted = {o.id for o in offices}
    read = g.pop(_READ, None) if has_request_context() else None
    if read is not None and wanted <= read[0]:
        return {i: s for i, s in read[1].items() if i in wanted}
    with all_offices("indicators: which offices' figures are stale"):
        # Plain rows, not entities: nothing of another office enters this session.
        # Every office's row (one per office) and not `IN (ninety ids)`: a statement
        # that long is parsed again on every request, and this runs on every request.
        rows = db.session.execute(_STATUSES).all()
    return {row.office_id: row for row in rows if row.office_id in wanted}


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
