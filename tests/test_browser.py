"""In a real browser (Debian's Chromium via Playwright): sign in, land home, be refused."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD, sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_purwokerto_pk_signs_in_and_is_refused_tangerang(live_server, page, make_user):
    make_user("pk", office="purwokerto", username="sari", full_name="Sari Wulandari")
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Bapas Kelas II Purwokerto").click()
    expect(page.get_by_role("heading", name="Bapas Kelas II Purwokerto")).to_be_visible()
    page.get_by_label("Nama pengguna").fill("sari")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server}/purwokerto/")
    assert page.get_by_test_id("office-name").inner_text() == "Bapas Kelas II Purwokerto"
    assert "Sari Wulandari" in page.get_by_test_id("whoami").inner_text()
    assert page.get_by_test_id("role").inner_text() == "Pembimbing Kemasyarakatan (PK)"

    response = page.goto(f"{live_server}/tangerang/")
    assert response.status == 404
    assert "Tangerang" not in page.content()

    page.goto(f"{live_server}/purwokerto/")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server}/purwokerto/login")
    page.goto(f"{live_server}/purwokerto/")
    assert page.url.startswith(f"{live_server}/purwokerto/login")


def test_administrator_uploads_previews_and_confirms_an_import(
    app, live_server, page, make_user, tmp_path
):
    from transfer_helpers import client_row, xlsx

    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    make_user("admin", office="purwokerto", username="admin.pwt", full_name="Admin Purwokerto")
    path = tmp_path / "klien.xlsx"
    path.write_bytes(xlsx([client_row(i) for i in range(1, 4)]))
    sign_in(page, live_server, "admin.pwt", "purwokerto")
    page.get_by_role("link", name="Impor & ekspor").click()
    row = page.get_by_role("row").filter(has_text="Klien")  # one row per kind of import
    row.get_by_role("link", name="Unggah berkas").click()
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Menunggu konfirmasi")
    assert "Klien Uji 2" in page.get_by_test_id("preview").inner_text()
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Selesai")
    assert page.get_by_test_id("count-added").inner_text() == "3"
    page.get_by_role("link", name="Lihat daftar klien").click()
    expect(page.get_by_test_id("client-count")).to_have_text(re.compile(r"^3 klien"))


def test_a_large_file_is_checked_and_imported_with_progress(
    app, live_server, page, make_user, tmp_path
):
    """Large files are checked and imported in the background; the batch page follows
    them (polling the status) until the preview, and then the result, are there."""
    from transfer_helpers import client_row, xlsx

    app.config.update(
        IMPORT_UPLOAD_DIR=str(tmp_path / "uploads"),
        IMPORT_BACKGROUND_BYTES=1,
        IMPORT_BACKGROUND_ROWS=1,
    )
    make_user("admin", office="purwokerto", username="admin.pwt", full_name="Admin Purwokerto")
    path = tmp_path / "klien-besar.xlsx"
    path.write_bytes(xlsx([client_row(i) for i in range(1, 31)]))
    sign_in(page, live_server, "admin.pwt", "purwokerto")
    page.goto(f"{live_server}/purwokerto/impor/klien/")
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Menunggu konfirmasi", timeout=30_000)
    assert page.get_by_test_id("count-added").inner_text() == "30"
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.get_by_test_id("import-state")).to_have_text("Selesai", timeout=30_000)
    assert page.get_by_test_id("count-added").inner_text() == "30"
