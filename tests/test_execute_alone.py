"""One INSERT committed on its own in one round trip (portal.tenancy.execute_alone),
as a kept case file's audit event is: under the bound office, checked by row-level
security, all or nothing, and leaving no office setting behind on the pooled
connection. PostgreSQL only: elsewhere it declines and the session writes the row."""

from __future__ import annotations

import psycopg
import pytest
from isolation_fixtures import _in_office
from sqlalchemy import func, make_url, select, text

from portal.audit.models import AuditEvent
from portal.audit.operations import _INSERT_ALONE, record_read
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import all_offices, execute_alone, office_scope
from portal.timeutil import utcnow


@pytest.fixture
def app(pg_app):
    return pg_app


def _event(summary: str, **overrides) -> dict:
    return {
        "at": utcnow(),
        "actor_id": None,
        "actor_name": "sistem",
        "action": "view",
        "object_type": "client",
        "object_id": 1,
        "summary": summary,
        "detail": "{}",
        **overrides,
    }


def _office_id(slug: str) -> int:
    """The office's id, leaving the session with no transaction open."""
    with all_offices("test: look up an office"):
        found = db.session.scalar(select(Office.id).where(Office.slug == slug))
    db.session.remove()
    return found


def _events(app, slug: str, summary: str) -> int:
    return _in_office(
        app,
        slug,
        lambda: db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.summary == summary)
        ),
    )


def _backend(session) -> int:
    pooled = session.get_bind().raw_connection()
    try:
        return pooled.driver_connection.info.backend_pid
    finally:
        pooled.close()


def test_the_row_is_stamped_with_the_bound_office_and_committed(app):
    with app.app_context():
        with office_scope(_office_id("purwokerto")):
            assert execute_alone(_INSERT_ALONE, _event("alone", office_id=None))
        db.session.remove()
    assert _events(app, "purwokerto", "alone") == 1
    assert _events(app, "mataram", "alone") == 0


def test_the_office_setting_ends_with_the_message(app):
    with app.app_context(), office_scope(_office_id("purwokerto")) as session:
        before = _backend(session)
        assert execute_alone(_INSERT_ALONE, _event("setting"))
        pooled = session.get_bind().raw_connection()
        try:
            connection = pooled.driver_connection
            assert connection.info.backend_pid == before  # the same pooled connection
            setting = connection.execute("SELECT current_setting('app.office_id', true)")
            assert setting.fetchone()[0] in (None, "")
            connection.rollback()
        finally:
            pooled.close()


def test_a_row_of_another_office_is_refused_by_row_level_security(app):
    with app.app_context():
        other = _office_id("mataram")
        smuggled = _INSERT_ALONE.replace("%(office_id)s", str(other))
        assert smuggled != _INSERT_ALONE
        with office_scope(_office_id("purwokerto")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                execute_alone(smuggled, _event("smuggled"))
            # The connection went back to the pool clean: the next write works.
            assert execute_alone(_INSERT_ALONE, _event("after"))
        db.session.remove()
    assert _events(app, "mataram", "smuggled") == 0
    assert _events(app, "purwokerto", "after") == 1


def test_a_connection_cut_off_is_not_lent_again(app, postgres_urls):
    with app.app_context(), office_scope(_office_id("purwokerto")) as session:
        pid = _backend(session)
        owner = psycopg.connect(
            make_url(postgres_urls[0])
            .set(drivername="postgresql")
            .render_as_string(hide_password=False),
            autocommit=True,
        )
        with owner:
            owner.execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises(psycopg.OperationalError):
            execute_alone(_INSERT_ALONE, _event("cut off"))
        assert execute_alone(_INSERT_ALONE, _event("next"))
    assert _events(app, "purwokerto", "next") == 1


def test_a_failing_statement_leaves_nothing_written(app):
    with app.app_context(), office_scope(_office_id("purwokerto")):
        both = _INSERT_ALONE + "; " + _INSERT_ALONE.replace("%(actor_id)s", "-1")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            execute_alone(both, _event("half"))
    assert _events(app, "purwokerto", "half") == 0


def test_it_declines_where_the_session_must_write_the_row(app):
    with app.app_context():
        assert not execute_alone(_INSERT_ALONE, _event("unbound"))  # no office bound
        with all_offices("test: the opt-out is never written around"):
            assert not execute_alone(_INSERT_ALONE, _event("everywhere"))
        with office_scope(_office_id("purwokerto")) as session:
            session.execute(text("SELECT 1"))  # a transaction holds a connection
            assert not execute_alone(_INSERT_ALONE, _event("open"))
            record_read("view", "client", 1, summary="in the open transaction")
            session.rollback()  # the event was in that transaction: gone with it
    assert _events(app, "purwokerto", "in the open transaction") == 0
