"""The one place that scopes data to an office (tenant).

Every ORM SELECT, UPDATE and DELETE that touches an `OfficeScoped` model gets
`office_id = <current office>` added by a `do_orm_execute` listener, and every new
row is stamped with the current office before flush. With no office bound and no
named opt-out, such a statement raises `TenancyError`: the mechanism fails closed.

On PostgreSQL the same office id is mirrored into the transaction setting
`app.office_id`, which row-level security policies (created by the migrations)
check as a second wall that also holds for raw SQL.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import psycopg
from psycopg.types.json import Json
from sqlalchemy import (
    ForeignKey,
    Text,
    bindparam,
    cast,
    event,
    func,
    insert,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect
from sqlalchemy.orm import Mapped, Session, mapped_column, with_loader_criteria
from sqlalchemy.sql import util as sql_util
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter

log = logging.getLogger(__name__)

_OFFICE = "tenancy_office_id"
_ALL = "tenancy_all_offices_reason"
_OFFICE_SETTING = "app.office_id"  # the transaction setting row-level security reads
_BEGUN = "tenancy_transaction_begun"  # set when a transaction begins (and gets the scope)


class TenancyError(RuntimeError):
    """A statement touched office data with no office bound and no named opt-out."""


class OfficeBound:
    """Every model whose `office_id` column the tenancy filter applies to.

    Here the office may be empty: such rows belong to no office (central accounts).
    """

    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)


class OfficeScoped(OfficeBound):
    """Mixin for every table whose rows belong to exactly one office."""

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)


def _session(session: Session | None) -> Session:
    if session is None:
        from portal.extensions import db

        return db.session()
    return session


def current_office_id(session: Session | None = None) -> int | None:
    return _session(session).info.get(_OFFICE)


def sees_all_offices(session: Session | None = None) -> bool:
    """Whether the session is inside the named opt-out (`all_offices`)."""
    return bool(_session(session).info.get(_ALL))


def bind_office(office_id: int, session: Session | None = None) -> None:
    """Bind a session to one office for its lifetime (a request, a CLI step)."""
    s = _session(session)
    bound = s.info.get(_OFFICE)
    if bound is not None and bound != office_id:
        raise TenancyError("this session already serves another office")
    s.info[_OFFICE] = office_id
    _sync_database_setting(s)


def unbind(session: Session | None = None) -> None:
    s = _session(session)
    s.info.pop(_OFFICE, None)
    s.info.pop(_ALL, None)


@contextmanager
def office_scope(office_id: int, session: Session | None = None) -> Iterator[Session]:
    """Work for one office, then forget everything loaded for it.

    The identity map is emptied on both sides so objects of one office can never be
    served while another is bound (the session must not mix offices).
    """
    s = _session(session)
    previous = s.info.get(_OFFICE), s.info.get(_ALL)
    s.expunge_all()
    s.info.pop(_ALL, None)
    s.info[_OFFICE] = office_id
    _sync_database_setting(s)
    try:
        yield s
    except BaseException:
        s.expunge_all()
        _restore(s, previous, sync=False)
        raise
    s.expunge_all()
    _restore(s, previous)


@contextmanager
def all_offices(reason: str, session: Session | None = None) -> Iterator[Session]:
    """The named opt-out: statements inside see every office.

    Only aggregate code (indicators), the login lookup and system administration
    may use it; the reason is logged so every cross-office read is accountable.
    """
    if not reason or not reason.strip():
        raise TenancyError("an opt-out of office scoping must say why")
    s = _session(session)
    previous = s.info.get(_OFFICE), s.info.get(_ALL)
    log.debug("all-offices scope: %s", reason)
    s.info[_ALL] = reason
    _sync_database_setting(s)
    try:
        yield s
    except BaseException:
        _restore(s, previous, sync=False)
        raise
    _restore(s, previous)


def _restore(s: Session, previous: tuple[int | None, str | None], sync: bool = True) -> None:
    """Put back the outer scope. After an error the transaction is doomed to roll
    back (its local settings with it), so the database is not touched then."""
    office, reason = previous
    for key, value in ((_OFFICE, office), (_ALL, reason)):
        if value is None:
            s.info.pop(key, None)
        else:
            s.info[key] = value
    if sync:
        _sync_database_setting(s)


def _scoped_mappers(state) -> list:
    return [m for m in state.all_mappers if issubclass(m.class_, OfficeBound)]


_tables_known: tuple[int, frozenset] = (-1, frozenset())


def _office_tables() -> frozenset:
    """The tables of office data, worked out again whenever a model is added (a model
    module imported late must never be missed: that would fail open)."""
    global _tables_known
    from portal.extensions import db

    mappers = db.Model.registry.mappers
    if _tables_known[0] != len(mappers):
        _tables_known = (
            len(mappers),
            frozenset(m.local_table for m in mappers if issubclass(m.class_, OfficeBound)),
        )
    return _tables_known[1]


def _touches_office_data(state) -> bool:
    """Whether the statement reads an office table anywhere, subqueries included.

    The entities of the outer SELECT are not enough: `select(count()).select_from(
    select(Client).subquery())` names no entity at the top, yet reads every office.
    """
    if _scoped_mappers(state):
        return True
    tables = _office_tables()
    return any(
        t in tables
        for t in sql_util.find_tables(
            state.statement, include_aliases=True, include_joins=True, include_selects=True
        )
    )


def _add_office_criteria(state) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        if state.is_insert:
            _check_insert(state)
        return
    if state.is_column_load or state.is_relationship_load:
        # Loads of attributes and relationships inherit the criteria of the query
        # that loaded the parent (with_loader_criteria propagates to loaders).
        return
    session = state.session
    if session.info.get(_ALL):
        return
    original = state.statement
    if original in _unscoped:
        return
    office_id = session.info.get(_OFFICE)  # a local, never read inside the lambda
    copies = _scoped_copies.get(original)
    scoped = copies.get(office_id) if copies is not None else None
    if scoped is None:
        if not _touches_office_data(state):
            with _memo_lock:
                _unscoped.add(original)
            return
        if office_id is None:
            raise TenancyError("office data queried with no office bound")
        scoped = original.options(_office_criteria(office_id))
        with _memo_lock:
            copies = _scoped_copies.setdefault(original, {})
            if len(copies) >= _COPIES_PER_STATEMENT:
                copies.clear()
            copies[office_id] = scoped
    state.statement = scoped


# A statement built once and run on every request (a module's constant) would be copied
# with the criteria, and its cache key worked out over the whole statement, on every
# run; SQLAlchemy keeps a statement's cache key only as long as the same object is run.
# So the scoped copy is kept per statement object and office, and so is the finding that
# a statement reads no office data. Weakly: a statement made for one request leaves with
# it, and an object's identity can never be mistaken for another's.
_scoped_copies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_unscoped: weakref.WeakSet = weakref.WeakSet()
_memo_lock = threading.Lock()
_COPIES_PER_STATEMENT = 64  # offices a worker serves at once, in practice


@lru_cache(maxsize=512)  # one per office, each made once per process
def _office_criteria(office_id: int):
    return with_loader_criteria(
        OfficeBound,
        lambda cls: cls.office_id == office_id,
        include_aliases=True,
        track_closure_variables=False,
    )


def _check_insert(state) -> None:
    """Bulk ORM inserts bypass before_flush: hold them to the same rule.

    An INSERT ... SELECT (`portal.bulk` on PostgreSQL) has no rows to stamp: it must
    take its office from the parameter `office_id`, which is checked and stamped here
    as a row's would be; one that names no such parameter is refused.
    """
    if not _scoped_mappers(state):
        return
    if state.statement.select is not None and not _takes_office_parameter(state.statement):
        raise TenancyError("INSERT ... SELECT into office data must take :office_id")
    if state.session.info.get(_ALL):
        return
    office_id = state.session.info.get(_OFFICE)
    if office_id is None:
        raise TenancyError("office data inserted with no office bound")
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params is not None else []
    for row in rows:
        _stamp(row, office_id)


def _stamp(row: dict, office_id: int) -> None:
    """Stamp a row's values with the bound office; refuse one of another office."""
    if row.get("office_id", office_id) != office_id:
        raise TenancyError("row stamped with another office")
    row["office_id"] = office_id


def _takes_office_parameter(statement) -> bool:
    return any(
        isinstance(element, BindParameter) and element.key == "office_id"
        for element in visitors.iterate(statement.select)
    )


def _stamp_new_rows(session: Session, flush_context, instances) -> None:
    """Stamp new rows with the bound office; refuse rows of any other office.

    Rows with no office on a model that allows it (central accounts, their audit
    events) are not office data and may be written with no office bound.
    """
    if session.info.get(_ALL):
        # Opt-out code (seeding, system administration) sets office_id itself.
        for obj in session.new:
            if isinstance(obj, OfficeScoped) and obj.office_id is None:
                raise TenancyError(f"{type(obj).__name__} created with no office")
        return
    office_id = session.info.get(_OFFICE)
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, OfficeBound):
            continue
        if office_id is None:
            if obj.office_id is not None or isinstance(obj, OfficeScoped):
                raise TenancyError("office data written with no office bound")
        elif obj in session.new and obj.office_id is None:
            obj.office_id = office_id
        elif obj.office_id != office_id:
            raise TenancyError(f"{type(obj).__name__} belongs to another office")


def in_database_transaction(s: Session) -> bool:
    """Whether the session's transaction holds a database connection, not only a
    session-side transaction (begun by adding rows, as a request's cached office and
    account are, with no round trip). If SQLAlchemy's internals ever change: yes."""
    root = s.get_transaction()
    return root is not None and bool(getattr(root, "_connections", True))


def _sync_database_setting(s: Session) -> None:
    """Mirror the scope into PostgreSQL if a transaction is already open there.

    A session transaction that holds no connection yet has nothing to mirror: beginning
    one applies the scope (`_after_begin`). So a page served without a query costs no
    round trip at all.
    """
    if in_database_transaction(s) and _is_postgres(s):
        s.info.pop(_BEGUN, None)
        connection = s.connection()
        if not s.info.pop(_BEGUN, False):  # else beginning it has just applied the scope
            _apply_setting(connection, s.info)


def _is_postgres(s: Session) -> bool:
    bind = s.get_bind()
    return bind.dialect.name == "postgresql"


# Run at the start of nearly every transaction as plain SQL, not as an ORM statement: it
# reads no office data, so the ORM's listeners have nothing to add to it.
_SET_SCOPE = (
    f"SELECT set_config('{_OFFICE_SETTING}', %s, true), set_config('app.all_offices', %s, true)"
)


def _apply_setting(connection, info: dict) -> None:
    """Mirror the scope into the transaction's settings.

    At the start of a transaction psycopg has not sent its BEGIN yet (it sends it before
    the first statement): BEGIN and the settings then go as one message, one round
    trip and one wait instead of two, which every request pays. The values are written
    into that message: an office id is a number, the flag "on" or "off"."""
    office = info.get(_OFFICE)
    values = ("" if office is None else str(int(office)), "on" if info.get(_ALL) else "off")
    pgconn = connection.connection.driver_connection.pgconn
    if pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE:
        message = b"BEGIN; " + (_SET_SCOPE % tuple(f"'{v}'" for v in values)).encode()
        try:
            if pgconn.exec_(message).status == psycopg.pq.ExecStatus.TUPLES_OK:
                return
            pgconn.exec_(b"ROLLBACK")  # refused: leave the connection as psycopg left it
        except psycopg.Error:  # libpq raises when the connection is gone
            pass
    # Inside a transaction, or after a failure: through SQLAlchemy, which reports a
    # lost connection as it does for any statement (and drops it from the pool).
    connection.exec_driver_sql(_SET_SCOPE, values)


def _after_begin(session: Session, transaction, connection) -> None:
    """A new transaction starts with neither setting (they are transaction-local), which
    the policies read as no office bound: a round trip is needed only for another scope."""
    if connection.dialect.name != "postgresql":
        return
    session.info[_BEGUN] = True
    if session.info.get(_OFFICE) is None and not session.info.get(_ALL):
        return
    _apply_setting(connection, session.info)


def insert_alone(model, values: dict, session: Session | None = None) -> bool:
    """Insert one row of `model` in a transaction of its own, under the bound office, in
    one round trip; False (nothing done) where that does not apply.

    For the most frequent write of all, the audit event of a kept page's view. Through
    the session it costs four round trips (BEGIN, the scope, the INSERT, COMMIT) and
    more Python than the page itself. Here one statement, committed on its own, sets
    the scope for its own transaction and inserts the row (`_insert_sql`): the setting
    ends with it, and an error leaves nothing. The row is stamped with the bound office
    (another office is refused here, as in the session) and row-level security checks
    it.

    Only models marked `inserted_alone` (the audit log): a row written past the session
    is not seen by its commit, which bumps the office's data version and tells every
    process (portal.indicators.refresh), so it must not be office data. Applies only on
    PostgreSQL, with one office bound (not the all-offices opt-out), and when the
    session's transaction holds no connection: otherwise the row belongs in that
    transaction.
    """
    if not getattr(model, "inserted_alone", False):
        raise TenancyError(f"{model.__name__} rows are written through the session")
    s = _session(session)
    office = s.info.get(_OFFICE)
    if office is None or s.info.get(_ALL) or in_database_transaction(s) or not _is_postgres(s):
        return False
    row = dict(values)
    _stamp(row, office)
    row = {k: Json(v) if isinstance(v, dict | list) else v for k, v in row.items()}
    engine = s.get_bind()
    pooled = engine.raw_connection()
    connection = pooled.driver_connection
    try:
        connection.autocommit = True  # else BEGIN and COMMIT cost a round trip each
        connection.execute(_insert_sql(model.__table__, tuple(sorted(row))), row)
        connection.autocommit = False  # as the pool lends it
    except BaseException:
        pooled.invalidate()  # refused or cut off: never lend it again in an unknown state
        if connection.broken:  # the server went away: the pool's others are likely lost too
            engine.dispose()  # so drop them all, as SQLAlchemy does on a lost connection
        raise
    finally:
        pooled.close()
    return True


@lru_cache(maxsize=32)
def _insert_sql(table, columns: tuple[str, ...]) -> str:
    """INSERT INTO table (columns) SELECT %(column)s, ... WHERE <the scope is set>.

    One statement, so psycopg binds the values on the server and, from the fifth use on
    a connection, runs it prepared. The scope is set by the SELECT's one-time filter,
    which runs before the row exists; row-level security reads the setting only when
    it checks the row (its subqueries are evaluated on first use). Were that order ever
    different, the check would find no office and refuse the row: it fails closed.
    """
    values = [bindparam(name, type_=table.c[name].type) for name in columns]
    setting = literal_column(f"'{_OFFICE_SETTING}'")  # rendered: the string is kept, no value
    scope = func.set_config(setting, cast(bindparam("office_id"), Text), true())
    statement = insert(table).from_select(columns, select(*values).where(scope.is_not(None)))
    return str(statement.compile(dialect=psycopg_dialect()))


def install(session_class) -> None:
    """Attach the listeners to a session class (Flask-SQLAlchemy's, in create_app)."""
    if event.contains(session_class, "do_orm_execute", _add_office_criteria):
        return
    event.listen(session_class, "do_orm_execute", _add_office_criteria)
    event.listen(session_class, "before_flush", _stamp_new_rows)
    event.listen(session_class, "after_begin", _after_begin)
