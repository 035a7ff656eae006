"""Versions of an office's data, at three grains, as the request that reads them first saw.

Every write to an office's data bumps its data version (portal.indicators.refresh) and,
in the same transaction, says what it changed:
- SHARED: anything that is not one client's data (accounts, partners, trainings,
  venues, ...) or whose clients are not known (a statement over many rows, a deleted
  row of a kind that reaches its clients through another): the office as a whole;
- ("c", id): one client's own data (the case file's row and every row with its
  `client_id`, a guidance session through its attendances);
- ("p", id): one PK's caseload: every client assigned to that PK (before or after a
  reassignment) whose data changed, and rows that PK recorded (`pk_id`);
- ROSTER, ("r", 0): the office's register of clients, the `clients` rows themselves
  (name, register number, status, program, PK, ...), as the client list shows them: a
  report or a guidance session, written in other tables, leaves it as it was.
A client or caseload version is the office's data version of its last write, so it
never goes back; DATA is the data version itself (any write). These are the keys of
kept pages (portal.pagecache): a page keyed by a client's version and SHARED is served
again after writes to other clients.

Reading them: the signed-in account is read on every office page anyway, and DATA and
SHARED come with it (portal.auth.operations.session_user); a client's or a caseload's
costs one more small query. On PostgreSQL each is then remembered per process under a
ticket of portal.officewatch, and used again without a query while PostgreSQL has
told of no change of it, as the signed-in session is (portal.auth.sessioncache).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, has_request_context, session
from sqlalchemy import ScalarSelect, Select, func, select

from portal import officewatch
from portal.extensions import db
from portal.indicators.models import IndicatorStatus, ScopeVersion
from portal.lru import LRU

DATA = officewatch.DATA
SHARED = None  # the office as a whole: officewatch's whole-office generation
CLIENT, CASELOAD = "c", "p"
ROSTER = ("r", 0)  # the office's clients rows (see the module), one scope per office
SIZE = 8192  # scopes remembered per process


def version_query(office_id) -> Select:
    """SELECT of the office's data version (no row: no status row yet); `office_id` may
    be a bound parameter."""
    return select(IndicatorStatus.data_version).where(IndicatorStatus.office_id == office_id)


def version_of(office_id) -> ScalarSelect:
    """The office's data version as a column to add to a query (NULL: no status row yet)."""
    return version_query(office_id).scalar_subquery()


def shared_of(office_id) -> ScalarSelect:
    """The office's shared version as a column to add to a query."""
    return (
        select(IndicatorStatus.shared_version)
        .where(IndicatorStatus.office_id == office_id)
        .scalar_subquery()
    )


# The data version this browser's own last change made, kept in its session: another
# process may not have heard of that change yet when the browser asks for the next page.
_WROTE = "wv"


def wrote(office_id: int, version: int) -> None:
    """This request committed the office's data at `version`."""
    if has_request_context() and g.get("office") is not None and g.office.id == office_id:
        session[_WROTE] = [office_id, version]


def holds_own_writes(office_id: int, version: int) -> bool:
    """Whether what was read at data version `version` already holds this browser's own
    latest change of the office."""
    office, written = session.get(_WROTE) or (office_id, 0)
    return office != office_id or version >= written


# --- this request's versions --------------------------------------------------------


def remember_versions(office_id: int, data: int | None = None, shared: int | None = None):
    """What this request read: the data version (when read now) and the shared one."""
    if not has_request_context() or (data is None and shared is None):
        return
    known = g.get("office_versions")
    if known is None or known[0] != office_id:
        known = g.office_versions = (office_id, {})
    if data is not None:
        known[1][DATA] = data
    if shared is not None:
        known[1][SHARED] = shared


def known(office_id: int, scope) -> int | None:
    """The scope's version read earlier in this request, if any."""
    found = g.get("office_versions") if has_request_context() else None
    return found[1].get(scope) if found is not None and found[0] == office_id else None


def versions_of_kind(office_id: int, kind: str) -> dict[int, int]:
    """Every client's (CLIENT) or caseload's (CASELOAD) version of the office, by id, in
    one small statement (a scope never written has none: version 0). For a page built
    of many scopes' parts, each part kept under its own version (the administrator's
    table of PKs: portal.reporting.caseload)."""
    return dict(
        db.session.execute(
            select(ScopeVersion.ref_id, ScopeVersion.version).where(
                ScopeVersion.office_id == office_id, ScopeVersion.kind == kind
            )
        ).all()
    )


# --- remembered per process, under the watch's tickets -------------------------------


@dataclass(frozen=True, slots=True)
class _Kept:
    ticket: tuple
    version: int
    data: int  # the data version when read: for the browser's own writes


def _watch() -> officewatch.OfficeWatch | None:
    if not current_app.config["OFFICE_WATCH"]:
        return None
    return officewatch.for_engine(db.engine)


def _kept() -> LRU:
    return current_app.extensions.setdefault("office_scope_versions", LRU(SIZE))


def scope_version(office_id: int, scope) -> int | None:
    """The scope's version now (DATA, SHARED, (CLIENT, id), (CASELOAD, id) or ROSTER); None:
    the office has no status row yet (portal.indicators.refresh.data_version makes it)."""
    found = known(office_id, scope)
    if found is not None:
        return found
    watch = _watch()
    key = (office_id, scope)
    if watch is not None:
        kept = _kept().peek(key)
        if (
            kept is not None
            and watch.holds(office_id, kept.ticket, scope)
            and holds_own_writes(office_id, kept.data)
        ):
            return kept.version
        ticket = watch.ticket(office_id, scope)  # before the read: see officewatch
    columns = [IndicatorStatus.data_version, IndicatorStatus.shared_version]
    if isinstance(scope, tuple):
        own = select(ScopeVersion.version).where(
            ScopeVersion.office_id == office_id,
            ScopeVersion.kind == scope[0],
            ScopeVersion.ref_id == scope[1],
        )
        columns.append(func.coalesce(own.scalar_subquery(), 0))
    row = db.session.execute(select(*columns).where(IndicatorStatus.office_id == office_id)).first()
    if row is None:
        return None
    data, shared = row[0], row[1]
    remember_versions(office_id, data, shared)
    version = row[2] if isinstance(scope, tuple) else data if scope == DATA else shared
    if watch is not None and ticket is not None:
        _kept().put(key, _Kept(ticket, version, data))
    return version
