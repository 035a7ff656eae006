"""Kept office pages (portal.pagecache): served again only while nothing they show has
changed, only to the account they were made for, and never at the cost of the audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from isolation_fixtures import _make_client, _make_juvenile
from sqlalchemy import delete, event, func, select, update

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.clients.models import Client
from portal.clients.operations import update_client
from portal.extensions import db
from portal.guidance.models import GuidanceSession
from portal.guidance.operations import create_session
from portal.indicators.models import IndicatorStatus, ScopeVersion
from portal.reporting.models import Report
from portal.reporting.operations import record_report

OFFICE = "purwokerto"
pytest_plugins = ["guidance_fixtures"]
PAGES = ("/purwokerto/", "/purwokerto/klien/?q=Slamet&status=aktif")


def _statements(app, fetch) -> tuple[int, str]:
    """(SQL statements run, page text) for one request."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(*args):
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        text = fetch().text
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen), text


def test_a_page_asked_again_is_served_without_reading_the_data_again(
    app, client, login_as, new_client
):
    pk_id = login_as("pk")
    new_client(1, name="Slamet Riyadi", pk_id=pk_id)
    client.get("/purwokerto/klien/saya")  # shows the sign-in's message: not kept
    for path in (*PAGES, "/purwokerto/klien/"):
        first, page = _statements(app, lambda p=path: client.get(p))
        again, kept = _statements(app, lambda p=path: client.get(p))
        assert kept == page
        assert again < first and again <= 3, (path, first, again)


def test_a_change_by_anyone_shows_on_the_next_request(app, client, login_as, new_client, in_office):
    pk_id = login_as("pk")
    client_id = new_client(1, name="Slamet Riyadi", pk_id=pk_id)
    detail = f"/purwokerto/klien/{client_id}"
    for path in (*PAGES, detail):
        assert "Slamet Riyadi" in client.get(path).text

    def rename():  # another user, another process: only the database is shared
        found = db.session.get(Client, client_id)
        update_client(found, found.version_id, **_fields(found, name="Slamet Hidayat"))

    in_office(rename)
    for path in (*PAGES[:1], detail, "/purwokerto/klien/?q=Slamet&status=aktif"):
        text = client.get(path).text
        assert "Slamet Hidayat" in text and "Slamet Riyadi" not in text, path


def _fields(client: Client, **changes) -> dict:
    names = ("register_number", "name", "nik", "sex", "birth_date", "offence", "program")
    return {
        **{n: getattr(client, n) for n in names},
        "guidance_start": client.guidance_start,
        "guidance_end": client.guidance_end,
        "pk_id": client.pk_id,
        **changes,
    }


def test_every_view_of_a_case_file_is_recorded_even_when_kept(app, client, login_as, new_client):
    pk_id = login_as("pk")
    client_id = new_client(1, pk_id=pk_id)
    views = lambda: count_views(app, client_id)  # noqa: E731
    for n in range(1, 4):
        assert client.get(f"/purwokerto/klien/{client_id}").status_code == 200
        assert views() == n


def count_views(app, client_id: int) -> int:
    from isolation_fixtures import _in_office

    return _in_office(
        app,
        OFFICE,
        lambda: db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "view", AuditEvent.object_id == client_id
            )
        ),
    )


def test_a_message_is_shown_once_and_never_kept(app, client, auth, login_as, new_client):
    login_as("admin")
    client_id = new_client(1)
    client.get("/purwokerto/")
    response = auth.post(
        f"/purwokerto/klien/{client_id}/status",
        {
            "to_status": "selesai",
            "on": date(2025, 6, 2).isoformat(),
            "reason": "Masa habis",
            "confirmed": "1",
        },
        form_page=f"/purwokerto/klien/{client_id}",
        follow_redirects=True,
    )
    flashed = 'class="flash'
    assert flashed in response.text
    again = client.get(f"/purwokerto/klien/{client_id}").text
    assert flashed not in again and "Selesai" in again


def test_a_kept_page_is_only_for_the_account_it_was_made_for(
    app, client, auth, make_user, login_as
):
    own_pk = login_as("pk", "pk.anak")
    make_user("pk", office=OFFICE, username="pk.lain")
    make_user("pk", office="mataram", username="pk.mataram")
    anak_id = _make_juvenile(app, OFFICE, own_pk)
    detail, listing = f"/purwokerto/klien/{anak_id}", "/purwokerto/klien/?category=anak"
    for _ in range(2):  # kept for pk.anak
        assert "Anak Rahasia" in client.get(detail).text
        assert "Anak Rahasia" in client.get(listing).text
    auth.logout()
    auth.login("pk.lain", OFFICE)
    assert client.get(detail).status_code == 404
    assert "Anak Rahasia" not in client.get(listing).text
    auth.logout()
    auth.login("pk.mataram", "mataram")
    assert client.get(detail).status_code == 404
    assert client.get(listing).status_code == 404


def test_signing_in_does_not_make_pages_stale_but_a_renamed_pk_does(
    app, client, auth, login_as, new_client, in_office
):
    version = lambda: in_office(  # noqa: E731
        lambda: db.session.scalar(select(IndicatorStatus.data_version))
    )
    pk_id = login_as("pk", "pk.satu")
    new_client(1, name="Slamet Riyadi", pk_id=pk_id)
    assert "Uji pk.satu" in client.get("/purwokerto/klien/").text
    before = version()
    auth.logout()
    auth.login("pk.satu", OFFICE)
    assert version() == before

    def rename():
        db.session.get(User, pk_id).full_name = "Wahyu Pratama"

    in_office(rename)
    assert version() > before
    page = client.get("/purwokerto/klien/").text
    assert "Wahyu Pratama" in page and "Uji pk.satu" not in page


def test_each_language_has_its_own_page(app, client, auth, login_as):
    login_as("pk")
    client.get("/purwokerto/")
    assert '<html lang="id">' in client.get("/purwokerto/klien/").text
    auth.post("/bahasa", {"lang": "en", "next": "/purwokerto/klien/"})
    assert '<html lang="en">' in client.get("/purwokerto/klien/").text


def test_an_office_without_a_version_yet_gets_one(app, client, login_as, in_office):
    login_as("pk")
    in_office(lambda: db.session.execute(delete(IndicatorStatus)))
    assert client.get("/purwokerto/").status_code == 200
    assert in_office(lambda: db.session.scalar(select(IndicatorStatus.data_version))) == 1
    assert client.get("/purwokerto/").status_code == 200


def test_a_long_write_does_not_hold_up_the_office_s_other_writers(pg_app):
    """The data version is bumped as a transaction commits, not at its first write: an
    import running for a minute must not stop the office's staff from saving."""
    from sqlalchemy import text

    from portal.offices.models import Office
    from portal.tenancy import bind_office

    first_id = _make_client(pg_app, OFFICE, register_number="PB-1", nik="3302011505900001")
    second_id = _make_client(pg_app, OFFICE, register_number="PB-2", nik="3302011505900002")
    with pg_app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.slug == OFFICE))
        db.session.remove()
        long, short = db.session.session_factory(), db.session.session_factory()
        for session in (long, short):
            bind_office(office_id, session)
        short.add(IndicatorStatus(office_id=office_id, data_version=1))
        short.commit()
        bind_office(office_id, short)
        long.get(Client, first_id).name = "Ditulis Lama"
        long.flush()  # a write in a transaction that stays open
        short.execute(text("SET lock_timeout = '3s'"))
        short.get(Client, second_id).name = "Disimpan Segera"
        short.commit()  # not held up by the open transaction
        long.commit()
        bind_office(office_id, short)
        assert short.scalar(select(IndicatorStatus.data_version)) == 3
        long.close()
        short.close()


def test_two_browsers_of_one_account_each_get_their_own_form_tokens(app, auth, login_as):
    """A kept page carries its session's CSRF token: another session must not get it,
    or every form it posts would be refused."""
    from conftest import CSRF_RE, PASSWORD, Auth

    login_as("pk", "pk.dua")
    first_page = auth.client.get("/purwokerto/").text  # the first page of each session
    second = Auth(app.test_client())
    second.login("pk.dua", OFFICE, PASSWORD)
    second_page = second.client.get("/purwokerto/").text
    token = CSRF_RE.search(second_page).group(1)
    assert token != CSRF_RE.search(first_page).group(1)
    response = second.client.post(
        "/bahasa", data={"csrf_token": token, "lang": "en", "next": "/purwokerto/"}
    )
    assert response.status_code == 302


# --- finer keys: a case file by its client, a PK's home by their caseload ------------

TODAY = date.today()
DURING = {"guidance_start": TODAY - timedelta(days=90), "guidance_end": TODAY + timedelta(days=300)}


def _served_kept(app, client, path: str) -> bool:
    """Whether a page asked again is served as kept: far fewer statements than its
    rendering (the session, a version, a case file's audit event at most)."""
    statements, _ = _statements(app, lambda: client.get(path))
    return statements <= 3


def _report(client_id: int, note: str, on: date = TODAY):
    def record():
        found = db.session.get(Client, client_id)
        record_report(found, on=on, mode="kantor", pk_id=found.pk_id, note=note)

    return record


def _session(client_id: int, subtype: str = "rintisan_usaha"):
    def record():
        found = db.session.get(Client, client_id)
        pk = db.session.get(User, found.pk_id)
        attendees = [{"client_id": client_id, "attendance": "hadir", "reason": ""}]
        fields = {"kind": "kemandirian", "format": "individu", "stage": "awal", "topic": "Uji"}
        return create_session(
            pk, attendees, held_on=TODAY, subtype=subtype, pk_id=pk.id, **fields
        ).id

    return record


@pytest.fixture
def two_caseloads(app, client, login_as, make_user, new_client):
    """A signed-in PK with clients A and B, another PK with client C; every page read
    twice, so each is kept."""
    pk = login_as("pk", "pk.satu")
    other = make_user("pk", office=OFFICE, username="pk.dua", full_name="Dua Lestari")
    ids = {
        "a": new_client(1, name="Agus Salim", pk_id=pk, **DURING),
        "b": new_client(2, name="Bambang Wijaya", pk_id=pk, **DURING),
        "c": new_client(3, name="Citra Dewi", pk_id=other, **DURING),
    }
    pages = {k: f"/purwokerto/klien/{v}" for k, v in ids.items()} | {"home": "/purwokerto/"}
    client.get("/purwokerto/klien/saya")  # shows the sign-in's message: not kept
    for path in pages.values():
        client.get(path)
        assert _served_kept(app, client, path), path
    return {"pk": pk, "other": other, "ids": ids, "pages": pages}


def test_a_write_to_one_client_leaves_other_case_files_and_caseloads_kept(
    app, client, in_office, two_caseloads
):
    ids, pages = two_caseloads["ids"], two_caseloads["pages"]
    in_office(_report(ids["c"], "Lapor dari PK lain"))  # another PK's client
    assert _served_kept(app, client, pages["a"])
    assert _served_kept(app, client, pages["b"])
    assert _served_kept(app, client, pages["home"])  # C is not in this PK's caseload
    assert "Lapor dari PK lain" in client.get(pages["c"]).text

    in_office(_report(ids["b"], "Lapor di kantor pagi ini"))  # this PK's client B
    assert _served_kept(app, client, pages["a"])
    assert not _served_kept(app, client, pages["home"])  # B is: rendered again
    assert "Lapor di kantor pagi ini" in client.get(pages["b"]).text


def test_every_kind_of_write_shows_on_the_next_case_file(
    app, client, in_office, runner, tmp_path, two_caseloads
):
    """Whoever writes, through the form, another module, a statement over many rows,
    an import from the command line or a change of something shared."""
    from transfer_helpers import csv_text

    ids, pages = two_caseloads["ids"], two_caseloads["pages"]
    detail = pages["b"]

    def shows(text: str) -> bool:
        return text in client.get(detail).text

    session_id = in_office(_session(ids["b"]))  # through its attendance
    assert shows("Rintisan usaha")

    def change_session():  # a session's own row: the case files of its attendees
        db.session.get(GuidanceSession, session_id).subtype = "magang"

    in_office(change_session)
    assert shows("Magang") and not shows("Rintisan usaha")

    in_office(_report(ids["b"], "Catatan pertama"))
    in_office(  # a statement whose rows are not known one by one
        lambda: db.session.execute(
            update(Report).where(Report.note == "Catatan pertama").values(note="Catatan diubah")
        )
    )
    assert shows("Catatan diubah") and not shows("Catatan pertama")

    path = tmp_path / "lapor.csv"
    headers = ["Nomor Register", "Tanggal Lapor", "Cara Lapor", "Catatan"]
    on = (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")
    path.write_text(
        csv_text([["PB-UJI-002", on, "Di kantor", "Dari berkas impor"]], headers),
        encoding="utf-8-sig",
    )
    args = ["import", "wajib-lapor", str(path), "--office", OFFICE, "--commit"]
    assert "1 added" in runner.invoke(args=args).output
    assert shows("Dari berkas impor")

    def rename_pk():  # shared data: every kept page of the office
        db.session.get(User, two_caseloads["pk"]).full_name = "Wahyu Pratama"

    in_office(rename_pk)
    assert shows("Wahyu Pratama")
    assert "Wahyu Pratama" in client.get(pages["a"]).text


def test_a_client_handed_to_another_pk_leaves_one_home_and_reaches_the_other(
    app, client, auth, in_office, new_client, two_caseloads
):
    ending = {"guidance_start": TODAY - timedelta(days=300), "guidance_end": TODAY + timedelta(10)}
    moved = new_client(9, name="Dodi Pindahan", pk_id=two_caseloads["pk"], **ending)
    home = two_caseloads["pages"]["home"]
    assert "Dodi Pindahan" in client.get(home).text  # guidance ending within 30 days
    assert _served_kept(app, client, home)
    auth.logout()
    auth.login("pk.dua", OFFICE)
    client.get("/purwokerto/klien/saya")
    assert "Dodi Pindahan" not in client.get(home).text

    def hand_over():
        found = db.session.get(Client, moved)
        update_client(found, found.version_id, **_fields(found, pk_id=two_caseloads["other"]))

    in_office(hand_over)
    assert "Dodi Pindahan" in client.get(home).text
    auth.logout()
    auth.login("pk.satu", OFFICE)
    client.get("/purwokerto/klien/saya")
    assert "Dodi Pindahan" not in client.get(home).text


def test_a_write_records_its_client_and_caseload_in_its_own_transaction(
    app, in_office, two_caseloads
):
    ids = two_caseloads["ids"]
    in_office(_report(ids["b"], "Dicatat"))
    versions = in_office(
        lambda: (
            db.session.scalar(select(IndicatorStatus.data_version)),
            dict(
                db.session.execute(
                    select(ScopeVersion.kind, ScopeVersion.version).where(
                        ((ScopeVersion.kind == "c") & (ScopeVersion.ref_id == ids["b"]))
                        | (
                            (ScopeVersion.kind == "p")
                            & (ScopeVersion.ref_id == two_caseloads["pk"])
                        )
                    )
                ).all()
            ),
        )
    )
    data, scoped = versions
    assert scoped == {"c": data, "p": data}


# --- the client list: kept through what it does not show -----------------------------

SEARCHES = ("/purwokerto/klien/", "/purwokerto/klien/?q=Salim", "/purwokerto/klien/?status=aktif")


def test_the_client_list_is_kept_through_reports_and_guidance_sessions(
    app, client, in_office, two_caseloads
):
    """A search shows the clients' own rows (name, register number, program, PK,
    period, status): a report or a guidance session, this PK's or another's, leaves
    every kept search as it was."""
    ids = two_caseloads["ids"]
    for path in SEARCHES:
        client.get(path)
        assert _served_kept(app, client, path), path
    in_office(_report(ids["a"], "Lapor pagi"))  # this PK's own client
    in_office(_report(ids["c"], "Lapor dari PK lain"))
    in_office(_session(ids["b"]))
    for path in SEARCHES:
        assert _served_kept(app, client, path), path
    assert not _served_kept(app, client, two_caseloads["pages"]["a"])  # the case file is not


def test_the_client_list_is_made_again_when_a_client_s_row_changes(
    app, client, in_office, new_client, two_caseloads
):
    ids = two_caseloads["ids"]
    for path in SEARCHES:
        client.get(path)
        assert _served_kept(app, client, path), path

    def rename():  # another PK's client, changed by someone else
        found = db.session.get(Client, ids["c"])
        update_client(found, found.version_id, **_fields(found, name="Citra Salim"))

    in_office(rename)
    page = client.get("/purwokerto/klien/?q=Salim").text
    assert "Citra Salim" in page and "Agus Salim" in page
    assert "Citra Dewi" not in client.get("/purwokerto/klien/").text

    def end_guidance():  # a status the list shows, and filters by
        db.session.get(Client, ids["a"]).status = "selesai"

    client.get("/purwokerto/klien/?status=aktif")
    in_office(end_guidance)
    assert "Agus Salim" not in client.get("/purwokerto/klien/?status=aktif").text

    new_client(4, name="Eko Salim", pk_id=two_caseloads["other"], **DURING)  # registered
    assert "Eko Salim" in client.get("/purwokerto/klien/?q=Salim").text


def test_only_a_write_to_a_client_s_row_moves_the_register_version(app, in_office, two_caseloads):
    from portal import officewatch
    from portal.officeversion import ROSTER

    ids = two_caseloads["ids"]

    def versions():
        return in_office(
            lambda: (
                db.session.scalar(select(IndicatorStatus.data_version)),
                db.session.scalar(
                    select(ScopeVersion.version).where(
                        ScopeVersion.kind == ROSTER[0], ScopeVersion.ref_id == ROSTER[1]
                    )
                ),
            )
        )

    data, roster = versions()  # (no register version yet when registered before any page)
    in_office(_report(ids["b"], "Dicatat"))
    in_office(_session(ids["a"]))
    assert versions() == (data + 2, roster)

    def rename():
        db.session.get(Client, ids["b"]).name = "Bambang Suryo"

    in_office(rename)
    assert versions() == (data + 3, data + 3)  # in the same transaction as the write
    assert officewatch.changes_of("3:r0,3:c17") == [(3, ROSTER), (3, ("c", 17))]
    assert officewatch.payload_of([(3, ROSTER)]) == "3:r0"
