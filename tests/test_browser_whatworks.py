"""What works in a real browser (Chromium): a national officer sees the forest plot, an
office's staff member sees their own partners."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import sign_in
from playwright.sync_api import expect
from whatworks_fixtures import build

pytestmark = pytest.mark.browser


def test_national_officer_sees_the_forest_plot_and_staff_their_partners(
    app, make_user, live_server, page
):
    build(app, date.today())
    make_user("national", username="ditjen")
    make_user("staff", office="tangerang", username="bimker")
    sign_in(page, live_server, "ditjen")
    page.get_by_role("link", name="Apa yang berhasil").click()
    page.get_by_label("Kohort dari").select_option("2025")
    page.get_by_label("sampai").select_option("2025")
    page.get_by_role("button", name="Tampilkan").click()
    plot = page.locator("svg.forest")
    expect(plot).to_be_visible()
    expect(plot.locator("text", has_text="Tata rias")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    row = page.get_by_test_id("comparison-table").locator("tr", has_text="Tata rias")
    expect(row).to_contain_text("+35,0 poin")
    row.get_by_role("link", name="Tata rias").click()
    expect(page.get_by_test_id("balance-table")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "bimker", area="tangerang")
    page.get_by_role("link", name="Apa yang berhasil").click()
    page.get_by_label("Kohort dari").select_option("2025")
    page.get_by_label("sampai").select_option("2025")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("svg.forest").locator("text", has_text="Salon Melati")).to_have_count(1)
    expect(page.get_by_test_id("comparison-table")).to_contain_text("Salon Melati")
