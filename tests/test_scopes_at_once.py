"""A write's scopes on PostgreSQL (portal.indicators.scopes_at_once): resolved, recorded
and told in the one statement after the office's version bump, with the same outcome as
the step-by-step path (tests/test_pagecache.py walks the pages on both databases)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.pool import NullPool
from test_pagecache import DURING, TODAY, _report
from test_sessioncache import _office_id

from portal.auth.models import User
from portal.extensions import db
from portal.guidance.models import GuidanceSession
from portal.guidance.operations import create_session
from portal.indicators import refresh
from portal.indicators.models import IndicatorStatus, ScopeVersion

pytest_plugins = ["guidance_fixtures", "notify_fixtures"]


@pytest.fixture
def app(pg_app):
    return pg_app


@pytest.fixture
def office_of_two(app, client, login_as, make_user, new_client, listening):
    """Two PKs with a client each; the office's status row made by a first page."""
    pk = login_as("pk", "pk.satu")
    other = make_user("pk", office="purwokerto", username="pk.dua")
    ids = {
        "a": new_client(1, name="Agus Salim", pk_id=pk, **DURING),
        "b": new_client(2, name="Citra Dewi", pk_id=other, **DURING),
    }
    client.get("/purwokerto/klien/")
    listening()  # what was told before the test
    return {"office": _office_id(app), "pk": pk, "other": other, "ids": ids}


def _after_the_bump(app, in_office, write) -> list[str]:
    """The statements a committed write ran after bumping its office's version."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", count)
    try:
        in_office(write)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    bump = next(i for i, s in enumerate(seen) if s.startswith("UPDATE indicator_status"))
    return seen[bump + 1 :]


def _scopes(in_office) -> tuple[int, int, dict]:
    """(data version, shared version, {(kind, ref): version})."""
    return in_office(
        lambda: (
            *db.session.execute(
                select(IndicatorStatus.data_version, IndicatorStatus.shared_version)
            ).one(),
            {
                (kind, ref): version
                for kind, ref, version in db.session.execute(
                    select(ScopeVersion.kind, ScopeVersion.ref_id, ScopeVersion.version)
                )
            },
        )
    )


def test_a_report_takes_one_statement_after_the_bump(app, in_office, office_of_two, listening):
    office, pk, client_a = office_of_two["office"], office_of_two["pk"], office_of_two["ids"]["a"]
    after = _after_the_bump(app, in_office, _report(client_a, "Lapor pagi"))
    assert len(after) == 1 and after[0].startswith("WITH written")
    data, _, scopes = _scopes(in_office)
    assert scopes[("c", client_a)] == scopes[("p", pk)] == data
    assert listening() == [f"{office}:c{client_a},{office}:p{pk}"]


def test_a_session_s_own_row_reaches_every_attendee_and_their_pks(
    app,
    in_office,
    office_of_two,
    listening,
):
    """A guidance session's row names no client: its attendances do (`through`)."""
    office, ids = office_of_two["office"], office_of_two["ids"]

    def hold_session():
        pk = db.session.get(User, office_of_two["pk"])
        attendees = [{"client_id": c, "attendance": "hadir", "reason": ""} for c in ids.values()]
        fields = {"kind": "kemandirian", "format": "kelompok", "stage": "awal", "topic": "Uji"}
        return create_session(
            pk, attendees, held_on=TODAY, subtype="rintisan_usaha", pk_id=pk.id, **fields
        ).id

    session_id = in_office(hold_session)
    listening()

    def change_subtype():
        db.session.get(GuidanceSession, session_id).subtype = "magang"

    after = _after_the_bump(app, in_office, change_subtype)
    assert len(after) == 1
    data, _, scopes = _scopes(in_office)
    for scope in (("c", ids["a"]), ("c", ids["b"]), ("p", office_of_two["pk"])):
        assert scopes[scope] == data, scope
    assert scopes[("p", office_of_two["other"])] == data  # client B's PK, not the writer
    told = f"{office}:c{ids['a']},{office}:c{ids['b']},{office}:p{office_of_two['pk']}"
    assert listening() == [f"{told},{office}:p{office_of_two['other']}"]


def test_a_write_reaching_too_many_scopes_counts_as_the_office_s_shared_data(
    app,
    in_office,
    office_of_two,
    listening,
    monkeypatch,
):
    office, client_a = office_of_two["office"], office_of_two["ids"]["a"]
    data, shared, before = _scopes(in_office)
    monkeypatch.setattr(refresh, "SCOPES_PER_WRITE", 1)  # a report reaches 2: client, PK
    in_office(_report(client_a, "Lapor siang"))
    now_data, now_shared, after = _scopes(in_office)
    assert (now_data, now_shared) == (data + 1, shared + 1)
    assert after == before  # no scope row written: the whole office moved
    assert listening() == [str(office)]


def test_a_client_handed_over_while_the_write_waited_reaches_the_new_pk(
    app, in_office, office_of_two, postgres_urls
):
    """The statement after the bump reads the clients' PKs afresh: a hand-over committed
    while this write waited for the office's lock moves the new PK's caseload too."""
    client_a, old_pk, new_pk = (
        office_of_two["ids"]["a"],
        office_of_two["pk"],
        office_of_two["other"],
    )
    other_process = create_engine(postgres_urls[0], poolclass=NullPool)
    with other_process.connect() as conn:
        conn.execute(
            text("UPDATE clients SET pk_id = :pk WHERE id = :id"), {"pk": new_pk, "id": client_a}
        )
        conn.execute(  # holds the office's status row, as a writer committing would
            text("UPDATE indicator_status SET data_version = data_version WHERE office_id = :o"),
            {"o": office_of_two["office"]},
        )
        writer = threading.Thread(target=in_office, args=(_report(client_a, "Lapor"),))
        writer.start()
        assert _someone_waits_for_a_lock(other_process)
        conn.commit()  # the hand-over lands while the report waits
    writer.join(timeout=10)
    other_process.dispose()
    data, _, scopes = _scopes(in_office)
    assert scopes[("p", new_pk)] == data  # read after the lock: the new PK's caseload
    assert scopes[("p", old_pk)] == data  # the report's own PK (pk_id: read before)


def _someone_waits_for_a_lock(engine, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
            )
            conn.rollback()  # a fresh view of the activity each time
            if waiting:
                return True
            time.sleep(0.05)
    return False
