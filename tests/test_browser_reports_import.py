"""An administrator brings an office's wajib lapor sheet in, in a real browser, and the
client's schedule shows the reports as met."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import sign_in
from isolation_fixtures import _make_client
from playwright.sync_api import expect
from transfer_helpers import xlsx

from portal.clients import operations as client_ops

pytestmark = pytest.mark.browser

OFFICE = "purwokerto"


def test_administrator_imports_reports_and_sees_the_schedule_met(
    app, live_server, page, make_user, tmp_path, monkeypatch
):
    monkeypatch.setattr(client_ops, "office_today", lambda: date(2025, 4, 10))
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    make_user("admin", office=OFFICE, username="admin.pwt", full_name="Admin Purwokerto")
    pk = make_user("pk", office=OFFICE, username="sari", full_name="Sari Wulandari")
    client_id = _make_client(app, OFFICE, register_number="PB-WL-001", pk_id=pk)
    path = tmp_path / "wajib-lapor.xlsx"
    headers = ["No. Register", "Tgl Lapor", "Cara Lapor", "Catatan"]
    rows = [
        ["PB-WL-001", date(2025, 2, 6), "Di kantor", "Tepat waktu"],
        ["PB-WL-001", "05/03/2025", "video call", ""],
    ]
    path.write_bytes(xlsx(rows, headers))

    sign_in(page, live_server, "admin.pwt", OFFICE)
    page.get_by_role("link", name="Impor & ekspor").click()
    row = page.get_by_role("row").filter(has_text="Laporan wajib lapor")
    row.get_by_role("link", name="Unggah berkas").click()
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Menunggu konfirmasi")
    assert "05/03/2025" in page.get_by_test_id("preview").inner_text()
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Selesai")
    assert page.get_by_test_id("count-added").inner_text() == "2"

    page.goto(f"{live_server}/{OFFICE}/klien/{client_id}")
    schedule = page.get_by_test_id("schedule").locator("tbody tr")
    assert "Hadir" in schedule.nth(0).inner_text()  # 6 February
    assert "Hadir" in schedule.nth(1).inner_text()  # 6 March, met on the 5th by video call
