"""The PK worklist on the home page: guidance ending within 30 days, and Litmas pending."""

from __future__ import annotations

from datetime import date, timedelta

from portal.clients.models import Client
from portal.clients.operations import change_status
from portal.extensions import db

OFFICE = "purwokerto"
pytest_plugins = ["guidance_fixtures"]


def _section(page: str, key: str) -> str:
    return page.split(f'data-testid="worklist-{key}"')[1].split("</section>")[0]


def test_worklist_lists_ending_guidance_and_pending_litmas(
    app, auth, login_as, new_client, make_user, in_office
):
    from portal.litmas.operations import create_litmas, finalise_litmas

    today = date.today()
    pk_id = login_as("pk")
    other_pk = make_user("pk", office=OFFICE, username="pk.lain")
    start = date(2025, 1, 6)
    soon = new_client(
        1, name="Berakhir Sepuluh Hari", pk_id=pk_id, guidance_end=today + timedelta(days=10)
    )
    new_client(
        2, name="Berakhir Enam Puluh Hari", pk_id=pk_id, guidance_end=today + timedelta(days=60)
    )
    late = new_client(
        3, name="Lewat Belum Ditutup", pk_id=pk_id, guidance_end=today - timedelta(days=5)
    )
    closed = new_client(
        4, name="Sudah Selesai", pk_id=pk_id, guidance_end=today + timedelta(days=3)
    )
    new_client(5, name="Milik PK Lain", pk_id=other_pk, guidance_end=today + timedelta(days=3))
    in_office(
        lambda: change_status(
            db.session.get(Client, closed),
            "selesai",
            start + timedelta(days=30),
            "Selesai lebih awal",
        )
    )

    def finalised(cid):
        litmas = create_litmas(
            db.session.get(Client, cid),
            written_on=start,
            purpose="pembimbingan_awal",
            pk_id=pk_id,
            background="a",
            needs="b",
            recommendation="c",
            skills=[],
        )
        finalise_litmas(litmas, litmas.version_id)

    in_office(lambda: finalised(soon))  # soon: final Litmas, not pending
    in_office(
        lambda: create_litmas(
            db.session.get(Client, late),
            written_on=start,
            purpose="pembimbingan_awal",
            pk_id=pk_id,
            skills=[],
        )
    )

    page = auth.client.get(f"/{OFFICE}/").text
    ending = _section(page, "bimbingan-berakhir")
    assert "Berakhir Sepuluh Hari" in ending and "Lewat Belum Ditutup" in ending
    assert "lewat 5 hari" in ending and "(2)" in ending
    for absent in ("Enam Puluh", "Sudah Selesai", "Milik PK Lain"):
        assert absent not in ending
    pending = _section(page, "litmas-tertunda")
    # Mine and aktif: 2 (no Litmas), 3 (draft); 1 has a final one; 4 is closed.
    assert "Berakhir Enam Puluh Hari" in pending and "Lewat Belum Ditutup" in pending
    assert "draf sejak" in pending and "(2)" in pending
    assert "Berakhir Sepuluh Hari" not in pending and "Milik PK Lain" not in pending

    auth.logout()
    login_as("admin")
    page = auth.client.get(f"/{OFFICE}/").text
    assert "Milik PK Lain" in _section(page, "bimbingan-berakhir")
    assert "(3)" in _section(page, "bimbingan-berakhir")


def test_staff_and_viewer_see_no_worklist(app, auth, login_as, new_client):
    login_as("staff")
    new_client(1, guidance_end=date.today() + timedelta(days=3))
    page = auth.client.get(f"/{OFFICE}/").text
    assert "worklist-bimbingan-berakhir" not in page and "worklist-litmas-tertunda" not in page
