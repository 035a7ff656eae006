"""A data subject's record (UU 27/2022 art. 32): the office administrator produces,
for one client, everything the office holds about them and who viewed or changed it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.audit import subject
from portal.audit.models import AuditEvent
from portal.clients.models import Client
from portal.extensions import db
from portal.offices.models import Office
from portal.outcomes.operations import record_employment, record_reoffence
from portal.tenancy import office_scope
from tests.isolation_fixtures import VICTIM_MARKER, VICTIM_OFFICE, make_victim_objects

URL = f"/{VICTIM_OFFICE}/audit/subjek/"


def _holders() -> set[str]:
    """Every table with a foreign key to clients, read from the models' metadata."""
    return {
        t.name
        for t in db.metadata.tables.values()
        if any(fk.column.table.name == "clients" for fk in t.foreign_keys)
    }


def test_every_table_that_holds_a_client_is_in_the_record(app):
    """Fails when a table with a foreign key to clients is added and the record does not
    take it in, or takes it in with no name a person can read."""
    with app.app_context():
        covered = {name for name, _parent in subject.client_tables()}
        assert _holders() - covered == set()
        unnamed = sorted(n for n in covered | {"clients"} if n not in subject.TITLES)
        assert not unnamed, f"give these tables a title in portal/audit/subject.py: {unnamed}"
        # Discovery follows one step further too: a Litmas's interests, a participation's
        # follow-ups hold the client through their parent row.
        assert ("litmas_interests", "litmas_reports") in subject.client_tables()
        assert ("training_follow_ups", "training_participants") in subject.client_tables()


@pytest.fixture
def victim(app, make_user):
    objs = make_victim_objects(app, make_user)
    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.slug == VICTIM_OFFICE))
        with office_scope(office_id):
            client = db.session.get(Client, objs["client_id"])
            record_employment(
                client, recorded_on=date(2025, 7, 1), status="bekerja", sector="kuliner"
            )
            record_reoffence(
                client, occurred_on=date(2025, 8, 1), kind="tindak_pidana_baru", source="laporan_pk"
            )
            db.session.commit()
        db.session.remove()
    return objs


def test_administrator_gets_everything_on_a_page_and_in_a_workbook(app, auth, victim):
    client_id = victim["client_id"]
    auth.login("admin.tangerang", VICTIM_OFFICE)
    assert auth.client.get(f"/{VICTIM_OFFICE}/klien/{client_id}").status_code == 200  # a view

    page = auth.client.get(f"{URL}{client_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    with app.app_context():
        holders = _holders()
        in_record = {name for name, _parent in subject.client_tables()} | {"clients"}
    assert holders <= in_record
    for table in in_record:
        assert f'data-table="{table}"' in html, table
    assert VICTIM_MARKER in html and "3603011505900001" in html
    assert "Tindak pidana baru" in html and "tindak_pidana_baru" not in html
    assert "Membuka" in html  # the case file's view, in the record of who read it

    book = load_workbook(io.BytesIO(auth.client.get(f"{URL}{client_id}.xlsx").data))
    with app.test_request_context():
        titles = {t: subject.title_of(t) for t in in_record}
    assert set(titles.values()) | {"Akses dan perubahan"} == set(book.sheetnames)
    filled = {
        "litmas_reports",
        "litmas_interests",
        "guidance_attendances",
        "reports",
        "report_dues",
        "report_violations",
        "training_participants",
        "training_follow_ups",
        "placements",
        "employment_records",
        "reoffending_events",
    }
    for table in filled:
        assert book[titles[table]].max_row >= 2, table  # a header and the client's rows
    client_sheet = list(book[titles["clients"]].iter_rows(values_only=True))
    assert "3603011505900001" in client_sheet[1] and date(1990, 5, 15) in [
        v.date() if hasattr(v, "date") else v for v in client_sheet[1]
    ]
    accesses = list(book["Akses dan perubahan"].iter_rows(values_only=True))
    assert any(row[2] == "Membuka" and row[3] == "Berkas klien" for row in accesses)

    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.slug == VICTIM_OFFICE))
        with office_scope(office_id):
            audited = db.session.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.object_type == "data_subject", AuditEvent.object_id == client_id
                )
            ).all()
        db.session.remove()
    assert sorted(audited) == ["export", "view"]
    html = auth.client.get(f"{URL}{client_id}").get_data(as_text=True)
    assert "Rekam data subjek" in html.split('id="akses"', 1)[1]  # its own reading is listed


def test_only_the_clients_office_administrator_may_produce_it(app, auth, make_user, victim):
    client_id = victim["client_id"]
    make_user("pk", office=VICTIM_OFFICE, username="pk.lain")
    auth.login("pk.lain", VICTIM_OFFICE)
    assert auth.client.get(f"{URL}{client_id}").status_code == 403
    assert auth.client.get(f"{URL}{client_id}.xlsx").status_code == 403
    assert "data-subject-link" not in auth.client.get(
        f"/{VICTIM_OFFICE}/klien/{client_id}"
    ).get_data(as_text=True)
    auth.logout()
    make_user("admin", office="purwokerto", username="admin.pwt")
    auth.login("admin.pwt", "purwokerto")
    assert auth.client.get(f"/purwokerto/audit/subjek/{client_id}").status_code == 404
    assert auth.client.get(f"/purwokerto/audit/subjek/{client_id}.xlsx").status_code == 404
