"""Guidance sessions: individual and group, attendance with reasons, nothing stored on refusal."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.guidance.models import GuidanceSession, SessionAttendance

OFFICE = "purwokerto"
BASE = f"/{OFFICE}/bimbingan"
pytest_plugins = ["guidance_fixtures"]


def session_form(author, rows, **overrides) -> dict:
    data = {
        "held_on": "2025-03-04",
        "kind": "kepribadian",
        "subtype": "keagamaan",
        "format": "kelompok",
        "stage": "awal",
        "pk_id": str(author),
        "place": "Aula Bapas",
        "topic": "Pengajian bulanan",
        "notes": "Berjalan tertib.",
    }
    for i, (client_id, attendance, reason) in enumerate(rows):
        data[f"attendees-{i}-client_id"] = str(client_id)
        data[f"attendees-{i}-attendance"] = attendance
        data[f"attendees-{i}-reason"] = reason
    data.update(overrides)
    return data


def test_pk_records_a_group_session_seen_on_each_client_page(
    app, auth, login_as, new_client, in_office
):
    pk_id = login_as("pk")
    first, second, third = new_client(1), new_client(2), new_client(3)
    rows = [
        (first, "hadir", ""),
        (second, "terlambat", ""),
        (third, "tidak_hadir", "Sakit, ada surat dokter"),
    ]
    response = auth.post(f"{BASE}/baru", session_form(pk_id, rows))
    assert response.status_code == 302, response.text
    session_id = int(re.search(r"/bimbingan/(\d+)$", response.headers["Location"]).group(1))

    page = auth.client.get(f"{BASE}/{session_id}").text
    assert "Kesadaran beragama" in page and "Pengajian bulanan" in page
    assert "Klien Uji 3" in page and "Sakit, ada surat dokter" in page
    client_page = auth.client.get(f"/{OFFICE}/klien/{second}").text
    assert "Bimbingan yang diikuti" in client_page and "Terlambat" in client_page
    listing = auth.client.get(f"{BASE}/?kind=kepribadian").text
    assert "Pengajian bulanan" in listing
    assert "Pengajian bulanan" not in auth.client.get(f"{BASE}/?kind=kemandirian").text
    assert in_office(
        lambda: db.session.scalar(
            select(AuditEvent.detail).where(
                AuditEvent.object_type == "guidance_session", AuditEvent.action == "create"
            )
        )
    )["clients"] == [first, second, third]


def test_individual_session_from_the_client_page(app, auth, login_as, new_client, count):
    pk_id = login_as("pk")
    client_id = new_client()
    form = auth.client.get(f"{BASE}/baru?klien={client_id}").text
    assert re.search(rf'<option selected value="{client_id}">', form)
    data = session_form(
        pk_id,
        [(client_id, "hadir", "")],
        format="individu",
        kind="kemandirian",
        subtype="bimbingan_karier",
        stage="lanjutan",
    )
    assert auth.post(f"{BASE}/baru", data).status_code == 302
    assert count(GuidanceSession) == 1 and count(SessionAttendance) == 1


FUTURE = (date.today() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("future", "Tanggal sesi tidak boleh di masa depan."),
        ("before_start", "Tanggal sesi sebelum mulai bimbingan Klien Uji 1"),
        ("no_reason", "Alasan wajib diisi untuk klien yang tidak hadir."),
        ("duplicate", "Klien Uji 1 tercantum lebih dari sekali."),
        ("foreign_client", "Klien tidak ditemukan di kantor ini."),
        ("foreign_pk", "PK tidak ditemukan di kantor ini."),
        ("wrong_subtype", "Bentuk bimbingan tidak sesuai dengan jenis"),
        ("individual_two", "Bimbingan individu untuk tepat satu klien."),
        ("group_one", "Bimbingan kelompok memerlukan sedikitnya dua klien."),
        ("nobody", "Cantumkan sedikitnya satu klien."),
        ("no_attendance", "Kehadiran wajib dipilih."),
        ("no_topic", "Topik wajib diisi."),
    ],
)
def test_bad_session_is_refused_and_keeps_typing(
    app, auth, login_as, new_client, make_user, count, case, message
):
    pk_id = login_as("pk")
    one, two = new_client(1), new_client(2)
    foreign = new_client(9, slug="tangerang")
    rows = [(one, "hadir", ""), (two, "hadir", "")]
    overrides = {}
    if case == "future":
        overrides["held_on"] = FUTURE
    elif case == "before_start":
        overrides["held_on"] = "2024-12-01"
    elif case == "no_reason":
        rows[1] = (two, "tidak_hadir", "")
    elif case == "duplicate":
        rows.append((one, "terlambat", ""))
    elif case == "foreign_client":
        rows.append((foreign, "hadir", ""))
    elif case == "foreign_pk":
        overrides["pk_id"] = str(make_user("pk", office="tangerang"))
    elif case == "wrong_subtype":
        overrides["subtype"] = "magang"
    elif case == "individual_two":
        overrides["format"] = "individu"
    elif case == "group_one":
        rows = rows[:1]
    elif case == "nobody":
        rows = []
    elif case == "no_attendance":
        rows[0] = (one, "", "")
    elif case == "no_topic":
        overrides["topic"] = ""
    data = session_form(pk_id, rows, notes="Catatan yang diketik panjang", **overrides)
    response = auth.post(f"{BASE}/baru", data)
    assert response.status_code == 200
    assert message in response.text
    assert "Catatan yang diketik panjang" in response.text
    assert count(GuidanceSession) == 0 and count(SessionAttendance) == 0


def test_juvenile_attendee_is_hidden_from_other_staff(
    app, auth, login_as, new_client, make_user, in_office
):
    from portal.clients.models import Client
    from portal.guidance.operations import create_session

    own_pk = make_user("pk", office=OFFICE, username="pk.anak")
    adult = new_client(1, pk_id=own_pk)
    anak = new_client(
        2,
        name="Anak Rahasia",
        nik="3302011505100002",
        birth_date=date(2010, 5, 15),
        program="diversi",
        pk_id=own_pk,
    )

    def record():
        from portal.auth.models import User

        pk = db.session.get(User, own_pk)
        assert db.session.get(Client, anak).category == "anak"
        return create_session(
            pk,
            [
                {"client_id": adult, "attendance": "hadir"},
                {"client_id": anak, "attendance": "hadir"},
            ],
            held_on=date(2025, 3, 4),
            kind="kepribadian",
            subtype="hukum",
            format="kelompok",
            stage="awal",
            pk_id=own_pk,
            topic="Kesadaran hukum",
        ).id

    session_id = in_office(record)
    login_as("staff")
    page = auth.client.get(f"{BASE}/{session_id}").text
    assert "Klien Uji 1" in page and "Anak Rahasia" not in page
    assert "1 klien anak lainnya tidak ditampilkan" in page
    form = auth.client.get(f"{BASE}/baru").status_code
    assert form == 403


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_read_only_roles_cannot_record(app, auth, login_as, new_client, count, role):
    login_as(role)
    client_id = new_client()
    assert auth.client.get(f"{BASE}/").status_code == 200
    assert auth.client.get(f"{BASE}/baru").status_code == 403
    data = session_form(1, [(client_id, "hadir", "")], format="individu")
    assert auth.post(f"{BASE}/baru", data).status_code == 403
    assert count(GuidanceSession) == 0
