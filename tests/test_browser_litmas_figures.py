"""A national officer reads the Litmas on-time share in a real browser (Chromium), on a
phone and at a desk, and an office administrator previews a Litmas request sheet."""

from __future__ import annotations

import pytest
from conftest import sign_in
from litmas_figure_fixtures import PERIOD, build_litmas_dataset
from playwright.sync_api import expect
from test_litmas_imports import good_rows, row, xlsx

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_national_on_time_share_in_the_browser(app, make_user, live_server, page):
    build_litmas_dataset(app, make_user)
    make_user("national", username="ditjen")
    sign_in(page, live_server, "ditjen")
    page.goto(f"{live_server}/pusat/indikator/?periode={PERIOD}")
    page.get_by_role("link", name="Permintaan Litmas").click()
    table = page.get_by_test_id("comparison")
    national = table.locator("tr", has_text="Total nasional").first
    expect(national).to_contain_text("87,5%")
    expect(national).to_contain_text("14 / 16")
    purwokerto = table.locator("tr", has_text="Bapas Kelas II Purwokerto").first
    expect(purwokerto).to_contain_text("85,7%")
    assert "disembunyikan" in table.locator("tr", has_text="Bapas Kelas I Mataram").inner_text()
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert _fits(page), width


def test_import_preview_of_a_litmas_sheet(app, make_user, live_server, page, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    make_user("admin", office="mataram", username="kepala.mtr")
    make_user("pk", office="mataram", username="niluh", full_name="Ni Luh Ayu")
    sign_in(page, live_server, "kepala.mtr", "mataram")
    sheet = tmp_path / "register.xlsx"
    sheet.write_bytes(xlsx([*good_rows(), row(**{"Nomor Surat": "B/9", "Jam Diterima": "25.10"})]))
    page.goto(f"{live_server}/mataram/impor/permintaan-litmas/")
    page.set_input_files("input[type=file]", str(sheet))
    page.get_by_role("button", name="Unggah dan periksa").click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("Jam '25.10' tidak ada.")
    expect(page.get_by_role("button", name="Konfirmasi impor")).to_have_count(0)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert _fits(page), width
