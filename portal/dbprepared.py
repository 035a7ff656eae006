"""Prepared statements that outlive a read-only request, so PostgreSQL plans a query once.

psycopg prepares a statement on the server once a connection has run it five times,
and PostgreSQL then stops planning it anew for every execution. But psycopg forgets
every prepared statement, and the counts towards preparing one, whenever its
`rollback()` runs: a rolled-back transaction may have dropped or altered a table a
statement refers to. SQLAlchemy ends every transaction that did not commit that way,
and every page that only reads ends so. So nothing was ever prepared: each statement
was planned at each execution, and planning cost PostgreSQL as much CPU as executing
(pg_stat_statements under bench/workday.py: 7.7 s planning, 7.2 s executing).

The portal never changes its schema in a request (migrations run apart, before the
new code starts), so its rollbacks cannot invalidate a statement. They are sent here
as a plain ROLLBACK, which psycopg's state follows (it reads the transaction status
from libpq) while its prepared statements stay. A prepared statement is the
connection's, not the transaction's: PostgreSQL keeps it after a rollback, and
re-plans it by itself after any change of a table it reads. Row-level security is
unaffected: its policies are part of the plan and read the office's setting at each
execution. Anything unusual (a pipeline, a failed or unexpected reply) takes psycopg's
own rollback, which also clears.
"""

from __future__ import annotations

import psycopg
from sqlalchemy import Engine


def install(engine: Engine) -> None:
    dialect = engine.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        return
    if getattr(dialect, "_keeps_prepared", False):
        return
    plain = dialect.do_rollback

    def do_rollback(dbapi_connection) -> None:
        if not _rolled_back_keeping_statements(dbapi_connection):
            plain(dbapi_connection)

    dialect.do_rollback = do_rollback
    dialect._keeps_prepared = True


def _rolled_back_keeping_statements(connection) -> bool:
    if getattr(connection, "_pipeline", None) is not None:
        return False
    pgconn = connection.pgconn
    status = psycopg.pq.TransactionStatus
    if pgconn.transaction_status not in (status.INTRANS, status.INERROR):
        return False
    try:
        result = pgconn.exec_(b"ROLLBACK")
    except psycopg.Error:  # libpq raises when the connection is gone
        return False
    return result.status == psycopg.pq.ExecStatus.COMMAND_OK
