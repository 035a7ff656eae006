"""Konseling keliling: planning a day and recording the clients seen as wajib lapor."""

# Fixtures imported from other test modules are parameters here, which ruff reads as
# redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select
from test_clients import in_office, signed_in  # noqa: F401 (fixtures)
from test_reporting import APR, OFFICE, _count, new_client, schedule_of, today  # noqa: F401

from portal.extensions import db
from portal.reporting.models import MobileCounselingDay, Report

DAYS = f"/{OFFICE}/wajib-lapor/keliling"


@pytest.fixture
def plan(auth):
    def post(**data):
        values = {
            "held_on": "2025-04-05",
            "kelurahan": "Karangklesem",
            "kecamatan": "Purwokerto Selatan",
            "location_note": "Balai RW 04",
            "pk_ids": [],
            **data,
        }
        return auth.post(f"{DAYS}/baru", values)

    return post


def _day_id(response) -> int:
    return int(re.search(r"/keliling/(\d+)$", response.headers["Location"]).group(1))


def test_staff_plans_a_day_and_records_clients_as_reports(
    auth,
    make_user,
    signed_in,
    new_client,
    plan,
    schedule_of,
    in_office,
):
    signed_in("staff")
    pk1 = make_user("pk", office=OFFICE, full_name="Petugas Satu")
    pk2 = make_user("pk", office=OFFICE, full_name="Petugas Dua")
    client_id = new_client(pk_id=pk1, name="Warga Karangklesem")
    response = plan(pk_ids=[str(pk1), str(pk2)])
    assert response.status_code == 302
    day_id = _day_id(response)
    listing = auth.client.get(f"{DAYS}/").text
    assert "Karangklesem" in listing and "Petugas Satu, Petugas Dua" in listing

    seen = auth.post(
        f"{DAYS}/{day_id}/hadir",
        {"client": "Warga Karangklesem (PB-WL-001)", "pk_id": str(pk2), "note": "Sehat"},
    )
    assert seen.status_code == 302
    report = in_office(
        OFFICE,
        lambda: db.session.execute(
            select(
                Report.mode,
                Report.kelurahan,
                Report.reported_on,
                Report.pk_id,
                Report.mobile_day_id,
            )
        ).one(),
    )
    assert tuple(report) == ("keliling", "Karangklesem", date(2025, 4, 5), pk2, day_id)
    assert schedule_of(client_id)[2] == (APR, "hadir")  # 5 Apr is in the 7 Apr window
    assert "Warga Karangklesem" in auth.client.get(f"{DAYS}/{day_id}").text
    client_page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    assert "Konseling keliling (Karangklesem)" in client_page

    again = auth.post(f"{DAYS}/{day_id}/hadir", {"client": "PB-WL-001", "pk_id": str(pk1)})
    assert "Klien ini sudah tercatat hadir pada hari ini." in again.text
    assert _count(in_office, Report) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pk_ids": []}, "Pilih minimal satu PK yang bertugas."),
        ({"pk_ids": ["other-office"]}, "PK tidak ditemukan di kantor ini."),
        ({"kelurahan": ""}, "Kelurahan wajib diisi."),
        ({"kecamatan": ""}, "Kecamatan wajib diisi."),
        ({"held_on": "kemarin"}, "Tanggal tidak valid (format TTTT-BB-HH)."),
    ],
)
def test_bad_day_is_refused_and_keeps_typing(
    make_user,
    signed_in,
    plan,
    in_office,
    today,
    data,
    message,
):
    signed_in("pk")
    pk = make_user("pk", office=OFFICE)
    if data.get("pk_ids") == ["other-office"]:
        data = {"pk_ids": [str(make_user("pk", office="mataram"))]}
    response = plan(**{"pk_ids": [str(pk)], "location_note": "Pos ronda Jl. Kenanga", **data})
    assert response.status_code == 200
    assert message in response.text and "Pos ronda Jl. Kenanga" in response.text
    assert _count(in_office, MobileCounselingDay) == 0


def test_bad_seen_entries_are_refused(
    auth,
    make_user,
    signed_in,
    new_client,
    plan,
    in_office,
):
    signed_in("pk")
    on_duty = make_user("pk", office=OFFICE)
    off_duty = make_user("pk", office=OFFICE)
    new_client(pk_id=on_duty, name="Klien Sendiri")
    new_client(office="mataram", name="Klien Mataram")
    day_id = _day_id(plan(pk_ids=[str(on_duty)]))
    planned = _day_id(plan(held_on="2025-04-12", pk_ids=[str(on_duty)]))
    for day, data, message in [
        (
            day_id,
            {"client": "Klien Mataram", "pk_id": str(on_duty)},
            "Tidak ada klien yang cocok dengan “Klien Mataram”",
        ),
        (
            day_id,
            {"client": "Klien Sendiri", "pk_id": str(off_duty)},
            "PK tersebut tidak bertugas pada hari konseling keliling ini.",
        ),
        (
            planned,
            {"client": "Klien Sendiri", "pk_id": str(on_duty)},
            "Kehadiran baru dapat dicatat pada atau setelah hari konseling keliling.",
        ),
    ]:
        response = auth.post(f"{DAYS}/{day}/hadir", data)
        assert response.status_code == 200 and message in response.text, message
    assert _count(in_office, Report) == 0
    assert "Direncanakan" in auth.client.get(f"{DAYS}/").text


def test_viewer_cannot_plan_or_record(auth, make_user, signed_in, plan, in_office, today):
    signed_in("viewer")
    assert plan(pk_ids=[str(make_user("pk", office=OFFICE))]).status_code == 403
    assert auth.post(f"{DAYS}/1/hadir", {"client": "1"}).status_code == 403
    assert (
        in_office(OFFICE, lambda: db.session.scalar(select(func.count(MobileCounselingDay.id))))
        == 0
    )
