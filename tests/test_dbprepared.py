"""A rolled-back transaction keeps the connection's prepared statements (portal/dbprepared.py):
PostgreSQL plans a statement the portal runs all day once per connection, not at every
execution, and a rollback still undoes everything."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import func, select, text

from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import all_offices


def _driver(session):
    return session.connection().connection.driver_connection


def _prepared(conn) -> list[tuple[str, int, int]]:
    return conn.execute(
        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
    ).fetchall()


def test_a_statement_read_in_transactions_that_end_in_rollback_runs_prepared(pg_app):
    with pg_app.app_context():
        pids = set()
        for _ in range(8):  # each read ends as a page's does: rolled back
            with all_offices("test"):
                db.session.scalar(select(func.count(Office.id)).where(Office.slug != "x"))
                pids.add(_driver(db.session).info.backend_pid)
            db.session.rollback()
        assert len(pids) == 1  # one pooled connection, as one worker thread has
        with all_offices("test"):
            runs = [
                generic + custom
                for statement, generic, custom in _prepared(_driver(db.session))
                if "count(offices.id)" in statement
            ]
        db.session.rollback()
    # Prepared from the fifth run on (psycopg's threshold), executed prepared since.
    assert runs and runs[0] >= 3


def test_a_rollback_still_undoes_the_transaction(pg_app):
    with pg_app.app_context():
        with all_offices("test"):
            db.session.execute(
                text("INSERT INTO regions (code, name) VALUES ('uji-batal', 'Kanwil Uji Batal')")
            )
            conn = _driver(db.session)
        db.session.rollback()
        assert conn.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
        with all_offices("test"):
            found = db.session.scalar(text("SELECT count(*) FROM regions WHERE code = 'uji-batal'"))
        db.session.rollback()
    assert found == 0


def test_a_failed_transaction_is_rolled_back_and_the_connection_serves_again(pg_app):
    with pg_app.app_context(), all_offices("test"):
        with pytest.raises(Exception, match="division by zero"):
            db.session.execute(text("SELECT 1 / 0"))
        conn = _driver(db.session)
        assert conn.pgconn.transaction_status == psycopg.pq.TransactionStatus.INERROR
        db.session.rollback()
        assert conn.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert db.session.scalar(text("SELECT 2")) == 2
        db.session.rollback()
