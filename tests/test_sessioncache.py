"""Signed-in sessions trusted without a query (portal.auth.sessioncache) only while
PostgreSQL has told of no change of their office (portal.officewatch): never a page
for a session ended, an account deactivated, a change another process made, or the
browser's own change made through another process. PostgreSQL only: SQLite has no
notifications, and there every request reads the session as before."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool
from test_pagecache import DURING, _report, _statements

from portal import officewatch
from portal.auth.models import User
from portal.auth.operations import end_all_sessions, set_active, update_user
from portal.extensions import db
from portal.indicators.models import IndicatorStatus

pytest_plugins = ["guidance_fixtures", "notify_fixtures"]
PAGE = "/purwokerto/klien/"


@pytest.fixture
def app(pg_app):
    return pg_app


@pytest.fixture
def owner(postgres_urls):
    """A connection as another process would have: only the database is shared."""
    engine = create_engine(postgres_urls[0], poolclass=NullPool)
    yield engine
    engine.dispose()


def _watch(app) -> officewatch.OfficeWatch:
    with app.app_context():
        return officewatch.for_engine(db.engine)


def _office_id(app) -> int:
    with app.app_context():
        return db.session.scalar(text("SELECT id FROM offices WHERE slug = 'purwokerto'"))


def _known(app, client) -> None:
    """Sign-in's message shown, then the page read twice: the session is now known."""
    client.get(PAGE)
    client.get(PAGE)
    deadline = time.monotonic() + 5
    while _statements(app, lambda: client.get(PAGE))[0]:
        assert time.monotonic() < deadline, "the session was never trusted without a query"
        time.sleep(0.1)  # the listener's first proof of its connection


def _wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the listener did not hear it"
        time.sleep(0.02)


def test_a_known_session_on_a_kept_page_costs_no_query(app, client, login_as):
    login_as("pk")
    _known(app, client)
    statements, page = _statements(app, lambda: client.get(PAGE))
    assert statements == 0 and "Klien" in page


def test_a_session_ended_elsewhere_is_refused_at_once(app, client, login_as, in_office):
    user_id = login_as("pk")
    _known(app, client)
    in_office(lambda: end_all_sessions(db.session.get(User, user_id)))
    assert client.get(PAGE).status_code == 302


def test_a_deactivated_account_is_refused_at_once(app, client, login_as, in_office):
    user_id = login_as("pk")
    _known(app, client)
    in_office(lambda: set_active(db.session.get(User, user_id), False))
    assert client.get(PAGE).status_code == 302


def test_a_change_another_process_tells_of_is_heeded(app, client, login_as, owner):
    user_id = login_as("pk")
    _known(app, client)
    office_id = _office_id(app)
    watch = _watch(app)
    ticket = watch.ticket(office_id)
    with owner.begin() as conn:  # what the portal's commit does in another process
        conn.execute(text("UPDATE users SET active = false WHERE id = :id"), {"id": user_id})
        conn.execute(
            text("SELECT pg_notify(:c, :o)"), {"c": officewatch.CHANNEL, "o": str(office_id)}
        )
    _wait_for(lambda: watch.ticket(office_id) not in (ticket, None))  # heard, not lost
    assert client.get(PAGE).status_code == 302


def test_a_browser_s_own_change_made_through_another_process_is_never_hidden(app, client, login_as):
    login_as("pk")
    _known(app, client)
    office_id = _office_id(app)
    with client.session_transaction() as session:  # that process's commit wrote this
        session["wv"] = [office_id, 10**9]
    statements, _ = _statements(app, lambda: client.get(PAGE))
    assert statements > 0


def test_without_a_live_listener_every_request_reads_the_session(app, client, login_as, owner):
    login_as("pk")
    _known(app, client)
    office_id = _office_id(app)
    watch = _watch(app)
    ticket = watch.ticket(office_id)
    with owner.connect() as conn:  # the listener's connection dies
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :n"
            ),
            {"n": officewatch.APPLICATION_NAME},
        )
    _wait_for(lambda: watch.ticket(office_id) != ticket)
    statements, _ = _statements(app, lambda: client.get(PAGE))
    assert statements > 0  # what was known before the loss is not trusted again
    _known(app, client)  # reconnected: known again
    assert _statements(app, lambda: client.get(PAGE))[0] == 0


def test_a_change_or_a_reconnection_makes_every_older_ticket_void():
    watch = officewatch.OfficeWatch("postgresql://never-connected")
    before = watch._generation(7), watch._generation(8)
    watch.changed_here([(7, None)])  # a change committed while a read ran under the old ticket
    assert watch._generation(7) != before[0] and watch._generation(8) == before[1]
    watch.changed_here(officewatch.EVERY_OFFICE)  # a reconnection: anything may be lost
    assert watch._generation(8) != before[1]
    assert officewatch.changes_of("3,12") == [(3, None), (12, None)]
    assert officewatch.changes_of("not ours") == officewatch.EVERY_OFFICE
    assert officewatch.changes_of("3:x1") == officewatch.EVERY_OFFICE


def test_a_client_s_change_moves_that_client_and_the_office_s_data_only():
    watch = officewatch.OfficeWatch("postgresql://never-connected")
    client, other, data = ("c", 17), ("c", 18), officewatch.DATA
    before = {s: watch._generation(3, s) for s in (None, client, other, data, ("p", 4))}
    changes = officewatch.changes_of("3:c17,3:p4")
    assert changes == [(3, client), (3, ("p", 4))]
    assert officewatch.payload_of(changes) == "3:c17,3:p4"
    watch.changed_here(changes)
    after = {s: watch._generation(3, s) for s in before}
    assert after[None] == before[None] and after[other] == before[other]  # sessions, others
    assert all(after[s] != before[s] for s in (client, data, ("p", 4)))
    watch.changed_here([(3, None)])  # the office as a whole: every scope of it
    assert all(watch._generation(3, s) != after[s] for s in after)


def test_a_session_ended_before_a_savepoint_rolled_back_is_still_told(
    app, client, login_as, in_office
):
    user_id = login_as("pk")
    _known(app, client)

    def end_then_roll_back_a_savepoint():
        end_all_sessions(db.session.get(User, user_id))
        db.session.begin_nested().rollback()  # a step that failed and was caught

    in_office(end_then_roll_back_a_savepoint)
    assert client.get(PAGE).status_code == 302


def test_the_portal_s_own_commits_tell_other_processes(
    app, client, login_as, in_office, new_client, listening
):
    user_id = login_as("pk")
    office_id = _office_id(app)
    client_id = new_client(1, pk_id=user_id, **DURING)
    client.get(PAGE)  # the office's status row exists from its first page on
    listening()  # the sign-in's notice, the client's creation
    in_office(_report(client_id, "Lapor"))
    assert listening() == [f"{office_id}:c{client_id},{office_id}:p{user_id}"]
    in_office(
        lambda: update_user(
            db.session.get(User, user_id), full_name="Uji Baru", role="pk", nip=None
        )
    )
    assert listening() == [str(office_id)]
    in_office(lambda: end_all_sessions(db.session.get(User, user_id)))
    assert listening() == [officewatch.EVERY_OFFICE]  # a statement: whose office is unknown


def test_a_browser_s_own_commit_is_marked_in_its_session(
    app, client, auth, login_as, new_client, in_office
):
    login_as("pk")
    client_id = new_client()
    client.get(PAGE)  # the office's version exists from its first page on
    data = {"recorded_on": "2025-02-01", "status": "tidak_bekerja"}
    assert auth.post(f"/purwokerto/klien/{client_id}/pekerjaan/baru", data).status_code == 302
    version = in_office(lambda: db.session.scalar(select(IndicatorStatus.data_version)))
    with client.session_transaction() as session:
        assert session["wv"] == [_office_id(app), version]


def test_a_kept_case_file_records_its_view_without_the_session_s_round_trips(
    app, client, login_as, new_client
):
    """The view's audit event is one statement of its own (tenancy.insert_alone):
    no statement through SQLAlchemy, and still one event per view."""
    from test_pagecache import count_views

    client_id = new_client(1, pk_id=login_as("pk"))
    _known(app, client)
    detail = f"/purwokerto/klien/{client_id}"
    client.get(detail)  # rendered: its event is written in the page's transaction
    for n in (2, 3):
        statements, page = _statements(app, lambda: client.get(detail))
        assert statements == 0 and "Klien Uji 1" in page
        assert count_views(app, client_id) == n


def test_a_write_to_one_client_keeps_the_session_and_other_case_files_without_a_query(
    app, client, login_as, new_client, in_office, owner
):
    pk_id = login_as("pk")
    a = new_client(1, name="Agus Salim", pk_id=pk_id, **DURING)
    b = new_client(2, name="Bambang Wijaya", pk_id=pk_id, **DURING)
    _known(app, client)
    first, second = f"/purwokerto/klien/{a}", f"/purwokerto/klien/{b}"
    for path in (first, second):
        client.get(path)
        assert _statements(app, lambda p=path: client.get(p))[0] == 0
    in_office(_report(b, "Lapor di kantor pagi ini"))  # this process's own commit
    assert _statements(app, lambda: client.get(first))[0] == 0
    statements, page = _statements(app, lambda: client.get(second))
    assert statements > 0 and "Lapor di kantor pagi ini" in page

    office_id, watch = _office_id(app), _watch(app)
    ticket = watch.ticket(office_id, ("c", b))
    with owner.begin() as conn:  # another process's commit, as the portal makes it
        version = conn.scalar(
            text(
                "UPDATE indicator_status SET data_version = data_version + 1 "
                "WHERE office_id = :o RETURNING data_version"
            ),
            {"o": office_id},
        )
        conn.execute(text("UPDATE clients SET name = 'Bambang Baru' WHERE id = :b"), {"b": b})
        conn.execute(
            text(
                "UPDATE data_scope_versions SET version = :v "
                "WHERE office_id = :o AND kind = 'c' AND ref_id = :b"
            ),
            {"v": version, "o": office_id, "b": b},
        )
        conn.execute(
            text("SELECT pg_notify(:c, :p)"),
            {"c": officewatch.CHANNEL, "p": f"{office_id}:c{b}"},
        )
    _wait_for(lambda: watch.ticket(office_id, ("c", b)) not in (ticket, None))
    assert _statements(app, lambda: client.get(first))[0] == 0
    assert "Bambang Baru" in client.get(second).text
