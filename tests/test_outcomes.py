"""Outcomes: employment history, re-offending events, and transfers that keep offices apart."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import PASSWORD, Auth
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.clients.models import Client, ClientStatusChange
from portal.extensions import db
from portal.offices.models import Office
from portal.outcomes.models import ClientTransfer, EmploymentRecord, ReoffendingEvent

OFFICE = "purwokerto"
BASE = f"/{OFFICE}/klien"
FUTURE = (date.today() + timedelta(days=3)).isoformat()
pytest_plugins = ["guidance_fixtures"]


def test_employment_history_shows_the_latest_first(app, auth, login_as, new_client):
    login_as("pk")
    client_id = new_client()
    for data in (
        {"recorded_on": "2025-02-01", "status": "tidak_bekerja"},
        {
            "recorded_on": "2025-05-01",
            "status": "bekerja",
            "sector": "kuliner",
            "income_band": "1-2.5",
            "note": "Warung bakso di Sokaraja",
        },
    ):
        assert auth.post(f"{BASE}/{client_id}/pekerjaan/baru", data).status_code == 302
    page = auth.client.get(f"{BASE}/{client_id}").text
    now = page.split('data-testid="employment-now"')[1].split("</p>")[0]
    assert "Bekerja" in now and "Kuliner" in now
    assert "Warung bakso di Sokaraja" in page and "Tidak bekerja" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recorded_on": FUTURE, "status": "wirausaha"}, "Tanggal tidak boleh di masa depan."),
        (
            {"recorded_on": "2024-12-01", "status": "wirausaha"},
            "Tanggal tidak boleh sebelum mulai bimbingan",
        ),
        ({"recorded_on": "2025-03-01", "status": "bekerja"}, "Sektor pekerjaan wajib dipilih"),
        ({"recorded_on": "2025-03-01", "status": ""}, "Status pekerjaan wajib dipilih."),
        (
            {"recorded_on": "2025-03-01", "status": "tidak_bekerja", "income_band": "gt5"},
            "tidak memiliki sektor atau penghasilan",
        ),
        (
            {"recorded_on": "2025-03-01", "status": "bekerja", "sector": "antariksa"},
            "Sektor tidak dikenal.",
        ),
    ],
)
def test_bad_employment_is_refused(app, auth, login_as, new_client, count, data, message):
    login_as("pk")
    client_id = new_client()
    response = auth.post(
        f"{BASE}/{client_id}/pekerjaan/baru", {**data, "note": "Catatan ketikan pengguna"}
    )
    assert response.status_code == 200
    assert message in response.text and "Catatan ketikan pengguna" in response.text
    assert count(EmploymentRecord) == 0


def test_reoffence_is_recorded_and_queryable_by_date(app, auth, login_as, new_client, in_office):
    from portal.outcomes.operations import reoffences_between

    login_as("pk")
    client_id = new_client()
    data = {
        "occurred_on": "2025-04-10",
        "kind": "tindak_pidana_baru",
        "source": "kepolisian",
        "note": "Ditangkap karena pencurian sepeda motor",
    }
    assert auth.post(f"{BASE}/{client_id}/kejadian/baru", data).status_code == 302
    page = auth.client.get(f"{BASE}/{client_id}").text
    assert "Tindak pidana baru" in page and "Kepolisian" in page
    assert in_office(lambda: len(reoffences_between(date(2025, 4, 1), date(2025, 4, 30)))) == 1
    assert in_office(lambda: len(reoffences_between(date(2025, 5, 1), date(2025, 5, 31)))) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"occurred_on": FUTURE, "kind": "pencabutan", "source": "laporan_pk"},
            "Tanggal tidak boleh di masa depan.",
        ),
        (
            {"occurred_on": "2025-03-01", "kind": "", "source": "laporan_pk"},
            "Jenis kejadian wajib dipilih.",
        ),
        (
            {"occurred_on": "2025-03-01", "kind": "pencabutan", "source": "dukun"},
            "Sumber informasi wajib dipilih.",
        ),
    ],
)
def test_bad_reoffence_is_refused(app, auth, login_as, new_client, count, data, message):
    login_as("pk")
    client_id = new_client()
    response = auth.post(f"{BASE}/{client_id}/kejadian/baru", {**data, "note": "Ketikan saya"})
    assert message in response.text and "Ketikan saya" in response.text
    assert count(ReoffendingEvent) == 0


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_read_only_roles_cannot_record_outcomes(app, auth, login_as, new_client, count, role):
    login_as(role)
    client_id = new_client()
    assert auth.client.get(f"{BASE}/{client_id}").status_code == 200
    assert (
        auth.post(
            f"{BASE}/{client_id}/pekerjaan/baru",
            {"recorded_on": "2025-03-01", "status": "wirausaha"},
        ).status_code
        == 403
    )
    assert auth.post(f"{BASE}/{client_id}/kejadian/baru", {}).status_code == 403
    assert auth.post(f"{BASE}/{client_id}/pindah", {}).status_code == 403
    assert count(EmploymentRecord) == 0 and count(ReoffendingEvent) == 0


def _office_id(app, slug):
    with app.app_context():
        return db.session.scalar(select(Office.id).where(Office.slug == slug))


def test_transfer_creates_a_linked_file_neither_office_can_open(
    app, auth, login_as, new_client, in_office, make_user
):
    login_as("admin")
    old_id = new_client(1, name="Klien Pindahan")
    tangerang = _office_id(app, "tangerang")
    response = auth.post(
        f"{BASE}/{old_id}/pindah",
        {
            "to_office_id": str(tangerang),
            "on": "2025-06-02",
            "reason": "Ikut keluarga pindah ke Tangerang",
            "confirmed": "1",
        },
    )
    assert response.status_code == 302, response.text

    old = in_office(
        lambda: (
            db.session.get(Client, old_id).status,
            db.session.scalar(select(ClientStatusChange.reason)),
        )
    )
    assert old[0] == "pindah" and "Bapas Kelas I Tangerang" in old[1]
    new_id, *facts = in_office(
        lambda: next(
            (c.id, c.name, c.status, c.pk_id, c.guidance_start, c.register_number)
            for c in db.session.scalars(select(Client))
        ),
        "tangerang",
    )
    assert facts == ["Klien Pindahan", "aktif", None, date(2025, 6, 2), "PINDAH/2025/1"]
    keys = {
        side: in_office(lambda: db.session.scalar(select(ClientTransfer.transfer_key)), side)
        for side in (OFFICE, "tangerang")
    }
    assert keys[OFFICE] == keys["tangerang"]
    audits = {
        side: in_office(lambda: set(db.session.scalars(select(AuditEvent.action))), side)
        for side in (OFFICE, "tangerang")
    }
    assert "transfer_out" in audits[OFFICE] and "transfer_in" in audits["tangerang"]

    page = auth.client.get(f"{BASE}/{old_id}").text
    assert "Dipindahkan ke Bapas Kelas I Tangerang pada" in page
    assert f"/tangerang/klien/{new_id}" not in page
    assert auth.client.get(f"{BASE}/{new_id}").status_code == 404  # not Purwokerto's
    assert auth.client.get(f"/tangerang/klien/{new_id}").status_code == 404  # not my office

    receiver = app.test_client()
    make_user("admin", office="tangerang", username="admin.tng")
    Auth(receiver).login("admin.tng", "tangerang", PASSWORD)
    page = receiver.get(f"/tangerang/klien/{new_id}").text
    assert "Klien Pindahan" in page and "Dipindahkan dari Bapas Kelas II Purwokerto" in page
    assert f"/{OFFICE}/klien/{old_id}" not in page
    assert receiver.get(f"/tangerang/klien/{old_id}").status_code == 404
    assert receiver.get(f"{BASE}/{old_id}").status_code == 404
    assert "PINDAH/2025/1" not in auth.client.get(f"{BASE}/?q=PINDAH").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_office_id": "", "on": "2025-06-02", "reason": "x"}, "Kantor tujuan wajib dipilih"),
        ({"to_office_id": "own", "on": "2025-06-02", "reason": "x"}, "harus kantor lain"),
        ({"to_office_id": "tng", "on": FUTURE, "reason": "x"}, "tidak boleh di masa depan"),
        (
            {"to_office_id": "tng", "on": "2026-02-01", "reason": "x"},
            "harus sebelum akhir masa bimbingan",
        ),
        ({"to_office_id": "tng", "on": "2025-06-02", "reason": ""}, "Alasan pindah wajib diisi."),
    ],
)
def test_bad_transfer_changes_nothing_in_either_office(
    app, auth, login_as, new_client, in_office, data, message
):
    login_as("admin")
    far_end = date.today() + timedelta(days=400)
    client_id = new_client(guidance_end=far_end) if data["on"] == FUTURE else new_client()
    ids = {"own": str(_office_id(app, OFFICE)), "tng": str(_office_id(app, "tangerang"))}
    data = {**data, "to_office_id": ids.get(data["to_office_id"], data["to_office_id"])}
    response = auth.post(f"{BASE}/{client_id}/pindah", data)
    assert response.status_code == 200 and message in response.text
    assert in_office(lambda: db.session.get(Client, client_id).status) == "aktif"
    for side in (OFFICE, "tangerang"):
        assert in_office(lambda: db.session.scalar(select(ClientTransfer.id)), side) is None
    assert in_office(lambda: db.session.scalar(select(Client.id)), "tangerang") is None


def test_only_the_administrator_transfers(app, auth, login_as, new_client):
    login_as("pk")
    client_id = new_client()
    assert auth.client.get(f"{BASE}/{client_id}/pindah").status_code == 403
