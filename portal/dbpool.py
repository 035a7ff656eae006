"""Pooled connections: ones that sat idle are checked before use, busy ones are not.

SQLAlchemy's `pool_pre_ping` costs a round trip on every request: under load, a fifth
of the time of a kept page (portal/pagecache.py). A connection handed back moments ago
is alive; one idle for longer may have been cut by a database restart or a firewall,
so it is pinged first and, if dead, replaced before the request sees it (the
pessimistic disconnect recipe of SQLAlchemy's pooling documentation). A connection
that dies while busy still fails its request, and SQLAlchemy then renews the pool.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

IDLE_SECONDS = 10.0
_RETURNED_AT = "returned_at"


def install(engine: Engine) -> None:
    if event.contains(engine, "checkout", _checkout):
        return
    event.listen(engine, "checkin", _checkin)
    event.listen(engine, "checkout", _checkout)


def _checkin(dbapi_connection, record) -> None:
    record.info[_RETURNED_AT] = time.monotonic()


def _checkout(dbapi_connection, record, proxy) -> None:
    returned = record.info.get(_RETURNED_AT)
    if returned is None or time.monotonic() - returned < IDLE_SECONDS:
        return  # new, or in use moments ago
    try:
        _ping(dbapi_connection)
    except Exception as exc:
        raise DisconnectionError("an idle connection was closed by the server") from exc


def _ping(dbapi_connection) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT 1")
    finally:
        cursor.close()
    dbapi_connection.rollback()  # leave no transaction open behind the pool's back
