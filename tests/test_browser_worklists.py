"""The worklists in a real browser: they fit a 390 px phone and a 1366 px desk, and a
worklist line's action lands on the case-file section it is about."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import sign_in
from playwright.sync_api import expect
from sqlalchemy import delete

from portal.auth.models import User
from portal.extensions import db
from portal.reporting.models import ReportDue

pytestmark = pytest.mark.browser
pytest_plugins = ["guidance_fixtures"]
OFFICE = "purwokerto"
PAGES = {
    "pk": ("/", "/klien/saya", "/klien/", "/bimbingan/?pk=all"),
    "staf": ("/", "/klien/", "/bimbingan/"),
    "admin": ("/", "/klien/beban-kerja", "/klien/?status=aktif", "/bimbingan/"),
}


def _office_with_work(app, make_user, new_client, in_office) -> int:
    """A PK with clients late, due and with long names; a group session; a training."""
    from portal.guidance.operations import create_session
    from portal.trainings import operations as trainings

    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    pk = make_user("pk", office=OFFICE, username="pk", full_name="Rahayu Kusumawardhani")
    make_user("staff", office=OFFICE, username="staf", full_name="Yanti Situmorang")
    make_user("admin", office=OFFICE, username="admin", full_name="Ilham Hartono")
    start, end = today - timedelta(days=300), today + timedelta(days=20)
    names = (
        "Muhammad Rizky Pratama Wijayakusuma",
        "Siti Nurhaliza Rahmawati Kusumaningrum",
        "Agus Salim",
        "Dewi Lestari",
    )
    ids = [
        new_client(n, name=name, pk_id=pk, guidance_start=start, guidance_end=end)
        for n, name in enumerate(names, 1)
    ]

    def work():
        db.session.execute(delete(ReportDue).where(ReportDue.client_id == ids[2]))
        db.session.add(
            ReportDue(
                client_id=ids[2],
                due_on=today,
                window_from=today - timedelta(days=7),
                window_to=today + timedelta(days=7),
            )
        )
        user = db.session.get(User, pk)
        create_session(
            user,
            [{"client_id": c, "attendance": "hadir", "reason": ""} for c in ids],
            held_on=today - timedelta(days=3),
            kind="kemandirian",
            subtype="bimbingan_karier",
            format="kelompok",
            stage="lanjutan",
            pk_id=pk,
            topic="Menyusun surat lamaran kerja dan daftar riwayat hidup",
        )
        training = trainings.create_training(
            title="Keterampilan digital dan pemasaran daring untuk usaha rumahan",
            skill_field="digital",
            partner_id=None,
        )
        trainings.create_session(
            training,
            start_date=today + timedelta(days=4),
            end_date=today + timedelta(days=6),
            venue_kind="aula_kantor",
            budget=0,
        )

    in_office(work)
    return ids[2]


@pytest.mark.parametrize("width", [390, 1366])
def test_worklist_pages_fit_the_screen(
    app, live_server, page, make_user, new_client, in_office, width
):
    _office_with_work(app, make_user, new_client, in_office)
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    for username, paths in PAGES.items():
        page.context.clear_cookies()
        sign_in(page, live_server, username, OFFICE)
        for path in paths:
            page.goto(f"{live_server}/{OFFICE}{path}")
            expect(page.locator("main h1")).to_be_visible()
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{username} {path}: {wide} px wide at {width} px"


def test_a_worklist_action_lands_on_its_case_file_section(
    app, live_server, page, make_user, new_client, in_office
):
    due_today = _office_with_work(app, make_user, new_client, in_office)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "pk", OFFICE)
    line = page.get_by_test_id("worklist-line").filter(has_text="Agus Salim")
    expect(line.get_by_test_id("worklist-due")).to_have_text("jatuh tempo hari ini")
    # The most urgent client's action is on the first screen of the phone.
    first = page.get_by_test_id("worklist-line").first
    expect(first.get_by_test_id("worklist-due")).to_contain_text("terlambat")
    expect(first.get_by_test_id("worklist-action")).to_be_in_viewport()
    line.get_by_test_id("worklist-action").click()
    page.wait_for_url(f"{live_server}/{OFFICE}/klien/{due_today}#catat-laporan")
    # Kasus saya on a phone: a compact card, the name and register number on one line.
    page.goto(f"{live_server}/{OFFICE}/klien/saya")
    card = page.get_by_test_id("client-row").filter(has_text="Agus Salim")
    expect(card.get_by_test_id("reporting")).to_have_text("jatuh tempo hari ini")
    title = card.locator("td.card-title")
    name_box = title.get_by_role("link", name="Agus Salim").bounding_box()
    number_box = title.locator(".register").bounding_box()
    assert abs(name_box["y"] - number_box["y"]) < 10  # the same line
    assert card.bounding_box()["height"] < 160  # compact: not a labelled block per column
