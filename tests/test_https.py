"""In production the portal says that it needs HTTPS, and keeps browsers on it (issue 14, 11)."""

from __future__ import annotations

import shutil

import pytest
from conftest import CSRF_RE, _sync_tenants

from portal import create_app
from portal.extensions import db


@pytest.fixture
def production(monkeypatch, tmp_path, sqlite_template):
    monkeypatch.setenv("PORTAL_ENV", "production")
    path = tmp_path / "portal.sqlite"
    shutil.copyfile(sqlite_template, path)
    app = create_app({"SECRET_KEY": "k" * 48, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        _sync_tenants()
        db.session.remove()
    return app


def _sign_in(app, base_url: str):
    """What a browser does: read the form, send it back (a Secure cookie only over https)."""
    browser = app.test_client()
    page = browser.get("/purwokerto/login", base_url=base_url)
    token = CSRF_RE.search(page.get_data(as_text=True)).group(1)
    if base_url.startswith("http://"):
        browser = app.test_client()  # the browser withholds the Secure session cookie
    data = {"csrf_token": token, "username": "admin", "password": "salah-sekali-12"}
    referer = {"Referer": f"{base_url}/purwokerto/login"}
    return browser.post("/purwokerto/login", data=data, base_url=base_url, headers=referer)


def test_signing_in_over_plain_http_says_https_is_required(production):
    response = _sign_in(production, "http://portal.example")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "hanya dapat dipakai melalui HTTPS" in body
    assert "https://portal.example/purwokerto/login" in body
    assert "Formulir kedaluwarsa" not in body


def test_over_https_the_form_is_checked_as_usual(production):
    response = _sign_in(production, "https://portal.example")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_production_answers_carry_strict_transport_security(production, app):
    answer = production.test_client().get("/purwokerto/login", base_url="https://portal.example")
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"
    # A development or test portal on http://127.0.0.1 must not pin the browser to https.
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers
