"""The client search from the register each process keeps (portal/clients/search.py):
the same clients as the SQL criterion, its office only, and it follows new clients."""

from __future__ import annotations

import re

from conftest import PASSWORD
from sqlalchemy import or_, select

from portal.clients.models import Client
from portal.clients.operations import name_or_register_contains
from portal.clients.search import Register
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import office_scope

BASE = "/purwokerto/klien"
PEOPLE = [  # name, register number, NIK
    ("Budi Santoso", "PWT-2025-0101", "3302011505900003"),
    ("Siti Aminah", "PWT-2025-0102", "3302021505900001"),
    ("Budi Hartono Wijaya", "PWT-2024-0877", "3301011505900002"),
    ("Agus Prasetyo", "PWT-2023-0456", "3372021505900004"),
]


def test_a_kept_register_finds_what_the_sql_criterion_finds():
    register = Register.of((i, f"{n} {r}".lower(), nik) for i, (n, r, nik) in enumerate(PEOPLE))
    expected = {
        "budi": {0, 2},
        "BUDI SANTOSO": {0},
        "o w": {2},
        "pwt-2025": {0, 1},
        "0456": {3},
        "3302": {0, 1},  # a NIK's start...
        "1505": set(),  # ...not its middle
        "agus prasetyo pwt-2023-0456": {3},
        "yadi": set(),
        "a": {0, 1, 2, 3},
    }
    for typed, ids in expected.items():
        assert register.matching(typed) == ids, typed


def _register(client, data: dict) -> int:
    page = client.get(f"{BASE}/baru").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"{BASE}/baru", data={**data, "csrf_token": token})
    errors = re.findall(r"class=\"error[^>]*>([^<]+)", response.text)
    assert response.status_code == 302, errors
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_the_page_search_matches_sql_keeps_to_its_office_and_sees_new_clients(app, make_user, auth):
    from test_clients import valid_form

    make_user("admin", office="purwokerto", username="admin_cari")
    assert auth.login("admin_cari", "purwokerto", PASSWORD).status_code == 302
    for name, number, nik in PEOPLE[:3]:
        _register(auth.client, valid_form(name=name, register_number=number, nik=nik))
    with app.app_context():  # a client of another office with a matching name
        tangerang = db.session.scalar(select(Office.id).where(Office.slug == "tangerang"))
        with office_scope(tangerang):
            db.session.add(
                Client(**_client_values("Budi Laksono", "TNG-2025-0001", "3603011505900001"))
            )
            db.session.commit()

    def listed(typed: str) -> set[str]:
        page = auth.client.get(f"{BASE}/", query_string={"q": typed}).text
        return {name for name, _, _ in PEOPLE + [("Budi Laksono", "", "")] if name in page}

    def by_sql(typed: str) -> set[str]:
        with app.app_context():
            office = db.session.scalar(select(Office.id).where(Office.slug == "purwokerto"))
            with office_scope(office):
                return set(
                    db.session.scalars(
                        select(Client.name).where(
                            or_(
                                name_or_register_contains(typed),
                                Client.nik.startswith(typed, autoescape=True),
                            )
                        )
                    )
                )

    for typed in ("budi", "SANTOSO", "pwt-2025", "3302", "1505", "aminah", "laksono", "%"):
        assert listed(typed) == by_sql(typed), typed
    assert "Budi Laksono" not in listed("budi")
    # A client registered now is found at once (the register's version changed).
    name, number, nik = PEOPLE[3]
    _register(auth.client, valid_form(name=name, register_number=number, nik=nik))
    assert listed("prasetyo") == {"Agus Prasetyo"}


def _client_values(name: str, number: str, nik: str) -> dict:
    from datetime import date

    return {
        "register_number": number,
        "name": name,
        "nik": nik,
        "sex": "L",
        "birth_date": date(1990, 1, 1),
        "category": "dewasa",
        "offence": "pencurian",
        "program": "pb",
        "guidance_start": date(2025, 1, 6),
        "guidance_end": date(2026, 7, 6),
    }
