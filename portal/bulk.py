"""Bulk inserts through the ORM for imports of many rows (and the ids they get).

Every statement goes through `Session.execute` with an ORM `insert(Model)`, so the
tenancy listener stamps and checks the office, and the indicators' listener marks the
office's figures stale, as for any ORM write.

On PostgreSQL the rows of one call travel as one array per column in a single
`INSERT ... SELECT FROM unnest(...)`: the driver's executemany costs more in building
and sending 1,000 statements than the server spends storing their rows (an import of
100,000 clients writes 1.5 million rows with their audit events and due dates). The
office is then one parameter, `office_id`, which the tenancy listener checks and
stamps like a row of an ORM bulk insert (and refuses an INSERT ... SELECT without it).
Ids are drawn from the table's sequence first: reading them back by a key after each
chunk degrades as the (not yet analysed) table grows. Elsewhere (SQLite) the ORM's
executemany and INSERT ... RETURNING are cheap and used as they are.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import bindparam, cast, event, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlalchemy.types import Boolean, Date, Integer, NullType, String

from portal.extensions import db

OFFICE = "office_id"
# Fewer rows go the ORM's way: building the array statement costs more than it saves.
ARRAY_MIN_ROWS = 10


class _BinaryList(list):
    """A list psycopg sends in its binary array format: its text format quotes each
    element in Python (for 12,000 due dates, 11 ms a column instead of 2 ms)."""


# The columns an import writes by the million (ids, dates, flags, text) are put in
# PostgreSQL's binary array format here, a whole column at a time: psycopg's own list
# dumper, written in Python, dumps and frames each element apart, and for 1.5 million
# rows that was a quarter of the import's time in Python. Each kind has its list class.
_HEAD = struct.Struct(">iiiii")  # dimensions, has nulls, element type, length, lower bound
_LENGTH = struct.Struct(">i").pack
_NULL = _LENGTH(-1)
_DAY_ZERO = date(2000, 1, 1).toordinal()  # PostgreSQL counts days from 1 January 2000


class _Int8List(list):
    element_oid, code, size = 20, "q", 8

    def numbers(self) -> list:
        return self


class _Int4List(_Int8List):
    element_oid, code, size = 23, "i", 4


class _BoolList(_Int8List):
    element_oid, code, size = 16, "?", 1


class _DateList(_Int8List):
    element_oid, code, size = 1082, "i", 4

    def numbers(self) -> list:
        if None in self:
            return [None if day is None else day.toordinal() - _DAY_ZERO for day in self]
        return [day.toordinal() - _DAY_ZERO for day in self]


class _TextList(list):
    element_oid = 25


def _fixed_size(values: list, element_oid: int, code: str, size: int) -> bytes:
    """Elements of one fixed size (ids, days, flags), each after its length."""
    count = len(values)
    if None not in values:
        flat = [size] * (2 * count)
        flat[1::2] = values
        body = struct.pack(">" + f"i{code}" * count, *flat)
        return _HEAD.pack(1, 0, element_oid, count, 1) + body
    codes, flat = [], []
    for value in values:
        if value is None:
            codes.append("i")
            flat.append(-1)
        else:
            codes.append(f"i{code}")
            flat += (size, value)
    return _HEAD.pack(1, 1, element_oid, count, 1) + struct.pack(">" + "".join(codes), *flat)


def _text(values: list, encoding: str) -> bytes:
    """Text elements, each encoded after its length in bytes."""
    try:
        return _encoded(values, encoding)
    except AttributeError:  # not all text (a number in a text column): as a cast would
        return _encoded([None if v is None else str(v) for v in values], encoding)


def _encoded(values: list, encoding: str) -> bytes:
    count = len(values)
    if None not in values:
        encoded = [value.encode(encoding) for value in values]
        lengths = map(_LENGTH, map(len, encoded))
        body = b"".join(chain.from_iterable(zip(lengths, encoded, strict=True)))
        return _HEAD.pack(1, 0, _TextList.element_oid, count, 1) + body
    parts = []
    for value in values:
        if value is None:
            parts.append(_NULL)
        else:
            encoded = value.encode(encoding)
            parts += (_LENGTH(len(encoded)), encoded)
    return _HEAD.pack(1, 1, _TextList.element_oid, count, 1) + b"".join(parts)


try:
    import psycopg
    from psycopg.adapt import Dumper
    from psycopg.pq import Format
    from psycopg.types.array import ListBinaryDumper

    psycopg.adapters.register_dumper(_BinaryList, ListBinaryDumper)

    class _FixedSizeDumper(Dumper):
        format = Format.BINARY

        def dump(self, obj):
            return _fixed_size(obj.numbers(), obj.element_oid, obj.code, obj.size)

    class _TextDumper(Dumper):
        format = Format.BINARY
        oid = 1009  # text[]

        def dump(self, obj):
            return _text(obj, self.connection.info.encoding if self.connection else "utf-8")

    for _kind, _oid in ((_Int8List, 1016), (_Int4List, 1007), (_BoolList, 1000), (_DateList, 1182)):
        psycopg.adapters.register_dumper(
            _kind, type(f"{_kind.__name__}Dumper", (_FixedSizeDumper,), {"oid": _oid})
        )
    psycopg.adapters.register_dumper(_TextList, _TextDumper)
except ImportError:  # pragma: no cover - psycopg is the PostgreSQL driver
    pass


def insert_rows(model, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts of column values) of one model."""
    if not rows:
        return
    columns = _as_columns(rows) if _arrays_pay(len(rows)) else None
    if columns is None:
        db.session.execute(insert(model), list(rows))
    else:
        _insert_arrays(model, columns, {})


def insert_columns(
    model,
    columns: Mapping[str, Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
    *,
    wait: bool = True,
) -> None:
    """Insert rows given column-wise: a sequence of values per column (all of one length)
    and `constants`, values every row shares. Saves building a dict per row where an
    import writes millions of them (due dates).

    With `wait=False` (PostgreSQL) the statement is sent and its result only awaited
    before the connection's next statement that does wait, or its commit or rollback:
    the server stores the rows while Python checks the next chunk of the file. Its
    errors then surface there, in the same transaction, which the caller rolls back as
    for any error (the server skips the statements queued behind a failed one).
    """
    constants = dict(constants or {})
    lengths = {len(values) for values in columns.values()}
    if len(lengths) != 1:
        raise ValueError("every column needs one value per row")
    (count,) = lengths
    if not count:
        return
    if _arrays_pay(count) and OFFICE not in columns:
        _insert_arrays(model, columns, constants, wait=wait)
        return
    names = list(columns)
    rows = [
        {**constants, **dict(zip(names, values, strict=True))}
        for values in zip(*columns.values(), strict=True)
    ]
    insert_rows(model, rows)


def insert_returning_ids(model, rows: Sequence[dict[str, Any]], *, wait: bool = True) -> list[int]:
    """Insert rows and return their new ids, in the order of `rows` (for `wait`, see
    `insert_columns`: the ids are known before the rows are stored)."""
    if not rows:
        return []
    session = db.session
    if len(rows) == 1 or not _is_postgres():  # one row: one INSERT ... RETURNING
        return list(
            session.scalars(
                insert(model).returning(model.id, sort_by_parameter_order=True), list(rows)
            )
        )
    sequence = func.pg_get_serial_sequence(model.__table__.name, "id")
    ids = list(
        session.scalars(
            select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
        )
    )
    columns = _as_columns(rows) if len(rows) >= ARRAY_MIN_ROWS else None
    if columns is None:
        session.execute(
            insert(model), [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)]
        )
    else:
        _insert_arrays(model, {**columns, "id": ids}, {}, wait=wait)
    return ids


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _arrays_pay(count: int) -> bool:
    return count >= ARRAY_MIN_ROWS and _is_postgres()


def _as_columns(rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The rows column-wise, with their office as a constant; None if the rows name
    different columns or offices (they then go row by row, each checked by tenancy)."""
    names = rows[0].keys()
    if any(row.keys() != names for row in rows):
        return None
    columns: dict[str, Any] = {name: [row[name] for row in rows] for name in names}
    if OFFICE in columns:
        offices = set(columns[OFFICE])
        if len(offices) != 1:
            return None
        columns[OFFICE] = offices.pop()
    return columns


def _insert_arrays(
    model, columns: Mapping[str, Any], constants: dict[str, Any], *, wait: bool = True
) -> None:
    """One INSERT ... SELECT FROM unnest(one typed array per column) (PostgreSQL).

    `columns` may hold the office as a single value (from `_as_columns`); like every
    constant it becomes one parameter. Columns with a Python-side default (timestamps,
    counters) the rows leave out get it once for the statement, as the ORM would have
    given it to each row.
    """
    table = model.__table__
    arrays = {k: v for k, v in columns.items() if k != OFFICE}
    params = {**constants, **({OFFICE: columns[OFFICE]} if OFFICE in columns else {})}
    for column in table.columns:
        default = column.default
        if column.key in arrays or column.key in params or default is None:
            continue
        if default.is_scalar:
            params[column.key] = default.arg
        elif default.is_callable:
            params[column.key] = default.arg(None)
    shared = list(params)
    if OFFICE in table.c and OFFICE not in shared:
        shared.append(OFFICE)  # the tenancy listener stamps it
    dialect = db.session.get_bind().dialect
    unnested = (
        func.unnest(*(_array(f"a_{n}", v, table.c[n].type, dialect) for n, v in arrays.items()))
        .table_valued(*arrays)
        .render_derived()
    )
    source = select(
        *(unnested.c[n] for n in arrays), *(bindparam(n, type_=table.c[n].type) for n in shared)
    )
    statement = insert(model).from_select([table.c[n] for n in [*arrays, *shared]], source)
    options = {"dml_strategy": "raw", **({} if wait else {_DEFERRED: True})}
    db.session.execute(statement.execution_options(**options), params)


# --- statements whose result is awaited later (psycopg's pipeline mode) --------------------

_DEFERRED = "portal_bulk_deferred"


@event.listens_for(Engine, "before_cursor_execute")
def _before_statement(conn, cursor, statement, parameters, context, executemany) -> None:
    deferred = context is not None and context.execution_options.get(_DEFERRED)
    if deferred and _DEFERRED in conn.info:
        return  # queued behind the deferred statements already in the pipeline
    _await_deferred(conn)
    if deferred:
        driver = conn.connection.driver_connection
        pipeline = driver.pipeline()
        pipeline.__enter__()  # left on the next statement, commit or rollback
        conn.info[_DEFERRED] = (driver, pipeline)


@event.listens_for(Engine, "commit")
def _before_commit(conn) -> None:
    _await_deferred(conn)


@event.listens_for(Engine, "rollback")
def _before_rollback(conn) -> None:
    try:
        _await_deferred(conn)
    except Exception:  # noqa: S110 - the deferred statement's error: rolled back anyway
        pass


def _await_deferred(conn) -> None:
    """Leave the pipeline: wait for the deferred statement, raising its error if any."""
    driver, pipeline = conn.info.pop(_DEFERRED, (None, None))
    if pipeline is not None and driver is conn.connection.driver_connection:
        pipeline.__exit__(None, None, None)


def _array(name: str, values: Sequence[Any], sa_type, dialect):
    """A column's values as one array parameter in PostgreSQL's binary format, each value
    first converted as SQLAlchemy converts it for this type (JSON, booleans)."""
    process = sa_type.dialect_impl(dialect).bind_processor(dialect)
    if process is not None:
        values = [process(value) for value in values]
    # A flag stays a flag once checked; what else a processor returns is psycopg's to dump.
    kind = _array_kind(sa_type) if process is None or isinstance(sa_type, Boolean) else _BinaryList
    target = sa_type
    if kind is _TextList:
        # Cast to the column's type without its length: the insert itself then refuses a
        # value too long (an explicit cast would cut it), and no element is coerced twice.
        target = String()
    elif kind is _Int8List and type(sa_type) is Integer and _fits_int4(values):
        kind = _Int4List  # the column's own type: no element converted
    return cast(bindparam(name, kind(values), type_=NullType()), ARRAY(target))


def _fits_int4(values: Sequence[Any]) -> bool:
    numbers = [v for v in values if v is not None] if None in values else values
    return not numbers or (-(2**31) <= min(numbers) and max(numbers) < 2**31)


def _array_kind(sa_type) -> type[list]:
    """The list class that dumps a column of this type fastest (`_BinaryList`: psycopg's
    own dumper, for every type without one here)."""
    if isinstance(sa_type, Boolean):
        return _BoolList
    if isinstance(sa_type, Integer):
        return _Int8List
    if isinstance(sa_type, Date):
        return _DateList
    if isinstance(sa_type, String) and sa_type.python_type is str:
        return _TextList
    return _BinaryList
