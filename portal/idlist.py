"""Statements over a list of ids, built once and bound with the list each time.

A page that reads many rows of a PK's clients passes their ids (read once) instead of
a subquery: PostgreSQL then reads those rows by index. Written as `IN (...)`, each
list is a statement text of its own (one parameter per id): the driver converts it
afresh and PostgreSQL parses and plans it again on every request. On PostgreSQL the
list is one array parameter instead (`= ANY(:ids)`): the text stays the same, so
psycopg keeps its conversion and, from the fifth use on a connection, runs it
prepared. The array goes as its text ("{1,2,3}"): psycopg converts a list of ints
one element at a time in Python, several times the cost of joining them. SQLite has
no arrays: there the list is an expanding IN.

A statement of `among` depends on the database, so `per_dialect` builds it once for
each (a test run may use SQLite and PostgreSQL in one process).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import ColumnElement, Integer, String, any_, bindparam, cast
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import TypeDecorator

from portal.extensions import db

T = TypeVar("T")


class _ArrayText(TypeDecorator):
    """A list of ids bound as the text of an array of integers."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return "{" + ",".join([str(int(i)) for i in value]) + "}"


def among(column, dialect: str, key: str = "ids") -> ColumnElement[bool]:
    """`column` is one of the ids bound as `key` (a list of ints)."""
    if dialect == "postgresql":
        return column == any_(cast(bindparam(key, type_=_ArrayText()), ARRAY(Integer)))
    return column.in_(bindparam(key, expanding=True))


def per_dialect(build: Callable[[str], T]) -> Callable[[], T]:
    """`build(dialect name)` once per database kind; the returned function gives the
    one for the session's database."""
    built: dict[str, T] = {}
    lock = threading.Lock()

    def get() -> T:
        name = db.session.get_bind().dialect.name
        found = built.get(name)
        if found is None:
            with lock:
                found = built.get(name)
                if found is None:
                    found = built[name] = build(name)
        return found

    return get
