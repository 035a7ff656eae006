"""Factories for partner and training tests: build records through the operations."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import PASSWORD
from isolation_fixtures import _in_office
from sqlalchemy import select

from portal.auth.models import User
from portal.clients.operations import create_client
from portal.extensions import db

OFFICE = "purwokerto"


def nik_for(birth: date, n: int, sex: str = "L") -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"330201{day:02d}{birth.month:02d}{birth.year % 100:02d}{n:04d}"


@pytest.fixture
def office_run(app):
    """office_run(slug, fn) runs fn() inside that office's scope, commits, returns."""
    return lambda slug, fn: _in_office(app, slug, fn)


@pytest.fixture
def sign_in(make_user, auth):
    """sign_in(role, username=None, office=OFFICE) -> user id, that user signed in."""
    counter = iter(range(1, 10_000))

    def login(role: str, username: str | None = None, office: str = OFFICE) -> int:
        username = username or f"{role}.masuk{next(counter)}"
        user_id = make_user(role, office=office, username=username)
        assert auth.login(username, office, PASSWORD).status_code == 302
        return user_id

    return login


@pytest.fixture
def add_client(office_run):
    """add_client(name, office=OFFICE, **fields) -> id of a client under guidance 2024–2027."""
    counter = iter(range(1, 10_000))

    def make(name: str, office: str = OFFICE, **fields) -> int:
        n = next(counter)
        birth = fields.pop("birth_date", date(1990, 5, 15))
        values = {
            "register_number": f"PB-UJI-{n:03d}",
            "name": name,
            "nik": nik_for(birth, n),
            "sex": "L",
            "birth_date": birth,
            "offence": "pencurian",
            "program": "pb",
            "guidance_start": date(2024, 1, 8),
            "guidance_end": date(2027, 1, 8),
            **fields,
        }
        return office_run(office, lambda: create_client(**values).id)

    return make


@pytest.fixture
def as_user(office_run):
    """as_user(user_id, fn, office=OFFICE): fn(user) in the office scope, committed."""

    def run(user_id: int, fn, office: str = OFFICE):
        def inner():
            user = db.session.scalar(select(User).where(User.id == user_id))
            return fn(user)

        return office_run(office, inner)

    return run
