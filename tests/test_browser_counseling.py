"""In Chromium at a phone's and a desk's width: a session's attendance in one save, and
a mobile counseling day planned with checkboxes, its client found by typing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import sign_in
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.partners.operations import create_partner
from portal.reporting.models import Report
from portal.trainings import operations
from portal.trainings.models import Participant

pytestmark = pytest.mark.browser
OFFICE = "purwokerto"
WIDTHS = [390, 1366]


def _fits(page) -> None:
    """No page wider than the screen (ux.md): nothing to scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    screen = page.evaluate("window.innerWidth")
    assert width <= screen, f"{page.url} is {width} px wide on a {screen} px screen"


@pytest.fixture
def session_of_three(office_run, add_client):
    """A training whose session began two days ago and ends tomorrow, three clients
    enrolled, none marked."""
    names = ("Slamet Widodo", "Eko Saputra", "Dewi Anggraini")
    ids = [add_client(n) for n in names]

    def build():
        partner = create_partner(name="LPK Terampil Mandiri", kind="lpk", services=["pelatihan"])
        training = operations.create_training(
            title="Barista Dasar", skill_field="barista", partner_id=partner.id
        )
        start = date.today() - timedelta(days=2)
        session = operations.create_session(
            training,
            start_date=start,
            end_date=date.today() + timedelta(days=1),
            venue_kind="aula_kantor",
            budget=900_000,
        )
        for cid in ids:
            db.session.add(Participant(session=session, client_id=cid))
        db.session.flush()
        return training.id, session.id

    return office_run(OFFICE, lambda: (build(), db.session.commit())[0])


@pytest.mark.parametrize("width", WIDTHS)
def test_a_sessions_attendance_is_marked_in_one_save(
    live_server, page, make_user, session_of_three, office_run, width
):
    training_id, session_id = session_of_three
    make_user("staff", office=OFFICE, username="bimker")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "bimker", OFFICE)
    page.goto(f"{live_server}/{OFFICE}/pelatihan/{training_id}")
    session = page.get_by_test_id("session-1")
    expect(session.get_by_test_id("next-session")).to_have_text("Sedang berlangsung")
    _fits(page)

    session.get_by_role("button", name="Semua hadir").click()
    eko = session.locator("tr[data-participant]").filter(has_text="Eko Saputra")
    eko.get_by_label("Lulus").check()
    eko.get_by_label("Sertifikat").check()
    for row in session.locator("tr[data-participant]").all():
        row.get_by_label("Transport (Rp)").fill("50.000")
    session.get_by_role("button", name="Simpan kehadiran").first.click()
    expect(page.get_by_text("Kehadiran sesi disimpan.")).to_be_visible()
    expect(page.locator(f"#sesi-{session_id}[data-changed]")).to_be_in_viewport()
    _fits(page)

    def stored():
        rows = db.session.scalars(
            select(Participant).where(Participant.session_id == session_id).order_by(Participant.id)
        )
        return [(p.attended, p.completed, p.certificate, p.transport_money) for p in rows]

    assert office_run(OFFICE, stored) == [
        (True, False, False, 50_000),
        (True, True, True, 50_000),
        (True, False, False, 50_000),
    ]

    # A certificate without completion is refused for the row, and nothing is saved.
    slamet = session.locator("tr[data-participant]").filter(has_text="Slamet Widodo")
    slamet.get_by_label("Sertifikat").check()
    eko.get_by_label("Hadir").uncheck()
    session.get_by_role("button", name="Simpan kehadiran").first.click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Slamet Widodo — Sertifikat")
    expect(summary).to_contain_text("Eko Saputra — Lulus")
    _fits(page)
    assert office_run(OFFICE, stored)[1] == (True, True, True, 50_000)  # Eko still present


@pytest.mark.parametrize("width", WIDTHS)
def test_a_mobile_counseling_day_planned_and_a_client_found_by_typing(
    live_server, page, make_user, add_client, office_run, width
):
    pk = make_user("pk", office=OFFICE, username="pk.keliling", full_name="Agus Prasetyo")
    make_user("pk", office=OFFICE, full_name="Rina Kartika")
    add_client("Wahyu Nugroho", pk_id=pk, kelurahan="Karangklesem", kecamatan="Purwokerto Selatan")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "pk.keliling", OFFICE)
    page.goto(f"{live_server}/{OFFICE}/wajib-lapor/keliling/")
    _fits(page)

    held = date.today() - timedelta(days=1)  # yesterday everywhere: attendance is open
    form = page.get_by_test_id("day-form")
    form.get_by_label("Tanggal").fill(held.isoformat())
    form.get_by_label("Kelurahan / desa").fill("Karangklesem")
    form.get_by_label("Kecamatan").fill("Purwokerto Selatan")
    form.get_by_role("checkbox", name="Agus Prasetyo").check()
    form.get_by_role("checkbox", name="Rina Kartika").check()
    form.get_by_role("button", name="Simpan rencana").click()
    expect(page.get_by_text("Konseling keliling direncanakan.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Agus Prasetyo, Rina Kartika")
    expect(page.get_by_test_id("expected-rule")).to_contain_text("Karangklesem")
    _fits(page)

    box = page.get_by_label("Klien (ketik nama atau nomor register)")
    box.press_sequentially("wahyu", delay=30)
    expect(page.locator("#client-suggestions option")).to_have_count(1)
    label = page.locator("#client-suggestions option").get_attribute("value")
    assert label.startswith("Wahyu Nugroho (PB-UJI-")
    box.fill(label)
    page.get_by_label("Diterima oleh PK").select_option(label="Agus Prasetyo")
    page.get_by_role("button", name="Catat sebagai wajib lapor").click()
    expect(page.get_by_test_id("seen")).to_contain_text("Wahyu Nugroho")
    _fits(page)
    assert office_run(OFFICE, lambda: db.session.scalar(select(Report.kelurahan))) == (
        "Karangklesem"
    )
