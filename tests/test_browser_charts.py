"""A national officer reads the indicators at a 1366 px office screen, and every new page
fits a phone (Chromium through Playwright)."""

from __future__ import annotations

import pytest
from conftest import sign_in
from indicator_fixtures import PERIOD, build_dataset
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_national_officer_lands_sorts_and_reads_the_charts(app, make_user, live_server, page):
    build_dataset(app, make_user)
    make_user("national", username="ditjen")
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, "ditjen")
    expect(page.get_by_test_id("headlines")).to_be_visible()  # the landing page
    page.get_by_label("Periode").select_option(PERIOD)
    page.get_by_role("button", name="Tampilkan").click()
    active = page.get_by_test_id("headlines").locator('[data-indicator="klien_aktif"] .figure')
    expect(active).to_have_text("30")

    # The headline opens the comparison ranked by it; a column heading sorts by another.
    page.get_by_role("link", name="Klien aktif pada akhir periode").first.click()
    table = page.get_by_test_id("comparison")
    expect(table.locator("th[aria-sort=descending]")).to_contain_text("Klien aktif")
    # Every indicator of the group is in view at 1366 px: no inner scroller.
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    assert _fits(page)
    table.get_by_role("link", name="Sesi bimbingan kemandirian").click()
    expect(table.locator("th[aria-sort=descending]")).to_contain_text("kemandirian")
    first = table.locator("tbody tr").first
    expect(first).to_contain_text("Bapas Kelas I Tangerang")
    expect(first.get_by_test_id("rank")).to_have_text("1")
    table.get_by_role("link", name="Sesi bimbingan kemandirian").click()
    expect(table.locator("th[aria-sort=ascending]")).to_contain_text("kemandirian")
    expect(table.locator("tbody tr").last).to_contain_text("Total nasional")  # pinned

    # The funnel plot: a point's value shows on hover (title) and on a tap.
    page.get_by_role("link", name="Pengulangan tindak pidana").click()
    page.get_by_role("link", name="Grafik: plot titik dan plot corong").click()
    funnel = page.get_by_test_id("funnel-plot")
    expect(funnel.locator("svg")).to_be_visible()
    point = funnel.locator("g.point").filter(has_text="Tangerang")
    expect(point.locator("title")).to_have_text("Tangerang: 50,0% (6 / 12)")
    point.click()
    expect(page.locator(".chart-tip")).to_have_text("Tangerang: 50,0% (6 / 12)")

    # The trend chart of the same rate, read the same way.
    page.locator(".chart-links").get_by_role("link", name="Tren", exact=True).click()
    trend = page.get_by_test_id("trend-chart")
    expect(trend.locator("svg")).to_contain_text("sementara")
    point = trend.locator("g.point").filter(has_text="Tangerang — T2 25")
    point.click()
    expect(page.locator(".chart-tip")).to_have_text("Tangerang — T2 25: 50,0% (6 / 12)")

    # In English the chart's labels and legends read in English.
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revocation rate")
    chart = page.get_by_test_id("trend-chart").locator("svg")
    expect(chart).to_contain_text("provisional")
    expect(chart).to_contain_text("National")
    expect(chart).not_to_contain_text("sementara")
    page.get_by_text("Show as table").click()
    expect(page.get_by_test_id("trend-table")).to_contain_text("(provisional)")


def test_every_new_page_fits_a_phone(app, make_user, live_server, page):
    build_dataset(app, make_user)
    make_user("national", username="ditjen")
    make_user("admin", office="tangerang", username="admin.tgr")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "ditjen")
    for path in (
        f"/pusat/?periode={PERIOD}",
        f"/pusat/indikator/?periode={PERIOD}&kelompok=pelatihan&urut=cakupan_pelatihan",
        f"/pusat/indikator/grafik?periode={PERIOD}&indikator=pencabutan",
        "/pusat/indikator/tren?indikator=pencabutan&granularitas=bulan",
        f"/pusat/indikator/kantor/tangerang?periode={PERIOD}",
    ):
        page.goto(live_server + path)
        expect(page.locator("main h1")).to_be_visible()
        assert _fits(page), path
