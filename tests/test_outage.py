"""While the database is down the portal answers its own 503 page (issue 14, 8).

The page needs no database (not the signed-in account, not the office), speaks the
user's language, and tells a proxy when to try again; /healthz and /readyz tell a
proxy whether the process is alive and whether it reaches its database.
"""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from conftest import Auth, _config_dict, csrf_token
from sqlalchemy import event

from portal import create_app
from portal.extensions import db

UNREACHABLE = "postgresql+psycopg://bapas@127.0.0.1:1/bapas"


def _stop_database(app) -> None:
    """Every connection the app opens from now on fails, as with a stopped server."""
    with app.app_context():
        engine = db.engine
        error = (
            psycopg.OperationalError
            if engine.dialect.name == "postgresql"
            else sqlite3.OperationalError
        )

        @event.listens_for(engine, "do_connect")
        def refuse(*args):
            raise error("connection refused: the database server is not running")

        engine.dispose()


def _english(client) -> None:
    page = client.get("/pusat/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/bahasa", data={"csrf_token": token, "lang": "en", "next": "/"})


def test_an_unreachable_database_gets_the_portals_own_503_page():
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": UNREACHABLE})
    client = app.test_client()
    for path in ("/", "/purwokerto/login", "/purwokerto/klien/"):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == "30"
        assert "Sementara tidak tersedia" in body and 'data-testid="unavailable"' in body
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503


def test_stopping_the_database_under_a_running_app(app, make_user):
    make_user("admin", office="purwokerto", username="admin")
    client = app.test_client()
    assert Auth(client).login("admin", "purwokerto").status_code == 302
    _english(client)
    assert client.get("/purwokerto/pengguna/").status_code == 200
    assert client.get("/readyz").status_code == 200
    token = csrf_token(client, "/purwokerto/pengguna/baru")
    _stop_database(app)
    for method, path in (
        ("GET", "/purwokerto/pengguna/"),
        ("GET", "/purwokerto/klien/?q=Budi"),
        ("POST", "/purwokerto/pengguna/baru"),
    ):
        response = client.open(path, method=method, data={"csrf_token": token, "username": "x"})
        body = response.get_data(as_text=True)
        assert response.status_code == 503, (method, path, body[:500])
        assert "Temporarily unavailable" in body, body[:800]  # in the user's language
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_503_page_is_translated(lang):
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": UNREACHABLE})
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = lang
    body = client.get("/purwokerto/").get_data(as_text=True)
    expected = "Temporarily unavailable" if lang == "en" else "Sementara tidak tersedia"
    assert expected in body
