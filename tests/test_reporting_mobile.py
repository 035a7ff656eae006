"""Konseling keliling: planning a day and recording the clients seen as wajib lapor."""

# Fixtures imported from other test modules are parameters here, which ruff reads as
# redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import PASSWORD
from sqlalchemy import func, select
from test_clients import in_office, signed_in  # noqa: F401 (fixtures)
from test_reporting import APR, OFFICE, _count, new_client, schedule_of, today  # noqa: F401

from portal.audit.models import AuditEvent
from portal.clients import operations as client_ops
from portal.clients.models import Client
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


# --- expected clients, changing a plan, finding a client by typing ------------------------

PLACE = {"kelurahan": "Karangklesem", "kecamatan": "Purwokerto Selatan"}
JUVENILE = {"nik": "3302015505100002", "birth_date": date(2010, 5, 15), "sex": "P"}
# Monthly from Monday 20 Jan 2025: 20 Apr is a Sunday, so due Monday 21 Apr, window
# 14-28 Apr: it overlaps the week of Saturday 26 Apr (21-27 Apr). From 6 Jan the
# windows are 31 Mar-14 Apr and 29 Apr-13 May: neither touches that week.
FROM_20_JAN = {"guidance_start": date(2025, 1, 20), **PLACE}


def _rows(page: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}".*?</table>', page, re.S).group(0)


def test_a_day_lists_the_clients_expected_there_that_week(
    auth, make_user, signed_in, new_client, plan
):
    signed_in("staff")
    pk = make_user("pk", office=OFFICE)
    due = new_client(pk_id=pk, name="Warga Jatuh Tempo", **FROM_20_JAN)
    lower = new_client(
        pk_id=pk,
        name="Warga Huruf Kecil",
        guidance_start=date(2025, 1, 20),
        kelurahan="karangklesem ",
        kecamatan="purwokerto selatan",
    )
    new_client(pk_id=pk, name="Warga Belum Waktunya", **PLACE)  # starts 6 Jan
    new_client(pk_id=pk, name="Warga Kelurahan Lain", guidance_start=date(2025, 1, 20))
    new_client(pk_id=pk, name="Anak Karangklesem", **FROM_20_JAN, **JUVENILE)
    new_client(office="mataram", name="Warga Kantor Lain", **FROM_20_JAN)
    day_id = _day_id(plan(held_on="2025-04-26", pk_ids=[str(pk)]))

    page = auth.client.get(f"{DAYS}/{day_id}").text
    expected = _rows(page, "expected")
    assert re.findall(r'data-client="(\d+)"', expected) == [str(lower), str(due)]  # by name
    assert '<time datetime="2025-04-21"' in expected and "14–28 Apr 2025" in expected
    for absent in ("Belum Waktunya", "Kelurahan Lain", "Anak Karangklesem", "Kantor Lain"):
        assert absent not in page, absent
    assert "21–27 Apr 2025" in page  # the week the rule reads is said on the page
    assert "Kehadiran dapat dicatat mulai hari pelaksanaan." in page


def test_expected_clients_show_who_came_and_a_tap_records_one(
    auth, make_user, signed_in, new_client, plan, in_office
):
    """On the day itself: an expected client's own button records them as seen."""
    me = signed_in("pk")
    due = new_client(pk_id=me, name="Warga Datang", **{**PLACE, "guidance_start": date(2025, 3, 4)})
    # From 4 Mar: due 4 Apr, window 28 Mar - 11 Apr, met by a report on 10 Apr.
    day_id = _day_id(plan(held_on="2025-04-10", pk_ids=[str(me)]))
    page = auth.client.get(f"{DAYS}/{day_id}").text
    assert 'name="pick" value="Warga Datang (PB-WL-001)"' in _rows(page, "expected")
    seen = auth.post(
        f"{DAYS}/{day_id}/hadir", {"pick": "Warga Datang (PB-WL-001)", "pk_id": str(me)}
    )
    assert seen.status_code == 302 and seen.headers["Location"].endswith(f"hadir={due}#hadir")
    after = auth.client.get(seen.headers["Location"]).text
    assert "Hadir di sini" in _rows(after, "expected")
    assert "Warga Datang" in _rows(after, "seen") and "data-changed" in _rows(after, "seen")


def _day(in_office, day_id):
    def read():
        day = db.session.get(MobileCounselingDay, day_id)
        if day is None:
            return None
        return (day.held_on, day.kelurahan, day.kecamatan, sorted(o.pk_id for o in day.officers))

    return in_office(OFFICE, read)


def test_a_planned_day_can_be_changed_or_cancelled_until_the_day_before(
    auth, make_user, signed_in, plan, in_office, new_client
):
    signed_in("staff")
    pk1, pk2 = make_user("pk", office=OFFICE), make_user("pk", office=OFFICE)
    new_client(pk_id=pk1, name="Warga Jatuh Tempo", **FROM_20_JAN)
    day_id = _day_id(plan(held_on="2025-04-26", pk_ids=[str(pk1)]))

    form = auth.client.get(f"{DAYS}/{day_id}/ubah").text
    assert f'value="{pk1}" checked' in form and f'value="{pk2}">' in form  # checkboxes
    assert "<select" not in re.search(r'data-testid="day-form".*?</form>', form, re.S).group(0)
    moved = auth.post(
        f"{DAYS}/{day_id}/ubah",
        {
            "held_on": "2025-05-03",
            "kelurahan": "Berkoh",
            "kecamatan": "Purwokerto Selatan",
            "location_note": "",
            "pk_ids": [str(pk2)],
        },
    )
    assert moved.status_code == 302
    assert _day(in_office, day_id) == (date(2025, 5, 3), "Berkoh", "Purwokerto Selatan", [pk2])

    for data, message in (
        ({"held_on": "2025-04-09"}, "Tanggal baru harus setelah hari ini"),
        ({"held_on": "2025-02-30"}, "Tanggal tidak valid"),
        ({"pk_ids": []}, "Pilih minimal satu PK yang bertugas."),
    ):
        values = {
            "held_on": "2025-05-03",
            "kelurahan": "Berkoh",
            "kecamatan": "X",
            "pk_ids": [str(pk1)],
            **data,
        }
        refused = auth.post(f"{DAYS}/{day_id}/ubah", values)
        assert refused.status_code == 200 and message in refused.text, message
        assert 'data-testid="error-summary"' in refused.text
    assert _day(in_office, day_id) == (date(2025, 5, 3), "Berkoh", "Purwokerto Selatan", [pk2])

    confirm = auth.client.get(f"{DAYS}/{day_id}/batal").text
    assert "Batalkan konseling keliling 3 Mei 2025 di Berkoh?" in confirm
    assert "tidak diberi tahu otomatis" in confirm and "Ya, batalkan konseling keliling" in confirm
    assert _day(in_office, day_id) is not None  # opening the page cancels nothing
    cancelled = auth.post(f"{DAYS}/{day_id}/batal", {})
    assert cancelled.status_code == 302 and cancelled.headers["Location"].endswith("/keliling/")
    assert _day(in_office, day_id) is None
    logged = in_office(
        OFFICE,
        lambda: db.session.scalar(
            select(AuditEvent.summary).where(
                AuditEvent.action == "cancel", AuditEvent.object_id == day_id
            )
        ),
    )
    assert logged == "Konseling keliling 2025-05-03 di Berkoh dibatalkan"


@pytest.mark.parametrize("held_on", ["2025-04-05", "2025-04-10"])
def test_a_day_held_or_under_way_is_history(auth, make_user, signed_in, plan, in_office, held_on):
    signed_in("staff")
    pk = make_user("pk", office=OFFICE)
    day_id = _day_id(plan(held_on=held_on, pk_ids=[str(pk)]))
    before = _day(in_office, day_id)
    page = auth.client.get(f"{DAYS}/{day_id}").text
    assert "menjadi riwayat" in page and "Ubah rencana" not in page and "Batalkan" not in page
    for path, data in (
        ("ubah", {"held_on": "2025-05-03", **PLACE, "pk_ids": [str(pk)]}),
        ("batal", {}),
    ):
        response = auth.post(f"{DAYS}/{day_id}/{path}", data)
        assert response.status_code == 302 and response.headers["Location"].endswith(
            f"/keliling/{day_id}"
        )
        assert "tidak dapat" in auth.client.get(response.headers["Location"]).text
    assert auth.client.get(f"{DAYS}/{day_id}/batal").status_code == 302
    assert _day(in_office, day_id) == before


def test_a_client_is_found_by_typing_within_the_office_and_the_juvenile_rule(
    auth, make_user, signed_in, new_client, plan, in_office
):
    make_user("staff", office=OFFICE, username="bimker.ketik")
    pk = make_user("pk", office=OFFICE, username="pk.ketik")
    new_client(pk_id=pk, name="Siti Rahayu")
    new_client(pk_id=pk, name="Siti Anak", **JUVENILE)
    new_client(office="mataram", name="Siti Mataram")
    ended = new_client(pk_id=pk, name="Siti Selesai")
    in_office(
        OFFICE,
        lambda: (
            client_ops.change_status(
                db.session.get(Client, ended), "selesai", date(2025, 4, 1), "Masa bimbingan usai."
            ),
            db.session.commit(),
        ),
    )
    assert auth.login("bimker.ketik", OFFICE, PASSWORD).status_code == 302
    day_id = _day_id(plan(held_on="2025-04-10", pk_ids=[str(pk)]))
    page = auth.client.get(f"{DAYS}/{day_id}").text
    seen_form = re.search(r'data-testid="seen-form".*?</form>', page, re.S).group(0)
    assert 'list="client-suggestions"' in seen_form and "Siti" not in seen_form  # no name list
    lookup = f"{DAYS}/{day_id}/klien"
    assert auth.client.get(f"{lookup}?q=siti").json == [
        {"label": "Siti Rahayu (PB-WL-001)", "kelurahan": ""}
    ]
    assert auth.client.get(f"{lookup}?q=S").json == []  # one letter: no list of everyone
    assert auth.client.get(f"{lookup}?q=%25").json == []  # a wildcard is a letter, not "all"

    for typed, message in (
        ("Siti Mataram", "Tidak ada klien yang cocok dengan “Siti Mataram”"),
        ("Siti Anak", "Tidak ada klien yang cocok dengan “Siti Anak”"),
        ("Siti Selesai", "Tidak ada klien yang cocok dengan “Siti Selesai”"),
        ("", "Ketik nama atau nomor register klien."),
    ):
        refused = auth.post(f"{DAYS}/{day_id}/hadir", {"client": typed, "pk_id": str(pk)})
        assert refused.status_code == 200 and message in refused.text, typed
        assert 'href="#client"' in refused.text  # the error summary links to the box
    assert (
        auth.post(f"{DAYS}/{day_id}/hadir", {"client": "rahayu", "pk_id": str(pk)}).status_code
        == 302
    )
    assert _count(in_office, Report) == 1

    # The juvenile's own PK finds them, and "Siti" alone is then ambiguous.
    auth.logout()
    assert auth.login("pk.ketik", OFFICE, PASSWORD).status_code == 302
    labels = [s["label"] for s in auth.client.get(f"{lookup}?q=siti").json]
    assert labels == ["Siti Anak (PB-WL-002)", "Siti Rahayu (PB-WL-001)"]
    ambiguous = auth.post(f"{DAYS}/{day_id}/hadir", {"client": "Siti", "pk_id": str(pk)})
    assert "Lebih dari satu klien cocok dengan “Siti”" in ambiguous.text
