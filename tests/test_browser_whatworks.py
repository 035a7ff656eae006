"""What works in a real browser (Chromium): a national officer sees the forest plot, an
office's staff member sees their own partners."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import sign_in
from playwright.sync_api import expect
from whatworks_fixtures import build, seed_demo_office

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


def test_on_the_demo_data_the_officers_see_re_offending_and_placement_compared(
    app, make_user, live_server, page
):
    """`flask demo seed` (Tangerang, at the size `make run` seeds): the national officer
    sees skill fields compared on re-offending after guidance, with their intervals, and
    the office's administrator sees the placements after each partner's trainings."""
    seed_demo_office(app)
    make_user("national", username="ditjen")
    make_user("admin", office="tangerang", username="kepala")
    sign_in(page, live_server, "ditjen")
    page.get_by_role("link", name="Apa yang berhasil").click()
    page.get_by_label("Hasil").select_option("residivis_12b")
    page.get_by_role("button", name="Tampilkan").click()
    plot = page.locator("svg.forest")
    expect(plot).to_be_visible()
    expect(plot.locator("text", has_text="Kuliner")).to_have_count(1)
    row = page.get_by_test_id("comparison-table").locator('tr[data-group="s:kuliner"]')
    expect(row).to_contain_text("95%:")  # the interval, beside the difference
    expect(row).not_to_contain_text("tidak dibandingkan")
    assert "−" in row.locator("strong").inner_text()  # fewer new offences after cooking
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the plot scrolls
    expect(page.get_by_text("Geser grafik ke samping")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.set_viewport_size({"width": 1280, "height": 800})  # a desk: the menu shows

    page.context.clear_cookies()
    sign_in(page, live_server, "kepala", area="tangerang")
    page.get_by_role("link", name="Apa yang berhasil").click()
    page.get_by_label("Hasil").select_option("penempatan")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("svg.forest").locator("text", has_text="Bakso")).to_have_count(1)
    row = page.get_by_test_id("comparison-table").locator("tr", has_text="Bakso dan Kue")
    expect(row).to_contain_text("95%:")
    assert "+" in row.locator("strong").inner_text()  # more placements after its course
