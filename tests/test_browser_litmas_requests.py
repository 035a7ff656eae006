"""The issue's "done when", in Chromium: a child's diversion request arrives, the head
appoints a PK, the PK sees "sisa 2 hari 23 jam", drafts, the TPP records its
recommendation, the PK signs, the head acknowledges, prints and delivers it within the
deadline; a late request shows as late on every list it is on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import sign_in
from playwright.sync_api import expect

from portal.auth.models import User
from portal.extensions import db
from portal.litmas.requests import deadlines, operations
from portal.timeutil import utcnow

pytestmark = pytest.mark.browser
pytest_plugins = ["guidance_fixtures"]
OFFICE = "mataram"  # WITA: the times typed and shown are the office's own


def _late_request(in_office, admin_id: int, pk_id: int, register: str) -> None:
    """A CMK request appointed 9 days ago (7-day limit passed), on a case file."""

    def make():
        admin = db.session.get(User, admin_id)
        received = deadlines.to_local(utcnow() - timedelta(days=9), operations.office_timezone())
        request = operations.create_request(
            admin,
            requester_kind="lapas",
            requester_institution="Lapas Kelas IIA Lombok Barat",
            letter_number="W21.PAS.2-PK.01.05.06-77",
            letter_date=received.date(),
            purpose="cuti_mengunjungi_keluarga",
            received_on=received.date(),
            received_time=received.time().replace(second=0, microsecond=0),
            person_name="Lalu Muhammad Zulkarnain",
            category="dewasa",
            register_number=register,
        )
        operations.appoint_pk(
            request, pk_id, admin, request.version_id, at=utcnow() - timedelta(days=8, hours=23)
        )

    in_office(make, OFFICE)


def test_a_diversion_request_from_arrival_to_delivery(
    app, live_server, page, make_user, new_client, in_office
):
    admin = make_user("admin", office=OFFICE, username="kepala", full_name="Baiq Nurul Hidayati")
    pk = make_user("pk", office=OFFICE, username="pk", full_name="Ni Luh Ayu Lestari")
    make_user("pk", office=OFFICE, username="pk2", full_name="Lalu Ahmad Fauzi")
    client_id = new_client(1, slug=OFFICE, pk_id=pk, register_number="W.0001/PB/2026")
    _late_request(in_office, admin, pk, "W.0001/PB/2026")
    base = f"{live_server}/{OFFICE}"

    # The head records the request as it arrives (the time received is prefilled: now).
    sign_in(page, live_server, "kepala", OFFICE)
    page.goto(f"{base}/litmas/permintaan/baru")
    page.get_by_label("Jenis peminta").select_option("penyidik")
    page.get_by_label("Instansi peminta").fill("Polresta Mataram")
    page.get_by_label("Nomor surat permintaan").fill("B/412/XII/2026/Reskrim")
    page.get_by_label("Tanggal surat").fill(page.get_by_label("Tanggal diterima").input_value())
    page.get_by_label("Tujuan Litmas").select_option("diversi")
    page.get_by_label("Laporan polisi").check()
    page.get_by_label("Nama yang diteliti").fill("Andi Saputra")
    page.get_by_label("Anak", exact=True).check()
    page.get_by_label("Tempat ditahan atau dibina").fill("Polresta Mataram")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".flash")).to_contain_text("Permintaan Litmas dicatat")
    request_url = page.url
    expect(page.get_by_test_id("request-due")).to_contain_text("WITA")

    # The head appoints a PK, each shown with their load.
    page.get_by_test_id("appoint-link").click()
    expect(page.get_by_test_id("pk-loads")).to_contain_text("1 permintaan · 1 klien")
    page.get_by_label(re.compile("Ni Luh Ayu Lestari")).check()
    page.get_by_role("button", name="Tunjuk").click()
    expect(page.get_by_test_id("request-pk")).to_contain_text("Ni Luh Ayu Lestari")

    # The overview: the child's diversion first, the late request in red.
    page.goto(f"{base}/litmas/permintaan/")
    rows = page.get_by_test_id("open-requests").get_by_test_id("request-row")
    expect(rows.first).to_have_attribute("data-purpose", "diversi")
    expect(rows.nth(1).get_by_test_id("request-clock")).to_have_attribute("data-state", "late")
    page.context.clear_cookies()

    # The PK sees the time left on their home page, and the late request.
    sign_in(page, live_server, "pk", OFFICE)
    mine = page.get_by_test_id("home-request")
    expect(mine.first.get_by_test_id("request-clock")).to_have_text("sisa 2 hari 23 jam")
    expect(mine.nth(1).get_by_test_id("request-clock")).to_contain_text("terlambat 1 hari")
    mine.first.get_by_role("link", name="Andi Saputra").click()
    page.get_by_test_id("write-report").click()
    sections = {
        "Latar belakang": "Anak ketiga dari empat bersaudara; putus sekolah kelas 8.",
        "Keadaan keluarga dan lingkungan sosial": "Tinggal bersama nenek di Cakranegara.",
        "Tindak pidana": "Pencurian telepon genggam teman sekelas.",
        "Kebutuhan dan minat": "Kembali bersekolah; berminat pada pertukangan.",
        "Pandangan masyarakat dan korban": "Keluarga korban bersedia berdamai.",
        "Analisis": "Risiko mengulang rendah; dukungan keluarga ada.",
        "Rekomendasi": "Diversi: dikembalikan kepada orang tua/wali.",
    }
    for label, text in sections.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".flash")).to_contain_text("draf")

    # The observation team discusses it and records its recommendation.
    page.goto(f"{base}/litmas/permintaan/tpp/baru")
    page.get_by_label("Anggota TPP").fill("Baiq Nurul Hidayati\nNi Luh Ayu Lestari")
    page.get_by_role("button", name="Simpan").click()
    chosen = page.locator("option", has_text="Andi Saputra").get_attribute("value")
    page.get_by_label("Permintaan yang dibahas").select_option(chosen)
    page.get_by_label("Rekomendasi TPP").fill("Sidang TPP menyetujui diversi.")
    page.get_by_role("button", name="Simpan rekomendasi").click()
    expect(page.get_by_test_id("tpp-discussions")).to_contain_text("menyetujui diversi")

    page.goto(request_url)
    expect(page.get_by_test_id("tpp-recommendations")).to_contain_text("menyetujui diversi")
    page.get_by_test_id("sign").click()
    expect(page.get_by_test_id("sign-confirm")).to_contain_text("final")
    page.get_by_test_id("confirm-sign").click()
    expect(page.locator(".flash")).to_contain_text("final")
    expect(page.get_by_test_id("write-report")).to_have_count(0)
    page.context.clear_cookies()

    # The head acknowledges, prints, and records the delivery.
    sign_in(page, live_server, "kepala", OFFICE)
    page.goto(request_url)
    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("request-status")).to_have_text("Selesai, belum dikirim")
    page.get_by_test_id("print-link").click()
    expect(page.get_by_test_id("letterhead-office")).to_have_text("Bapas Kelas I Mataram")
    expect(page.get_by_test_id("litmas-print")).to_contain_text("dikembalikan kepada orang tua")
    expect(page.get_by_test_id("print-draft")).to_have_count(0)
    page.emulate_media(media="print")
    expect(page.locator("nav.mainnav")).to_be_hidden()
    page.emulate_media(media="screen")
    page.goto(request_url)
    page.get_by_test_id("deliver-link").click()
    page.get_by_label("Cara pengiriman").select_option("langsung")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("request-clock")).to_have_text("terkirim tepat waktu")
    expect(page.get_by_test_id("delivered")).to_contain_text("WITA")

    # The late request is late on the case file too.
    page.goto(f"{base}/klien/{client_id}")
    clock = page.get_by_test_id("client-requests").get_by_test_id("request-clock")
    expect(clock).to_have_attribute("data-state", "late")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
