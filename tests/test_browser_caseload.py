"""A PK of Bapas Jakarta Timur-Utara runs a caseload for a month, in a real browser.

Issue 3's "done when": register a client, see the wajib lapor schedule, record
reports in every mode (at the office, home visit, video call, and at a mobile
counseling day in a kelurahan), a guidance session, work and a violation, see the
worklist, end the case; and an administrator transfers another client away. Every
step goes through the pages as a user would, and checks what the user sees.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import sign_in
from isolation_fixtures import _make_client
from playwright.sync_api import expect

from portal.formatting import day

pytestmark = pytest.mark.browser

OFFICE = "jakarta-timur-utara"
PK_NAME = "Rina Kusumawati"
CLIENT = "Dedi Kurniawan"


def _expect_flash(page, message: str) -> None:
    # expect() waits for the page the click loads; reading at once could see the old one.
    expect(page.locator(".flash").first).to_have_text(message)


def _register_client(page, start: date, end: date) -> None:
    page.get_by_role("link", name="Klien", exact=True).click()
    page.get_by_role("link", name="Daftarkan klien").click()
    page.get_by_label("Nomor register").fill("PB-JTU-2026-017")
    page.get_by_label("Nama lengkap").fill(CLIENT)
    page.get_by_label("NIK (16 angka)").fill("3172011505900001")
    page.get_by_label("Jenis kelamin").select_option(label="Laki-laki")
    page.get_by_label("Tanggal lahir").fill("1990-05-15")
    page.get_by_label("Kelurahan / desa").fill("Cipinang Besar Utara")
    page.get_by_label("Kecamatan").fill("Jatinegara")
    page.get_by_label("Kategori tindak pidana").select_option(label="Narkotika")
    page.get_by_label("Program").select_option(label="Pembebasan Bersyarat (PB)")
    page.get_by_label("Mulai bimbingan").fill(start.isoformat())
    page.get_by_label("Akhir bimbingan").fill(end.isoformat())
    page.get_by_label("PK pembimbing").select_option(label=PK_NAME)
    page.get_by_role("button", name="Simpan").click()
    _expect_flash(page, "Klien PB-JTU-2026-017 didaftarkan.")
    expect(page.get_by_role("heading", name=CLIENT)).to_be_visible()


def _schedule(page) -> list[tuple[date, str]]:
    """(due date, status) of each row of the client's wajib lapor schedule, the rows
    folded away before and after the ones shown included."""
    expect(page.get_by_test_id("schedule").locator("tbody tr").first).to_be_visible()
    rows = page.locator(
        ", ".join(
            f'[data-testid="{t}"] tbody tr'
            for t in ("schedule-earlier-rows", "schedule", "schedule-later-rows")
        )
    )
    found = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        when = cells.nth(0).locator("time").get_attribute("datetime")
        found.append((date.fromisoformat(when), cells.nth(2).text_content().strip()))
    return sorted(found)


def _report(page, on: date, mode: str, note: str, call_time: str = "") -> None:
    form = page.get_by_test_id("report-form")
    form.get_by_label("Tanggal lapor").fill(on.isoformat())
    form.get_by_label("Cara lapor").select_option(label=mode)
    if call_time:  # asked only once the mode is a video call
        form.get_by_label("Jam panggilan video").fill(call_time)
    form.get_by_label("Catatan").fill(note)
    form.get_by_role("button", name="Simpan laporan").click()
    # The message says what the report counted for: a due date, or none and why.
    expect(page.locator(".flash").first).to_contain_text("dicatat")


def _mobile_counseling(page, base: str, on: date) -> None:
    """Plan a konseling keliling day at a kelurahan and record the client there."""
    page.goto(f"{base}/{OFFICE}/wajib-lapor/keliling/")
    form = page.get_by_test_id("day-form")
    form.get_by_label("Tanggal").fill(on.isoformat())
    form.get_by_label("Kelurahan / desa").fill("Kalibaru")
    form.get_by_label("Kecamatan").fill("Cilincing")
    form.get_by_label("Tempat (mis. balai warga, kantor kelurahan)").fill("Balai warga RW 05")
    form.get_by_role("checkbox", name=PK_NAME).check()
    form.get_by_role("button", name="Simpan rencana").click()
    _expect_flash(page, "Konseling keliling direncanakan.")
    seen = page.get_by_test_id("seen-form")
    # The client lives elsewhere, so is not among the expected: typed, and picked from
    # the suggestions the day's lookup offers.
    box = seen.get_by_label("Klien (ketik nama atau nomor register)")
    box.press_sequentially("dedi", delay=30)
    suggestion = page.locator("#client-suggestions option")
    expect(suggestion).to_have_count(1)
    label = suggestion.get_attribute("value")
    assert label.startswith(f"{CLIENT} (PB-JTU-2026-017")
    box.fill(label)
    seen.get_by_label("Diterima oleh PK").select_option(label=PK_NAME)
    seen.get_by_role("button", name="Catat sebagai wajib lapor").click()
    _expect_flash(page, "Kehadiran klien dicatat sebagai wajib lapor.")
    assert CLIENT in page.get_by_test_id("seen").inner_text()
    page.get_by_test_id("seen").get_by_role("link", name=CLIENT).click()


def _guidance_session(page, on: date) -> None:
    page.get_by_role("link", name="Catat sesi bimbingan").first.click()
    page.get_by_label("Tanggal", exact=True).fill(on.isoformat())
    page.get_by_label("Jenis bimbingan").select_option(label="Bimbingan kepribadian")
    page.get_by_label("Bentuk").select_option(label="Bimbingan kepribadian: Konseling")
    page.get_by_label("Tahap").select_option(label="Tahap lanjutan")
    page.get_by_label("Topik").fill("Konseling adiksi dan rencana kerja")
    attendee = page.get_by_test_id("attendees").locator("tbody tr").first
    assert attendee.get_by_label("Kehadiran").input_value() == "hadir"
    page.get_by_role("button", name="Simpan").click()
    _expect_flash(page, "Sesi bimbingan dicatat.")
    page.get_by_role("link", name=CLIENT).first.click()


def _employment_and_violation(page, on: date) -> None:
    page.get_by_role("link", name="Catat status pekerjaan").click()
    page.get_by_label("Status pekerjaan").select_option(label="Bekerja")
    page.get_by_label("Sektor").select_option(label="Transportasi / ojek")
    page.get_by_label("Penghasilan per bulan (opsional)").select_option(
        label="Rp1 juta – Rp2,5 juta"
    )
    page.get_by_label("Catatan (misalnya tempat kerja atau jenis usaha)").fill("Ojek daring")
    page.get_by_role("button", name="Simpan").click()
    _expect_flash(page, "Status pekerjaan dicatat.")
    assert "Bekerja · Transportasi / ojek" in page.get_by_test_id("employment-now").inner_text()

    page.get_by_role("link", name="Catat kejadian").click()
    page.get_by_label("Tanggal kejadian").fill(on.isoformat())
    page.get_by_label("Jenis").select_option(label="Pelanggaran teknis (syarat bimbingan)")
    page.get_by_label("Sumber informasi").select_option(label="Laporan PK")
    page.get_by_label("Catatan").fill("Pergi ke luar kota tanpa izin PK.")
    page.get_by_role("button", name="Simpan").click()
    _expect_flash(page, "Kejadian dicatat.")
    assert "Pergi ke luar kota tanpa izin PK." in page.get_by_test_id("reoffences").inner_text()


def test_pk_runs_a_caseload_for_a_month(app, live_server, page, make_user):
    make_user("pk", office=OFFICE, username="rina", full_name=PK_NAME)
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    start, end = today - timedelta(days=100), today + timedelta(days=25)
    sign_in(page, live_server, "rina", OFFICE)
    _register_client(page, start, end)

    # Monthly wajib lapor from the start: three dates behind, one ahead, none yet met.
    schedule = _schedule(page)
    past = [d for d, _ in schedule if d < today - timedelta(days=7)]
    future = [d for d, _ in schedule if d > today]
    assert len(past) == 3 and len(future) == 1 and len(schedule) == 4
    assert [s for d, s in schedule if d in past] == ["Terlambat / tidak lapor"] * 3

    _report(page, past[0], "Di kantor", "Lapor di kantor Bapas.")
    _report(page, past[1], "Kunjungan rumah", "Dikunjungi di rumah, keluarga hadir.")
    _mobile_counseling(page, live_server, past[2])
    _report(
        page, today - timedelta(days=1), "Panggilan video", "Lapor via video.", call_time="19:30"
    )
    schedule = dict(_schedule(page))
    assert [schedule[d] for d in past] == ["Hadir"] * 3 and schedule[future[0]] == "Terjadwal"
    rows = page.get_by_test_id("schedule").inner_text()
    assert "Di kantor" in rows and "Kunjungan rumah" in rows
    assert "Konseling keliling (Kalibaru)" in rows
    assert "Panggilan video" in page.get_by_test_id("extra-reports").inner_text()
    assert "Kepatuhan: 100%" in page.get_by_test_id("compliance").inner_text()

    _guidance_session(page, today - timedelta(days=2))
    assert "Hadir" in page.get_by_test_id("client-sessions").inner_text()
    _employment_and_violation(page, today - timedelta(days=3))

    page.get_by_role("link", name="Beranda").click()
    line = page.get_by_test_id("worklist-line").filter(has_text=CLIENT)
    expect(line).to_have_count(1)  # one line per client: guidance ending and Litmas
    expect(line).to_contain_text(f"berakhir {day(end)}")
    expect(line).to_contain_text("belum ada Litmas final")

    # The case ends early: the future date is cancelled, the history stays.
    line.get_by_role("link", name=CLIENT).click()
    page.get_by_test_id("end-guidance").click()
    page.get_by_label("Selesai").check()
    page.get_by_label("Tanggal", exact=True).fill(today.isoformat())
    page.get_by_label("Alasan").fill("Masa bimbingan dinyatakan selesai oleh sidang TPP.")
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("Jadwal wajib lapor ditutup")
    page.get_by_role("button", name="Ya, akhiri bimbingan").click()
    expect(page.locator(".flash").first).to_contain_text("Status klien diubah menjadi Selesai")
    schedule = dict(_schedule(page))
    assert schedule[future[0]] == "Dibatalkan"
    assert [schedule[d] for d in past] == ["Hadir"] * 3
    assert page.get_by_test_id("report-form").count() == 0  # a closed file takes no reports


def test_administrator_transfers_a_client_to_another_office(app, live_server, page, make_user):
    make_user("admin", office=OFFICE, username="admin.jtu", full_name="Admin JTU")
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    client_id = _make_client(
        app,
        OFFICE,
        register_number="PB-JTU-2026-030",
        name="Yusuf Hidayat",
        nik="3172011505900002",
        guidance_start=today - timedelta(days=200),
        guidance_end=today + timedelta(days=200),
    )
    sign_in(page, live_server, "admin.jtu", OFFICE)
    page.goto(f"{live_server}/{OFFICE}/klien/{client_id}")
    page.get_by_role("link", name="Pindahkan ke Bapas lain").first.click()
    page.get_by_label("Kantor tujuan").select_option(label="Bapas Kelas I Mataram")
    page.get_by_label("Tanggal pindah").fill(today.isoformat())
    page.get_by_label("Alasan pindah").fill("Klien pindah domisili ke Lombok mengikuti keluarga.")
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("menerima berkas baru")
    page.get_by_role("button", name="Ya, pindahkan").click()
    _expect_flash(page, "Klien dipindahkan; kantor tujuan menerima berkas baru.")
    transfers = page.get_by_test_id("client-transfers").inner_text()
    assert f"Dipindahkan ke Bapas Kelas I Mataram pada {day(today)}" in transfers
    assert "Pindah" in page.get_by_test_id("status-history").inner_text()
    assert page.get_by_role("link", name="Pindahkan ke Bapas lain").count() == 0
