"""Factories for partner and training tests: build records through the operations."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.clients.operations import create_client
from portal.extensions import db

OFFICE = "purwokerto"


def nik_for(birth: date, n: int, sex: str = "L") -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"330201{day:02d}{birth.month:02d}{birth.year % 100:02d}{n:04d}"


@pytest.fixture
def new_client(in_office):
    """new_client(name, office=OFFICE, **fields) -> id of a client under guidance 2024–2027."""
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
        return in_office(office, lambda: _commit(create_client(**values)).id)

    return make


def _commit(obj):
    db.session.commit()
    return obj


@pytest.fixture
def as_user(in_office):
    """as_user(user_id, fn, office=OFFICE): fn(user) in the office scope, committed."""

    def run(user_id: int, fn, office: str = OFFICE):
        def inner():
            user = db.session.scalar(select(User).where(User.id == user_id))
            result = fn(user)
            db.session.commit()
            return result

        return in_office(office, inner)

    return run
