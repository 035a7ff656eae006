"""One row inserted in a transaction of its own, in one round trip
(portal.tenancy.insert_alone), as a kept case file's audit event is: under the bound
office, checked by row-level security, all or nothing, and leaving no office setting
behind on the pooled connection. PostgreSQL only: elsewhere it declines and the
session writes the row."""

from __future__ import annotations

import psycopg
import pytest
from isolation_fixtures import _in_office
from sqlalchemy import make_url, select, text

from portal.audit.models import AuditEvent
from portal.audit.operations import record_read
from portal.clients.models import Client
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import TenancyError, all_offices, insert_alone, office_scope
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
        "detail": {"kolom": ["nama"]},
        **overrides,
    }


def _office_id(slug: str) -> int:
    """The office's id, leaving the session with no transaction open."""
    with all_offices("test: look up an office"):
        found = db.session.scalar(select(Office.id).where(Office.slug == slug))
    db.session.remove()
    return found


def _events(app, slug: str, summary: str) -> list[tuple]:
    """(actor name, detail) of the office's events with this summary."""
    query = select(AuditEvent.actor_name, AuditEvent.detail).where(AuditEvent.summary == summary)
    return _in_office(app, slug, lambda: [tuple(row) for row in db.session.execute(query)])


def _backend(session) -> int:
    pooled = session.get_bind().raw_connection()
    try:
        return pooled.driver_connection.info.backend_pid
    finally:
        pooled.close()


def test_the_row_is_stamped_with_the_bound_office_and_committed(app):
    with app.app_context(), office_scope(_office_id("purwokerto")):
        assert insert_alone(AuditEvent, _event("alone; ' quoted \\ $$ %(office_id)s"))
    stored = _events(app, "purwokerto", "alone; ' quoted \\ $$ %(office_id)s")
    assert stored == [("sistem", {"kolom": ["nama"]})]
    assert _events(app, "mataram", "alone; ' quoted \\ $$ %(office_id)s") == []


def test_the_office_setting_ends_with_the_message(app):
    with app.app_context(), office_scope(_office_id("purwokerto")) as session:
        before = _backend(session)
        assert insert_alone(AuditEvent, _event("setting"))
        pooled = session.get_bind().raw_connection()
        try:
            connection = pooled.driver_connection
            assert connection.info.backend_pid == before  # the same pooled connection
            assert not connection.autocommit
            setting = connection.execute("SELECT current_setting('app.office_id', true)")
            assert setting.fetchone()[0] in (None, "")
            connection.rollback()
        finally:
            pooled.close()


def test_another_office_or_office_data_is_refused_before_anything_is_sent(app):
    with app.app_context():
        other = _office_id("mataram")
        with office_scope(_office_id("purwokerto")):
            with pytest.raises(TenancyError):
                insert_alone(AuditEvent, _event("smuggled", office_id=other))
            with pytest.raises(TenancyError):  # office data: its commit must bump the version
                insert_alone(Client, {"name": "Klien Uji"})
    assert _events(app, "mataram", "smuggled") == []


def test_a_failing_insert_leaves_nothing_written_and_the_pool_usable(app):
    with app.app_context(), office_scope(_office_id("purwokerto")):
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            insert_alone(AuditEvent, _event("failed", actor_id=-1))
        assert insert_alone(AuditEvent, _event("after"))
    assert _events(app, "purwokerto", "failed") == []
    assert len(_events(app, "purwokerto", "after")) == 1


def test_connections_cut_off_are_dropped_from_the_pool_at_the_first_failure(app, postgres_urls):
    """As SQLAlchemy does when it sees a lost connection: the server went away, so the
    other pooled connections are dropped too, not each failed one request at a time."""
    owner_url = make_url(postgres_urls[0]).set(drivername="postgresql")
    with app.app_context(), office_scope(_office_id("purwokerto")) as session:
        engine = session.get_bind()
        held = [engine.raw_connection() for _ in range(3)]
        pids = [c.driver_connection.info.backend_pid for c in held]
        for pooled in held:
            pooled.close()
        with psycopg.connect(owner_url.render_as_string(hide_password=False)) as owner:
            owner.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) pid", [pids])
        failures = 0
        for n in range(4):
            try:
                insert_alone(AuditEvent, _event(f"after the restart {n}"))
            except psycopg.OperationalError:
                failures += 1
    assert failures == 1
    assert len(_events(app, "purwokerto", "after the restart 3")) == 1


def test_it_declines_where_the_session_must_write_the_row(app):
    with app.app_context():
        assert not insert_alone(AuditEvent, _event("unbound"))  # no office bound
        with all_offices("test: the opt-out is never written around"):
            assert not insert_alone(AuditEvent, _event("everywhere"))
        with office_scope(_office_id("purwokerto")) as session:
            session.execute(text("SELECT 1"))  # a transaction holds a connection
            assert not insert_alone(AuditEvent, _event("open"))
            record_read("view", "client", 1, summary="in the open transaction")
            session.rollback()  # the event was in that transaction: gone with it
    assert _events(app, "purwokerto", "in the open transaction") == []
    assert _events(app, "purwokerto", "unbound") == _events(app, "purwokerto", "open") == []
