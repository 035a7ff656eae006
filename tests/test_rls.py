"""PostgreSQL row-level security: the second wall, which also holds for raw SQL."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import office_scope


def test_app_role_owns_nothing_and_cannot_bypass(pg_app):
    with pg_app.app_context():
        role = db.session.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert tuple(role) == (False, False)
        owned = db.session.scalar(
            text(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                "AND tableowner = current_user"
            )
        )
        assert owned == 0


def test_raw_sql_sees_only_the_bound_office(pg_app, make_user):
    make_user("pk", office="purwokerto", username="pkpwt")
    make_user("pk", office="tangerang", username="pktgr")
    make_user("national", username="pusat1")
    with pg_app.app_context():
        pwt = db.session.scalar(select(Office.id).where(Office.slug == "purwokerto"))
        with office_scope(pwt):
            names = db.session.scalars(text("SELECT username FROM users ORDER BY 1")).all()
            assert names == ["pkpwt"]
            # Writing into another office's rows through raw SQL is refused too.
            changed = db.session.execute(
                text("UPDATE users SET full_name = 'x' WHERE username = 'pktgr'")
            ).rowcount
            assert changed == 0
            db.session.rollback()
        # With no office bound, raw SQL sees no office's rows at all.
        with db.engine.connect() as conn:
            names = conn.scalars(text("SELECT username FROM users ORDER BY 1")).all()
            assert names == ["pusat1"]


def test_audit_log_is_append_only_for_the_app(pg_app, make_user):
    make_user("pk", office="purwokerto")
    with pg_app.app_context():
        pwt = db.session.scalar(select(Office.id).where(Office.slug == "purwokerto"))
        with office_scope(pwt):
            with pytest.raises(Exception, match="permission denied"):
                db.session.execute(text("DELETE FROM audit_events"))
            db.session.rollback()


def test_records_of_what_happened_are_append_only_for_the_app(pg_app):
    from portal.dbsecurity import APPEND_ONLY

    with pg_app.app_context():
        for table in APPEND_ONLY:
            for privilege in ("UPDATE", "DELETE"):
                allowed = db.session.scalar(
                    text("SELECT has_table_privilege(current_user, :t, :p)"),
                    {"t": table, "p": privilege},
                )
                assert not allowed, f"the app may {privilege} {table}"
            assert db.session.scalar(
                text("SELECT has_table_privilege(current_user, :t, 'INSERT')"), {"t": table}
            )


def test_a_transaction_begins_with_its_office_in_one_message(pg_app, make_user):
    """BEGIN and the office setting go to PostgreSQL together (portal.tenancy): the
    setting holds for the whole transaction, psycopg begins no second one, and a
    rollback or a commit ends it with the setting."""
    make_user("pk", office="purwokerto", username="pkpwt")
    with pg_app.app_context():
        pwt = db.session.scalar(select(Office.id).where(Office.slug == "purwokerto"))
        setting = text("SELECT current_setting('app.office_id', true), txid_current()")
        with office_scope(pwt):
            (office, first), (_, again) = (db.session.execute(setting).one() for _ in (1, 2))
            assert (office, again) == (str(pwt), first)  # one transaction, bound
            db.session.rollback()
            office, later = db.session.execute(setting).one()
            assert office == str(pwt) and later != first  # a new one, bound again
            db.session.execute(text("UPDATE users SET full_name = 'Siti' WHERE username = 'pkpwt'"))
            db.session.commit()
        with db.engine.connect() as conn:  # no office bound: the setting ended with it
            assert conn.scalar(text("SELECT current_setting('app.office_id', true)")) in ("", None)
        with office_scope(pwt):
            assert db.session.scalar(text("SELECT full_name FROM users")) == "Siti"


def test_a_connection_lost_before_its_transaction_is_reported_and_replaced(pg_app, make_user):
    """If the one message that begins a transaction fails (here the server ended the
    pooled connection while it sat in the pool), the scope goes the old way through
    SQLAlchemy: the loss is reported as a lost connection, and the next transaction
    gets a new one, bound to its office."""
    make_user("pk", office="purwokerto", username="pkpwt")
    with pg_app.app_context():
        pwt = db.session.scalar(select(Office.id).where(Office.slug == "purwokerto"))
        with office_scope(pwt):
            backend = db.session.scalar(text("SELECT pg_backend_pid()"))
            db.session.commit()  # the connection goes back to the pool
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (backend,))
            while other.execute(
                "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (backend,)
            ).fetchone():
                time.sleep(0.01)
        with office_scope(pwt):
            with pytest.raises(OperationalError) as lost:
                db.session.execute(text("SELECT 1"))
            assert lost.value.connection_invalidated
            db.session.rollback()
            office, now = db.session.execute(
                text("SELECT current_setting('app.office_id', true), pg_backend_pid()")
            ).one()
            assert (office, now != backend) == (str(pwt), True)
