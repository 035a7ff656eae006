"""Litmas: a PK writes a draft, finalises it; pending is what the worklist says it is."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.clients.models import Client
from portal.clients.operations import change_status
from portal.extensions import db
from portal.litmas.models import Litmas, LitmasInterest

OFFICE = "purwokerto"
BASE = f"/{OFFICE}"
pytest_plugins = ["guidance_fixtures"]


def litmas_form(author, **overrides) -> dict:
    data = {
        "written_on": "2025-01-10",
        "purpose": "pembimbingan_awal",
        "pk_id": str(author),
        "background": "Anak kedua dari empat bersaudara, tinggal bersama ibu.",
        "needs": "Ingin bekerja di warung makan.",
        "skills": ["kuliner", "barista"],
        "recommendation": "Diikutkan pelatihan tata boga.",
    }
    data.update(overrides)
    return data


def litmas_values(author: int, **overrides) -> dict:
    """The same report as the form, typed as an import or the CLI would pass it."""
    return {**litmas_form(author), "pk_id": author, "written_on": date(2025, 1, 10), **overrides}


def _new_litmas_id(response) -> int:
    assert response.status_code == 302, response.text
    return int(re.search(r"/litmas/(\d+)$", response.headers["Location"]).group(1))


def test_pk_writes_edits_and_finalises_a_litmas(app, auth, login_as, new_client, in_office):
    pk_id = login_as("pk")
    client_id = new_client()
    litmas_id = _new_litmas_id(
        auth.post(f"{BASE}/klien/{client_id}/litmas/baru", litmas_form(pk_id))
    )
    page = auth.client.get(f"{BASE}/litmas/{litmas_id}").text
    assert "Draf" in page and "Kuliner / tata boga" in page and "Barista" in page
    assert "Pembimbingan awal" in auth.client.get(f"{BASE}/klien/{client_id}").text

    version = re.search(
        r'name="version_id" type="hidden" value="(\d+)"',
        auth.client.get(f"{BASE}/litmas/{litmas_id}/ubah").text,
    ).group(1)
    response = auth.post(
        f"{BASE}/litmas/{litmas_id}/ubah",
        litmas_form(pk_id, skills=["pertanian"], version_id=version),
    )
    assert response.status_code == 302
    assert in_office(lambda: sorted(db.session.scalars(select(LitmasInterest.skill)))) == [
        "pertanian"
    ]

    version = re.search(
        r'name="version_id" type="hidden" value="(\d+)"',
        auth.client.get(f"{BASE}/litmas/{litmas_id}").text,
    ).group(1)
    auth.post(f"{BASE}/litmas/{litmas_id}/final", {"version_id": version})
    page = auth.client.get(f"{BASE}/litmas/{litmas_id}").text
    assert 'data-testid="litmas-status">Final' in page and "Ubah draf" not in page
    # A final report stays as written.
    auth.post(
        f"{BASE}/litmas/{litmas_id}/ubah", litmas_form(pk_id, needs="Diubah", version_id=version)
    )
    assert in_office(lambda: db.session.get(Litmas, litmas_id).needs) == (
        "Ingin bekerja di warung makan."
    )
    actions = in_office(
        lambda: list(
            db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "litmas"))
        )
    )
    assert {"create", "update", "finalise", "view"} <= set(actions)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"written_on": (date.today() + timedelta(days=2)).isoformat()},
            "Tanggal Litmas tidak boleh di masa depan.",
        ),
        ({"written_on": "10-01-2025"}, "Tanggal tidak valid"),
        ({"purpose": ""}, "Tujuan Litmas wajib dipilih dari daftar."),
        ({"pk_id": ""}, "PK penulis wajib dipilih."),
        ({"pk_id": "foreign"}, "PK tidak ditemukan di kantor ini."),
        ({"skills": ["kuliner", "terjun_payung"]}, "Bidang keterampilan tidak dikenal."),
    ],
)
def test_bad_litmas_is_refused_and_keeps_typing(
    app, auth, login_as, new_client, count, make_user, overrides, message
):
    pk_id = login_as("pk")
    if overrides.get("pk_id") == "foreign":
        overrides = {"pk_id": str(make_user("pk", office="tangerang"))}
    client_id = new_client()
    data = litmas_form(**{"author": pk_id, "needs": "Minat beternak kambing", **overrides})
    response = auth.post(f"{BASE}/klien/{client_id}/litmas/baru", data)
    assert response.status_code == 200
    assert message in response.text
    assert "Minat beternak kambing" in response.text
    assert count(Litmas) == 0 and count(LitmasInterest) == 0


def test_finalising_an_incomplete_litmas_is_refused(app, auth, login_as, new_client, in_office):
    pk_id = login_as("pk")
    client_id = new_client()
    litmas_id = _new_litmas_id(
        auth.post(f"{BASE}/klien/{client_id}/litmas/baru", litmas_form(pk_id, recommendation=""))
    )
    auth.post(f"{BASE}/litmas/{litmas_id}/final", {"version_id": "1"})
    page = auth.client.get(f"{BASE}/litmas/{litmas_id}").text
    assert "Rekomendasi wajib diisi sebelum Litmas final." in page
    assert in_office(lambda: db.session.get(Litmas, litmas_id).status) == "draft"


def test_pending_litmas_follows_its_definition(
    app, auth, make_user, new_client, in_office, login_as
):
    from portal.litmas.operations import create_litmas, finalise_litmas

    pk_id = login_as("pk")
    other_pk = make_user("pk", office=OFFICE, username="pk.lain")
    none_yet = new_client(1, name="Tanpa Litmas")
    finished = new_client(2, name="Sudah Final")
    redo = new_client(3, name="Final Dan Draf")
    closed = new_client(4, name="Sudah Selesai")
    new_client(5, name="Klien PK Lain", pk_id=other_pk)
    for cid in (none_yet, finished, redo, closed):
        in_office(lambda cid=cid: setattr(db.session.get(Client, cid), "pk_id", pk_id))

    def write(cid, final):
        client = db.session.get(Client, cid)
        litmas = create_litmas(client, **litmas_values(pk_id, skills=[]))
        if final:
            finalise_litmas(litmas, litmas.version_id)

    in_office(lambda: write(finished, True))
    in_office(lambda: write(redo, True))
    in_office(lambda: write(redo, False))
    in_office(
        lambda: change_status(
            db.session.get(Client, closed), "selesai", date(2025, 6, 1), "Selesai"
        )
    )

    mine = auth.client.get(f"{BASE}/litmas/").text
    assert "Tanpa Litmas" in mine and "Final Dan Draf" in mine and "draf sejak" in mine
    for absent in ("Sudah Final", "Sudah Selesai", "Klien PK Lain"):
        assert absent not in mine
    auth.logout()
    login_as("admin")
    everyone = auth.client.get(f"{BASE}/litmas/").text
    assert "Klien PK Lain" in everyone and "Sudah Final" not in everyone


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_read_only_roles_read_but_cannot_write(
    app, auth, login_as, new_client, make_user, in_office, count, role
):
    from portal.litmas.operations import create_litmas

    pk_id = make_user("pk", office=OFFICE, username="pk.penulis")
    client_id = new_client()
    litmas_id = in_office(
        lambda: (
            create_litmas(
                db.session.get(Client, client_id),
                **litmas_values(pk_id),
            ).id
        )
    )
    login_as(role)
    assert auth.client.get(f"{BASE}/litmas/{litmas_id}").status_code == 200
    assert auth.client.get(f"{BASE}/klien/{client_id}/litmas/baru").status_code == 403
    assert auth.post(f"{BASE}/klien/{client_id}/litmas/baru", litmas_form(pk_id)).status_code == 403
    assert auth.post(f"{BASE}/litmas/{litmas_id}/final", {"version_id": "1"}).status_code == 403
    assert count(Litmas) == 1
