"""Wajib lapor through the browser's door: schedules, reports, violations, worklist.

"Today" is pinned to Thursday 10 April 2025 in the office (clients.operations.office_today),
so every figure below can be checked by hand against a calendar.
"""

# Fixtures imported from other test modules are parameters here, which ruff reads as
# redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from conftest import PASSWORD
from isolation_fixtures import _make_client
from sqlalchemy import func, select
from test_clients import in_office, signed_in  # noqa: F401 (fixtures)

from portal.audit.models import AuditEvent
from portal.clients import operations as client_ops
from portal.clients.models import Client
from portal.extensions import db
from portal.reporting import operations
from portal.reporting.models import Report, ReportDue, ReportViolation

OFFICE = "purwokerto"
TODAY = date(2025, 4, 10)
# Monthly from Monday 6 Jan 2025: 6 Feb, 6 Mar, 6 Apr (Sunday -> Monday 7 Apr), 6 May...
FEB, MAR, APR, MAY = date(2025, 2, 6), date(2025, 3, 6), date(2025, 4, 7), date(2025, 5, 6)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(client_ops, "office_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def new_client(app, today):
    """new_client(**fields) -> id of an aktif PB client of OFFICE, 6 Jan – 31 Dec 2025."""
    numbers = itertools.count(1)

    def make(office=OFFICE, **fields) -> int:
        values = {
            "register_number": f"PB-WL-{next(numbers):03d}",
            "guidance_start": date(2025, 1, 6),
            "guidance_end": date(2025, 12, 31),
            **fields,
        }
        return _make_client(app, office, **values)

    return make


@pytest.fixture
def schedule_of(in_office):
    """schedule_of(client_id) -> [(due date, status)] as the client page shows them."""

    def read(client_id):
        def rows():
            client = db.session.get(Client, client_id)
            return [(r.due.due_on, r.status) for r in operations.client_reporting(client).rows]

        return in_office(OFFICE, rows)

    return read


@pytest.fixture
def report_form(auth):
    def post(client_id, **data):
        values = {
            "on": "2025-04-09",
            "mode": "kantor",
            "kelurahan": "",
            "pk_id": "",
            "note": "",
            **data,
        }
        return auth.post(f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan", values)

    return post


def _count(in_office, model, slug=OFFICE):
    return in_office(slug, lambda: db.session.scalar(select(func.count(model.id))))


def test_registration_generates_the_schedule_once(new_client, schedule_of, in_office):
    client_id = new_client(guidance_end=date(2025, 7, 6))
    # 6 Jul 2025 is a Sunday and the last day of guidance: the due date moves to Saturday.
    assert schedule_of(client_id) == [
        (FEB, "terlambat"),
        (MAR, "terlambat"),
        (APR, "jatuh_tempo"),
        (MAY, "terjadwal"),
        (date(2025, 6, 6), "terjadwal"),
        (date(2025, 7, 5), "terjadwal"),
    ]

    def ids_after_sync():
        client = db.session.get(Client, client_id)
        operations.sync_schedule(client)
        operations.sync_schedule(client)
        db.session.commit()
        return db.session.scalars(select(ReportDue.id).order_by(ReportDue.id)).all()

    first = in_office(
        OFFICE, lambda: db.session.scalars(select(ReportDue.id).order_by(ReportDue.id)).all()
    )
    assert in_office(OFFICE, ids_after_sync) == first


def test_reports_meet_their_window_and_compliance_is_counted(
    app,
    auth,
    signed_in,
    new_client,
    report_form,
    schedule_of,
    in_office,
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    for on in ("2025-02-12", "2025-02-20", "2025-04-09"):  # 20 Feb is in no window
        assert report_form(client_id, on=on, pk_id=str(pk_id)).status_code == 302
    assert schedule_of(client_id)[:4] == [
        (FEB, "hadir"),
        (MAR, "terlambat"),
        (APR, "hadir"),
        (MAY, "terjadwal"),
    ]
    # Due to date: Feb (met), Mar (window closed), Apr (met) = 3; attended 2.
    result = in_office(OFFICE, lambda: operations.compliance([client_id]))
    assert (result[client_id].due, result[client_id].attended) == (3, 2)
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    assert "67%" in page and "Kontak di luar jadwal" in page and "20 Feb 2025" in page
    assert (
        in_office(
            OFFICE,
            lambda: db.session.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.object_id == client_id, AuditEvent.action == "report"
                )
            ).all(),
        )
        == ["report"] * 3
    )


def test_a_later_report_meets_a_due_date_still_open(
    signed_in,
    new_client,
    report_form,
    schedule_of,
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    # 8 Mar is inside the windows of neither Feb nor Apr: it meets March.
    report_form(client_id, on="2025-03-08", pk_id=str(pk_id), mode="video")
    report_form(client_id, on="2025-03-10", pk_id=str(pk_id), mode="kunjungan_rumah")
    assert schedule_of(client_id)[:3] == [(FEB, "terlambat"), (MAR, "hadir"), (APR, "jatuh_tempo")]


def test_frequency_change_regenerates_only_future_due_dates(
    auth,
    signed_in,
    new_client,
    report_form,
    schedule_of,
    in_office,
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    report_form(client_id, on="2025-02-06", pk_id=str(pk_id))
    path = f"/{OFFICE}/wajib-lapor/klien/{client_id}/frekuensi"
    assert auth.post(path, {"frequency": "mingguan"}).status_code == 302
    rows = schedule_of(client_id)
    assert rows[:3] == [(FEB, "hadir"), (MAR, "terlambat"), (APR, "jatuh_tempo")]
    future = [d for d, _ in rows[3:]]
    assert future[:3] == [date(2025, 4, 14), date(2025, 4, 21), date(2025, 4, 28)]
    assert all(d.weekday() == 0 for d in future) and MAY not in future
    assert len(future) == 38  # Mondays 14 Apr .. 29 Dec 2025

    assert auth.post(path, {"frequency": "bulanan"}).status_code == 302
    assert [d for d, _ in schedule_of(client_id)][:5] == [FEB, MAR, APR, MAY, date(2025, 6, 6)]
    assert (
        in_office(
            OFFICE,
            lambda: db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "reporting_frequency")
            ),
        )
        == 2
    )
    response = auth.post(path, {"frequency": "harian"})
    assert "Pilihan tidak dikenal." in response.text


def test_violation_is_recorded_shown_and_audited(
    auth,
    signed_in,
    new_client,
    schedule_of,
    in_office,
):
    signed_in("admin")
    client_id = new_client()
    due_ids = in_office(
        OFFICE, lambda: dict(db.session.execute(select(ReportDue.due_on, ReportDue.id)).all())
    )
    path = f"/{OFFICE}/wajib-lapor/klien/{client_id}/pelanggaran"

    refused = auth.post(path, {"due_id": due_ids[APR], "note": "Belum waktunya"})
    assert "hanya dapat dicatat untuk jadwal yang terlambat" in refused.text
    empty = auth.post(path, {"due_id": due_ids[MAR], "note": "  "})
    assert "Catatan pelanggaran wajib diisi." in empty.text
    assert _count(in_office, ReportViolation) == 0

    ok = auth.post(path, {"due_id": due_ids[MAR], "note": "Tidak datang tanpa kabar"})
    assert ok.status_code == 302
    assert schedule_of(client_id)[1] == (MAR, "pelanggaran")
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    assert "Tidak datang tanpa kabar" in page
    again = auth.post(path, {"due_id": due_ids[MAR], "note": "Dua kali"})
    assert "hanya dapat dicatat untuk jadwal yang terlambat" in again.text
    assert _count(in_office, ReportViolation) == 1
    assert "violation" in in_office(
        OFFICE,
        lambda: db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == client_id)
        ).all(),
    )
    # A violated due date still counts as due, not attended.
    result = in_office(OFFICE, lambda: operations.compliance([client_id]))[client_id]
    assert (result.due, result.attended) == (2, 0)


def _form_html(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</form>", start)]


def test_a_refused_violation_leaves_the_other_forms_untouched(
    signed_in, new_client, in_office, auth
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    march = in_office(
        OFFICE,
        lambda: db.session.scalar(select(ReportDue.id).where(ReportDue.due_on == MAR)),
    )
    note = "Tidak datang; " + "x" * 500  # too long: the form refuses it
    response = auth.post(
        f"/{OFFICE}/wajib-lapor/klien/{client_id}/pelanggaran", {"due_id": march, "note": note}
    )
    assert response.status_code == 200
    assert "Paling banyak 500 karakter." in response.text
    assert f'value="{note}"' in response.text  # kept where it was typed
    report = _form_html(response.text, "report-form")
    assert "Tidak datang" not in report and "Paling banyak" not in report
    assert 'value="2025-04-10"' in report  # today, as on a fresh page
    assert f'selected value="{pk_id}"' in report
    assert 'selected value="bulanan"' in _form_html(response.text, "frequency-form")
    assert _count(in_office, ReportViolation) == 0


@pytest.mark.parametrize("status", ["selesai", "dicabut"])
def test_ending_guidance_cancels_future_due_dates(
    auth,
    signed_in,
    new_client,
    report_form,
    schedule_of,
    status,
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    report_form(client_id, on="2025-02-06", pk_id=str(pk_id))
    response = auth.post(
        f"/{OFFICE}/klien/{client_id}/status",
        {"to_status": status, "on": "2025-04-01", "reason": "Uji", "confirmed": "1"},
    )
    assert response.status_code == 302
    rows = schedule_of(client_id)
    assert rows[:2] == [(FEB, "hadir"), (MAR, "terlambat")]
    assert {s for _, s in rows[2:]} == {"dibatalkan"} and len(rows) == 11  # Feb..Dec
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    assert "Catat laporan" not in page  # no more reports after guidance ended

    auth.post(
        f"/{OFFICE}/klien/{client_id}/status",
        {"to_status": "aktif", "on": "2025-04-02", "reason": "Salah input", "confirmed": "1"},
    )
    assert schedule_of(client_id)[2] == (APR, "jatuh_tempo")  # a correction reopens it


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"on": "2025-04-11"}, "Tanggal lapor tidak boleh di masa depan."),
        ({"on": "2025-01-05"}, "Tanggal lapor tidak boleh sebelum mulai bimbingan (2025-01-06)."),
        ({"on": ""}, "Wajib diisi."),
        ({"mode": "keliling", "kelurahan": " "}, "Kelurahan wajib diisi untuk konseling keliling."),
        ({"mode": ""}, "Cara lapor wajib dipilih."),
        ({"pk_id": ""}, "PK penerima laporan wajib dipilih."),
        ({"pk_id": "other-office"}, "PK tidak ditemukan di kantor ini."),
    ],
)
def test_bad_report_is_refused_in_indonesian_and_keeps_typing(
    make_user,
    signed_in,
    new_client,
    report_form,
    in_office,
    data,
    message,
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    if data.get("pk_id") == "other-office":
        data = {"pk_id": str(make_user("pk", office="mataram"))}
    response = report_form(
        client_id, **{"pk_id": str(pk_id), "note": "Catatan yang diketik", **data}
    )
    assert response.status_code == 200
    assert message in response.text
    assert "Catatan yang diketik" in response.text
    assert _count(in_office, Report) == 0


def test_another_offices_client_is_not_found(make_user, auth, new_client, report_form):
    make_user("pk", office=OFFICE, username="pk.wl")
    auth.login("pk.wl", OFFICE, PASSWORD)
    other = new_client(office="mataram")
    assert report_form(other, pk_id="1").status_code == 404


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_read_only_roles_cannot_record(auth, signed_in, new_client, in_office, role):
    signed_in(role)
    client_id = new_client()
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    assert "Wajib lapor" in page and "Catat laporan" not in page
    base = f"/{OFFICE}/wajib-lapor/klien/{client_id}"
    for path, data in (
        (f"{base}/laporan", {"on": "2025-04-09", "mode": "kantor"}),
        (f"{base}/frekuensi", {"frequency": "mingguan"}),
        (f"{base}/pelanggaran", {"due_id": "1", "note": "x"}),
    ):
        assert auth.post(path, data).status_code == 403, path
    assert _count(in_office, Report) == 0


def test_worklist_and_wajib_lapor_page_follow_the_pk(
    auth,
    make_user,
    signed_in,
    new_client,
):
    pk_id = signed_in("pk")
    other_pk = make_user("pk", office=OFFICE, full_name="Rekan Lain")
    new_client(pk_id=pk_id, name="Klien Saya Sendiri")
    new_client(pk_id=other_pk, name="Klien Rekan")
    home = auth.client.get(f"/{OFFICE}/").text
    assert 'data-testid="worklist-line"' in home and "Catat laporan" in home
    assert "Klien Saya Sendiri" in home and "Klien Rekan" not in home

    own = auth.client.get(f"/{OFFICE}/wajib-lapor/").text
    assert "Klien Saya Sendiri" in own and "Klien Rekan" not in own
    everyone = auth.client.get(f"/{OFFICE}/wajib-lapor/?pk=all").text
    assert "Klien Saya Sendiri" in everyone and "Klien Rekan" in everyone
    theirs = auth.client.get(f"/{OFFICE}/wajib-lapor/?pk={other_pk}").text
    assert "Klien Saya Sendiri" not in theirs and "Klien Rekan" in theirs


def test_juvenile_clients_stay_hidden_from_staff_on_every_list(
    auth,
    make_user,
    signed_in,
    new_client,
):
    pk_id = make_user("pk", office=OFFICE)
    new_client(
        pk_id=pk_id,
        name="Anak Rahasia",
        nik="3302015505100002",
        birth_date=date(2010, 5, 15),
        sex="P",
    )
    new_client(pk_id=pk_id, name="Dewasa Biasa")
    signed_in("staff")
    page = auth.client.get(f"/{OFFICE}/wajib-lapor/?pk=all").text
    assert "Dewasa Biasa" in page and "Anak Rahasia" not in page
    # The staff home shows their own work (trainings, agreements), no client's reporting.
    page = auth.client.get(f"/{OFFICE}/").text
    assert "Anak Rahasia" not in page and "Dewasa Biasa" not in page


def test_clients_imported_in_bulk_get_their_schedule(today, in_office, schedule_of):
    def import_one():
        row = client_ops.check_new_client(
            {
                "register_number": "PB-IMPOR-1",
                "name": "Klien Impor",
                "nik": "3302011505900003",
                "sex": "L",
                "birth_date": date(1990, 5, 15),
                "offence": "pencurian",
                "program": "pb",
                "guidance_start": date(2025, 1, 6),
                "guidance_end": date(2025, 6, 30),
            }
        )
        (client_id,) = client_ops.insert_clients([row])
        db.session.commit()
        return client_id

    client_id = in_office(OFFICE, import_one)
    assert [d for d, _ in schedule_of(client_id)] == [FEB, MAR, APR, MAY, date(2025, 6, 6)]


def test_wajib_lapor_page_has_one_row_per_client_the_most_urgent_first(
    auth, signed_in, new_client, in_office
):
    pk_id = signed_in("pk")
    two_missed = new_client(pk_id=pk_id, name="Dua Terlewat")  # Feb and Mar open, Apr due
    one_missed = new_client(pk_id=pk_id, name="Satu Terlewat")
    due_today = new_client(pk_id=pk_id, name="Lapor Hari Ini", guidance_start=date(2025, 3, 10))
    new_client(pk_id=pk_id, name="Belum Waktunya", guidance_start=date(2025, 3, 20))

    def violation_for_february():
        client = db.session.get(Client, one_missed)
        due = db.session.scalar(
            select(ReportDue.id).where(ReportDue.client_id == one_missed, ReportDue.due_on == FEB)
        )
        operations.record_violation(client, due, "Tidak datang")
        db.session.commit()

    in_office(OFFICE, violation_for_february)
    page = auth.client.get(f"/{OFFICE}/wajib-lapor/").text
    rows = page.split('data-testid="due-client"')[1:]
    names = [re.search(r'#wajib-lapor">([^<]+)</a>', row).group(1) for row in rows]
    assert names == ["Dua Terlewat", "Satu Terlewat", "Lapor Hari Ini"]
    first = re.sub(r"\s+", " ", rows[0])
    assert "terlambat 63 hari" in first and "2 jadwal terlewat sejak 6 Feb 2025" in first
    assert "7 Apr 2025" in first and "lapor s.d. " in first  # the window open now
    assert f'href="/{OFFICE}/klien/{two_missed}#catat-laporan"' in first
    assert "1 jadwal terlewat sejak 6 Mar 2025" in rows[1]
    assert "jatuh tempo hari ini" in rows[2] and 'data-testid="missed"></td>' in rows[2]
    assert f"/klien/{due_today}#catat-laporan" in rows[2]
    assert "1 terlambat" not in page and "2 terlambat" in page  # two clients late
    assert "1 jatuh tempo minggu ini" in page
    assert "2025-0" not in page.split('data-testid="due-clients"')[1]  # no ISO dates


def test_case_file_shows_a_few_due_dates_and_folds_the_rest():
    """Recent and coming dates and every open miss are shown; the rest is folded."""
    from types import SimpleNamespace

    statuses = ["hadir"] * 5 + ["terlambat", "hadir", "pelanggaran", "hadir", "jatuh_tempo"]
    statuses += ["terjadwal"] * 4
    rows = [
        operations.ScheduleRow(
            SimpleNamespace(id=n, due_on=date(2024, 1 + n % 12, 6)), s, None, None
        )
        for n, s in enumerate(statuses)
    ]
    reporting = operations.ClientReporting("bulanan", rows, [], operations.Compliance(), TODAY)
    earlier, shown, later = reporting.folded()
    ids = lambda found: [r.due.id for r in found]  # noqa: E731
    assert ids(earlier) == [0, 1, 2, 3, 4]
    assert ids(shown) == [5, 6, 7, 8, 9, 10]  # the open miss, 3 gone by, 2 coming
    assert ids(later) == [11, 12, 13]
    earlier, shown, later = reporting.folded(keep=[2, 12])  # a row just changed stays
    assert ids(earlier) == [0, 1, 3, 4] and 2 in ids(shown) and ids(later) == [11, 13]


def test_case_file_folds_the_later_due_dates(auth, signed_in, new_client):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    shown = page.split('data-testid="schedule"')[1].split("</table>")[0]
    later = page.split('data-testid="schedule-later"')[1].split("</details>")[0]
    assert "6 Feb 2025" in shown and "7 Apr 2025" in shown and "6 Mei 2025" in shown
    assert "6 Jun 2025" not in shown and "6 Jun 2025" in later
    assert "7 jadwal berikutnya (6 Jun 2025 – " in later
    assert 'data-testid="schedule-earlier"' not in page  # nothing gone by to fold yet
