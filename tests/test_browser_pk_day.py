"""A PK's day on a phone (390 px) and at a desk (1366 px), in a real browser.

Issue 12's "done when": sign in → home → open a case file → the summary shows the next
report due → record a report by video call → see which due date it counted for → a
refused report form shows its error summary in view → ending guidance asks for a
confirmation, and cancelling it changes nothing. No page visited is wider than the
screen.
"""

from __future__ import annotations

from datetime import datetime, timedelta
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


def _fits(page) -> None:
    """The page is no wider than the screen (nothing to scroll sideways)."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width} px wide on a {inner} px screen"


def _in_view(page, locator) -> None:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box


def _open_case_file(page) -> None:
    """From the home page through the menu to "Kasus saya" and the client's file."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():  # a phone: the menu sits behind its button
        toggle.click()
    page.locator(".mainnav").get_by_role("link", name="Kasus saya").click()
    expect(page.get_by_role("link", name=CLIENT)).to_be_visible()
    _fits(page)
    page.get_by_role("link", name=CLIENT).click()
    expect(page.get_by_role("heading", name=CLIENT)).to_be_visible()
    _fits(page)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_a_pk_day_on_a_phone_and_at_a_desk(app, live_server, page, make_user, width, height):
    page.set_viewport_size({"width": width, "height": height})
    pk_id = make_user("pk", office=OFFICE, username="rina", full_name=PK_NAME)
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    # Monthly from 61 days ago: the second due date falls within two days of today, so a
    # report today is inside its tolerance window (±7 days).
    _make_client(
        app,
        OFFICE,
        register_number="PB-JTU-2026-041",
        name=CLIENT,
        nik="3172011505900001",
        guidance_start=today - timedelta(days=61),
        guidance_end=today + timedelta(days=200),
        pk_id=pk_id,
    )
    sign_in(page, live_server, "rina", OFFICE)
    _fits(page)
    _open_case_file(page)

    # The summary, first: the next report due with its window, and the way to record it
    # on the first screen.
    next_due = page.get_by_test_id("summary-next-due")
    expect(next_due).to_contain_text("Jatuh tempo")
    due_on = datetime.fromisoformat(next_due.locator("time").get_attribute("datetime")).date()
    assert abs((due_on - today).days) <= 7
    record = page.get_by_test_id("jump-report")
    _in_view(page, record)

    # Record a report by video call: the form asks the call's time only for a video call.
    record.click()
    form = page.get_by_test_id("report-form")
    expect(form.get_by_label("Tanggal lapor")).to_have_value(today.isoformat())
    expect(form.get_by_label("Jam panggilan video")).to_be_hidden()
    expect(form.get_by_label("Kelurahan (untuk konseling keliling)")).to_be_hidden()
    form.get_by_label("Cara lapor").select_option(label="Panggilan video")
    expect(form.get_by_label("Jam panggilan video")).to_be_visible()
    form.get_by_label("Jam panggilan video").fill("19:30")
    form.get_by_label("Catatan").fill("Sedang bekerja; lapor lewat panggilan video.")
    form.get_by_role("button", name="Simpan laporan").click()

    # It says which due date it met, and that row is in view with the message.
    flash = page.locator(".flash").first
    expect(flash).to_have_text(f"Laporan {day(today)} dicatat dan memenuhi jadwal {day(due_on)}.")
    changed = page.locator("[data-changed]")
    expect(changed).to_contain_text("Hadir")
    expect(changed).to_contain_text("Panggilan video 19:30")
    assert changed.locator("time").get_attribute("datetime") == due_on.isoformat()
    page.wait_for_function("window.scrollY > 0")  # brought down to the changed row
    _in_view(page, changed)
    _in_view(page, flash)
    _fits(page)

    # A refused report: the error summary is at the top, in view, linked to the field.
    form = page.get_by_test_id("report-form")
    form.get_by_label("Cara lapor").select_option(label="Panggilan video")
    form.get_by_label("Catatan").fill("Panggilan kedua, jam lupa dicatat.")
    form.get_by_role("button", name="Simpan laporan").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Jam panggilan video wajib diisi.")
    expect(summary).to_be_focused()
    _in_view(page, summary)
    _fits(page)
    expect(page.get_by_test_id("report-form").get_by_label("Catatan")).to_have_value(
        "Panggilan kedua, jam lupa dicatat."
    )
    summary.get_by_role("link").first.click()
    expect(page.get_by_test_id("report-form").get_by_label("Jam panggilan video")).to_be_visible()

    # Ending guidance asks first, says what will happen; cancelling changes nothing.
    page.get_by_test_id("end-guidance").click()
    expect(page.get_by_role("heading", name="Akhiri bimbingan")).to_be_visible()
    _fits(page)
    page.get_by_label("Selesai").check()
    page.get_by_label("Alasan").fill("Masa bimbingan dinyatakan selesai oleh sidang TPP.")
    page.get_by_role("button", name="Lanjutkan").click()
    consequences = page.get_by_test_id("consequences")
    expect(consequences).to_contain_text("Jadwal wajib lapor ditutup")
    expect(page.get_by_role("button", name="Ya, akhiri bimbingan")).to_be_visible()
    _fits(page)
    page.get_by_test_id("cancel").click()
    expect(page.get_by_role("heading", name=CLIENT)).to_be_visible()
    expect(page.get_by_test_id("summary-status")).to_contain_text("Aktif")
    expect(page.get_by_test_id("report-form")).to_have_count(1)  # still takes reports
    expect(page.get_by_test_id("status-history")).to_contain_text("belum ada perubahan status")
    _fits(page)
