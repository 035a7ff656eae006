"""An API token answers only while the national officer who made it may (issue 14, 1)."""

from __future__ import annotations

import pytest
from conftest import Auth
from sqlalchemy import update

from portal.auth.models import User
from portal.extensions import db
from portal.tenancy import all_offices

API = "/api/v1/indikator/perbandingan?periode=2025"


def _token(client) -> str:
    national = Auth(client)
    page = national.post(
        "/pusat/token-api/", {"name": "Dasbor", "days": 30}, form_page="/pusat/token-api/"
    )
    return page.get_data(as_text=True).split('data-testid="api-token">')[1].split("<")[0]


def _answer(app, token: str) -> int:
    return app.test_client().get(API, headers={"Authorization": f"Bearer {token}"}).status_code


def test_deactivating_the_maker_silences_the_token(app, make_user):
    officer = make_user("national", username="ditjen.token")
    make_user("sysadmin", username="root")
    client = app.test_client()
    assert Auth(client).login("ditjen.token").status_code == 302
    token = _token(client)
    assert _answer(app, token) == 200
    root = Auth(app.test_client())
    root.login("root")
    root.post(f"/admin/akun/{officer}/nonaktifkan", form_page="/admin/")
    assert _answer(app, token) == 401
    root.post(f"/admin/akun/{officer}/aktifkan", form_page="/admin/")
    assert _answer(app, token) == 200


@pytest.mark.parametrize("role", ["regional", "sysadmin"])
def test_a_maker_no_longer_national_silences_the_token(app, make_user, role):
    officer = make_user("national", username="ditjen.token")
    client = app.test_client()
    assert Auth(client).login("ditjen.token").status_code == 302
    token = _token(client)
    with app.app_context(), all_offices("test"):
        db.session.execute(
            update(User).where(User.id == officer).values(role=role, region_id=None)
            if role == "sysadmin"
            else update(User).where(User.id == officer).values(role=role, region_id=1)
        )
        db.session.commit()
    assert _answer(app, token) == 401
