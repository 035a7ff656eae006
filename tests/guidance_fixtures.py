"""Fixtures shared by the Litmas, guidance-session and outcome tests.

Test modules import the fixtures they use by name (pytest registers imported fixtures).
"""

from __future__ import annotations

import pytest
from conftest import PASSWORD
from isolation_fixtures import _in_office, _make_client
from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db

OFFICE = "purwokerto"


@pytest.fixture
def in_office(app):
    """in_office(fn, slug=OFFICE) runs fn() in that office's scope, commits, returns."""
    return lambda fn, slug=OFFICE: _in_office(app, slug, fn)


@pytest.fixture
def count(in_office):
    """count(Model, slug=OFFICE) -> rows of that office."""
    return lambda model, slug=OFFICE: in_office(
        lambda: db.session.scalar(select(func.count(model.id))), slug
    )


@pytest.fixture
def new_client(app):
    """new_client(n, slug=OFFICE, **fields) -> id of a client with a unique register/NIK."""

    def make(n: int = 1, slug: str = OFFICE, **fields) -> int:
        values = {
            "register_number": f"PB-UJI-{n:03d}",
            "nik": f"3302011505900{n:03d}",
            "name": f"Klien Uji {n}",
            **fields,
        }
        return _make_client(app, slug, **values)

    return make


@pytest.fixture
def login_as(make_user, auth):
    """login_as(role, username) -> user id, signed in to OFFICE."""

    def login(role: str, username: str | None = None, office: str = OFFICE) -> int:
        username = username or f"{role}.uji"
        user_id = make_user(role, office=office, username=username, full_name=f"Uji {username}")
        assert auth.login(username, office, PASSWORD).status_code == 302
        return user_id

    return login


def user_name(app, user_id: int, slug: str = OFFICE) -> str:
    return _in_office(app, slug, lambda: db.session.get(User, user_id).full_name)
