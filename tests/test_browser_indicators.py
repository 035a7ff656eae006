"""Regional and national officers compare offices in a real browser (Chromium)."""

from __future__ import annotations

import io

import pytest
from conftest import sign_in
from indicator_fixtures import PERIOD, build_dataset
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _row(page, label: str):
    return page.get_by_test_id("comparison").locator("tr", has_text=label).first


def test_regional_officer_compares_the_region(app, make_user, live_server, page):
    build_dataset(app, make_user)
    make_user("regional", region="banten", username="kanwil.banten")
    sign_in(page, live_server, "kanwil.banten")
    page.get_by_role("link", name="Perbandingan indikator").click()
    page.get_by_label("Periode").select_option(PERIOD)
    page.get_by_role("button", name="Tampilkan").click()
    # expect() waits for the page the click loads; a bare is_visible() raced it.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Triwulan 2 2025")
    expect(_row(page, "Bapas Kelas I Tangerang")).to_contain_text("20")
    assert page.get_by_text("Purwokerto").count() == 0  # another region's office
    page.get_by_role("link", name="Bapas Kelas I Tangerang").click()
    expect(
        page.get_by_role("heading", name="Bapas Kelas I Tangerang — Triwulan 2 2025")
    ).to_be_visible()
    page.get_by_role("link", name="tren").first.click()
    expect(page.get_by_test_id("trend-chart").locator("svg")).to_be_visible()


def test_national_officer_drills_down_and_exports(app, make_user, live_server, page):
    build_dataset(app, make_user)
    make_user("national", username="ditjen")
    sign_in(page, live_server, "ditjen")
    page.goto(f"{live_server}/pusat/indikator/?periode={PERIOD}&kelompok=residivisme")
    national = _row(page, "Total nasional").inner_text()
    assert "52,2%" in national and "12 / 23" in national
    # Banten has one office: no total row repeats it; its name under the office leads
    # to the region's view.
    page.get_by_role("link", name="Kanwil Ditjenpas Banten").click()
    rows = page.get_by_test_id("comparison").locator("tbody tr")
    expect(rows).to_have_count(2)  # Tangerang and the national total
    assert "50,0%" in _row(page, "Bapas Kelas I Tangerang").inner_text()
    page.get_by_role("link", name="Semua wilayah").click()
    expect(rows).to_have_count(5)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh Excel").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    values = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
    assert any(r[0] == "Nasional" and r[4] == pytest.approx(12 / 23) for r in values)


def test_national_officer_exports_in_english_numbers_equal_to_the_page(
    app, make_user, live_server, page
):
    import pandas as pd

    build_dataset(app, make_user)
    make_user("national", username="ditjen")
    sign_in(page, live_server, "ditjen")
    page.goto(f"{live_server}/pusat/indikator/?periode={PERIOD}&kelompok=residivisme")
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quarter 2 2025")
    shown = _row(page, "National total").locator(".figure").all_inner_texts()
    assert shown[0] == "52.2%"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel").click()
    sheet = pd.read_excel(download.value.path(), header=3, engine="calamine").set_index(
        "Office / region"
    )
    national = sheet.loc["National"]
    assert f"{100 * national['Revocation rate']:.1f}%" == shown[0]
    assert national["Revocation rate: stretches ended"] == 23
    tangerang = _row(page, "Bapas Kelas I Tangerang").locator(".figure").all_inner_texts()
    row = sheet.loc["Bapas Kelas I Tangerang"]
    assert f"{100 * row['Re-offending during guidance']:.1f}%" == tangerang[1]
