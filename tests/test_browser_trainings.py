"""In Chromium: a Bimker officer's journey from a new partner to the office overview."""

from __future__ import annotations

import re

import pytest
from conftest import sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
OFFICE = "purwokerto"


def _login(page, base: str, username: str) -> None:
    sign_in(page, base, username, OFFICE)


def _session(page, n: int):
    """Session n (in time order), unfolded: past sessions other than the latest start
    folded."""
    box = page.get_by_test_id(f"session-{n}")
    if box.locator("details[open]").count() == 0:
        box.locator("summary").click()
    expect(box.locator("details[open]")).to_have_count(1)
    return box


def _row(page, name: str, session: int):
    return _session(page, session).locator("tr[data-participant]").filter(has_text=name)


def _follow_up(page, row, day: str, applying: str, work: str, sector: str = "") -> None:
    row.get_by_role("link", name="Catat").first.click()
    page.get_by_label("Tanggal tindak lanjut").fill(day)
    page.get_by_label(applying, exact=True).check()
    page.get_by_label("Status pekerjaan").select_option(work)
    if sector:
        page.get_by_label("Sektor pekerjaan / usaha").select_option(sector)
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    page.wait_for_selector("text=Tindak lanjut disimpan.")


def test_bimker_partner_training_follow_up_and_overview(live_server, page, make_user, add_client):
    make_user("staff", office=OFFICE, username="bimker", full_name="Nur Hidayati")
    pk = make_user("pk", office=OFFICE, username="pk.agus", full_name="Agus Prasetyo")
    add_client("Slamet Widodo", pk_id=pk)
    add_client("Eko Saputra", pk_id=pk)
    _login(page, live_server, "bimker")

    # a partner with an agreement
    page.get_by_role("navigation").get_by_role("link", name="Mitra").click()
    page.get_by_role("link", name="Daftarkan mitra").click()
    page.get_by_label("Nama mitra").fill("Rumah Makan Sari Rasa")
    page.get_by_label("Jenis mitra").select_option("badan_usaha")
    page.get_by_label("Narahubung").fill("Bapak Hadi")
    page.get_by_role("checkbox", name="Pelatihan", exact=True).check()
    page.get_by_role("checkbox", name="Penyaluran kerja", exact=True).check()
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("link", name="Catat perjanjian").click()
    page.get_by_label("Nomor perjanjian").fill("W.10.PAS/PKS/2025/001")
    page.get_by_label("Tanggal mulai").fill("2025-01-02")
    page.get_by_label("Tanggal berakhir").fill("2028-01-02")
    page.get_by_role("button", name="Simpan perjanjian").click()
    agreements = page.get_by_test_id("agreements")
    expect(agreements).to_contain_text("W.10.PAS/PKS/2025/001")  # waits for the page
    expect(agreements).to_contain_text("Berlaku")

    # a training with two sessions
    page.get_by_role("link", name="Rencanakan pelatihan dengan mitra ini").click()
    page.get_by_label("Judul pelatihan").fill("Memasak untuk usaha warung")
    page.get_by_label("Bidang keterampilan").select_option("kuliner")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_label("Tanggal mulai").fill("2025-03-10")
    page.get_by_label("Tanggal selesai (kosongkan jika satu hari)").fill("2025-03-12")
    page.get_by_label("Tempat").select_option("lokasi_mitra")
    page.get_by_label("Anggaran (rupiah)").fill("2000000")
    page.get_by_role("button", name="Simpan sesi").click()
    page.get_by_role("link", name="Tambah sesi").click()
    page.get_by_label("Tanggal mulai").fill("2025-04-14")
    page.get_by_label("Anggaran (rupiah)").fill("1000000")
    page.get_by_role("button", name="Simpan sesi").click()
    page.wait_for_selector("[data-testid=session-2]")

    # enrol clients by typing, then each session's attendance in one save
    for session, name in ((1, "Slamet Widodo"), (1, "Eko Saputra"), (2, "Slamet Widodo")):
        box = _session(page, session)
        box.get_by_label("Daftarkan klien (ketik nama atau nomor register)").fill(name)
        box.get_by_role("button", name="Daftarkan peserta").click()
        page.wait_for_selector("text=Peserta didaftarkan.")
    for session, rows in (
        (1, (("Slamet Widodo", True, "50000"), ("Eko Saputra", False, "50000"))),
        (2, (("Slamet Widodo", True, "0"),)),
    ):
        box = _session(page, session)
        box.get_by_role("button", name="Semua hadir").click()
        for name, completed, transport in rows:
            row = _row(page, name, session)
            if completed:
                row.get_by_label("Lulus").check()
                row.get_by_label("Sertifikat").check()
            row.get_by_label("Transport (Rp)").fill(transport)
        box.get_by_role("button", name="Simpan kehadiran").first.click()
        page.wait_for_selector("text=Kehadiran sesi disimpan.")
    _session(page, 1)
    row = _row(page, "Slamet Widodo", 1)
    expect(row.get_by_label("Sertifikat")).to_be_checked()
    expect(_row(page, "Eko Saputra", 1).get_by_label("Hadir")).to_be_checked()
    expect(_row(page, "Eko Saputra", 1).get_by_label("Lulus")).not_to_be_checked()

    # 3- and 6-month follow-ups: the Bimker officer, then the client's PK
    _follow_up(page, _row(page, "Slamet Widodo", 1), "2025-06-15", "Ya", "wirausaha", "jasa")
    _follow_up(page, _row(page, "Slamet Widodo", 1), "2025-09-15", "Ya", "bekerja", "kuliner")
    _follow_up(page, _row(page, "Eko Saputra", 1), "2025-06-20", "Tidak", "tidak_bekerja")
    page.get_by_role("button", name="Keluar").click()
    _login(page, live_server, "pk.agus")
    page.get_by_role("navigation").get_by_role("link", name="Pelatihan").click()
    page.get_by_role("link", name="Memasak untuk usaha warung").click()
    _follow_up(page, _row(page, "Eko Saputra", 1), "2025-09-20", "Tidak", "bekerja", "perdagangan")
    expect(_row(page, "Eko Saputra", 1)).to_contain_text("Tercatat")

    # the office overview for 2025
    page.get_by_role("navigation").get_by_role("link", name="Pelatihan").click()
    page.get_by_role("link", name="Ikhtisar kantor").click()
    page.locator("input[name=dari]").fill("2025-01-01")
    page.locator("input[name=sampai]").fill("2025-12-31")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r".*dari=2025-01-01.*"))
    kuliner = page.get_by_test_id("by-skill").locator("tr[data-key=kuliner]")
    expected = {
        "participations": "3",
        "unique": "2",
        "completion": "67% (2/3)",
        "applying": "50% (1/2)",
        "working": "100% (2/2)",
        "coverage": "67% (2/3)",
        "cost": "Rp1.000.000",
    }
    for column, text in expected.items():
        assert kuliner.locator(f"td[data-col={column}]").inner_text().strip() == text, column
    partner = page.get_by_test_id("by-partner").locator("tbody tr").first
    assert "Rumah Makan Sari Rasa" in partner.inner_text()
    assert partner.locator("td[data-col=cost]").inner_text().strip() == "Rp1.000.000"
