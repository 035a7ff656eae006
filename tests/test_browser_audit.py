"""The audit log and a data subject's record in a real browser: the sign-in just made
is in the log, in words, in Indonesian and in English; both pages fit a 390 px phone
and a 1366 px desk."""

from __future__ import annotations

import pytest
from conftest import sign_in
from playwright.sync_api import expect

from tests.isolation_fixtures import _make_client

pytestmark = pytest.mark.browser
OFFICE = "purwokerto"


def _fits(page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= page.evaluate("window.innerWidth"), wide


def test_audit_log_reads_in_both_languages_with_the_sign_in(app, live_server, page, make_user):
    make_user("admin", office=OFFICE, username="admin", full_name="Ilham Hartono")
    client_id = _make_client(app, OFFICE, register_number="PWT-2025-0412", name="Dewi Lestari")
    base = live_server
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, base, "admin", OFFICE)
    page.goto(f"{base}/{OFFICE}/klien/{client_id}")  # a case file read: an event to link

    page.goto(f"{base}/{OFFICE}/audit/")
    events = page.get_by_test_id("audit-events")
    sign_in_row = events.locator("tr[data-action=login]")
    expect(sign_in_row).to_have_count(1)
    expect(sign_in_row).to_contain_text("Masuk")
    expect(sign_in_row).to_contain_text("Akun pengguna: Ilham Hartono")
    opened = events.locator("tr[data-action=view]").first
    expect(opened).to_contain_text("Membuka")
    expect(opened.get_by_role("link", name="PWT-2025-0412")).to_have_attribute(
        "href", f"/{OFFICE}/klien/{client_id}"
    )
    _fits(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{base}/{OFFICE}/audit/")
    sign_in_row = page.get_by_test_id("audit-events").locator("tr[data-action=login]")
    expect(sign_in_row).to_contain_text("Sign in")
    expect(sign_in_row).to_contain_text("User account: Ilham Hartono")
    expect(page.get_by_test_id("audit-events")).not_to_contain_text("Membuka")
    expect(page.get_by_test_id("audit-events")).to_contain_text("Opened")
    _fits(page)

    # A filter refused in words, the page still there.
    page.get_by_label("Action").select_option(label="Sign in")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("audit-events").locator("tbody tr")).to_have_count(1)

    page.goto(f"{base}/{OFFICE}/audit/subjek/{client_id}")
    expect(page.get_by_test_id("data-subject")).to_contain_text("PWT-2025-0412")
    _fits(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page)
