"""Signing in and out: generic failures, throttling, server-side session ending."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, Auth, csrf_token
from sqlalchemy import select

from portal import create_app
from portal.auth.models import LoginAttempt
from portal.config import Config
from portal.extensions import db

GENERIC = "Nama pengguna atau kata sandi salah"


def test_office_user_signs_in_to_own_office_only(client, auth, make_user):
    make_user("pk", office="purwokerto", username="sari", full_name="Sari Wulandari")
    response = auth.login("sari", "purwokerto")
    assert response.status_code == 302 and response.headers["Location"] == "/purwokerto/"
    page = client.get("/purwokerto/").get_data(as_text=True)
    assert "Bapas Kelas II Purwokerto" in page and "Sari Wulandari" in page
    assert client.get("/tangerang/").status_code == 404


def test_account_of_one_office_cannot_sign_in_at_another(auth, make_user):
    make_user("pk", office="purwokerto", username="sari")
    response = auth.login("sari", "tangerang")
    assert response.status_code == 200 and GENERIC in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "username,password", [("sari", "salah-sekali-123"), ("tidakada", PASSWORD)]
)
def test_failure_message_is_generic(auth, make_user, username, password):
    make_user("pk", office="purwokerto", username="sari")
    body = auth.login(username, "purwokerto", password).get_data(as_text=True)
    assert GENERIC in body


def test_lockout_is_counted_in_the_database(app, auth, make_user):
    make_user("pk", office="purwokerto", username="sari")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        auth.login("sari", "purwokerto", "salah-sekali-123")
    with app.app_context():
        row = db.session.get(LoginAttempt, "purwokerto:sari")
        assert row.locked_until is not None
    # Even the right password is refused while locked, from a fresh client (another worker).
    other = Auth(app.test_client())
    response = other.login("sari", "purwokerto", PASSWORD)
    assert response.status_code == 200 and GENERIC in response.get_data(as_text=True)


def test_logout_ends_the_session_on_the_server(app, client, auth, make_user):
    make_user("pk", office="purwokerto", username="sari")
    auth.login("sari", "purwokerto")
    with client.session_transaction() as stolen:
        cookie_copy = dict(stolen)
    auth.logout()
    replay = app.test_client()
    with replay.session_transaction() as sess:
        sess.update(cookie_copy)
    assert replay.get("/purwokerto/").status_code == 302  # back to login


def test_password_change_ends_other_sessions(app, client, auth, make_user):
    make_user("pk", office="purwokerto", username="sari")
    auth.login("sari", "purwokerto")
    laptop = app.test_client()
    Auth(laptop).login("sari", "purwokerto")
    path = "/purwokerto/akun/password"
    new = "Sandi-Baru-Yang-Panjang-9"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "current_password": PASSWORD,
            "new_password": new,
            "confirm": new,
        },
    )
    assert response.status_code == 302
    assert client.get("/purwokerto/").status_code == 200  # this session stays
    assert laptop.get("/purwokerto/").status_code == 302  # the other one ended
    assert Auth(app.test_client()).login("sari", "purwokerto", new).status_code == 302


def test_weak_new_password_is_refused_in_indonesian(client, auth, make_user):
    make_user("pk", office="purwokerto", username="sari")
    auth.login("sari", "purwokerto")
    path = "/purwokerto/akun/password"
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "current_password": PASSWORD,
            "new_password": "pendek",
            "confirm": "pendek",
        },
    )
    assert response.status_code == 200
    assert "Kata sandi minimal" in response.get_data(as_text=True)


def test_deactivation_ends_open_sessions(app, client, auth, make_user):
    make_user("admin", office="purwokerto", username="admin")
    victim = make_user("pk", office="purwokerto", username="sari")
    laptop = app.test_client()
    Auth(laptop).login("sari", "purwokerto")
    auth.login("admin", "purwokerto")
    response = auth.post(
        f"/purwokerto/pengguna/{victim}/nonaktifkan", form_page="/purwokerto/pengguna/"
    )
    assert response.status_code == 302
    assert laptop.get("/purwokerto/").status_code == 302
    assert GENERIC in Auth(app.test_client()).login("sari", "purwokerto").get_data(as_text=True)


def test_state_changes_need_post_and_csrf(client, auth, make_user):
    make_user("pk", office="purwokerto", username="sari")
    auth.login("sari", "purwokerto")
    assert client.get("/logout").status_code != 200  # GET never signs out
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert client.get("/purwokerto/").status_code == 200  # still signed in


def test_central_officer_signs_in_centrally(client, auth, make_user):
    make_user("national", username="dirjen")
    assert auth.login("dirjen", "purwokerto").status_code == 200  # not an office account
    response = auth.login("dirjen")
    assert response.status_code == 302 and response.headers["Location"] == "/pusat/"


def test_open_redirect_is_refused(client, make_user):
    make_user("pk", office="purwokerto", username="sari")
    path = "/purwokerto/login?next=//evil.example/x"
    token = csrf_token(client, path)
    response = client.post(
        path, data={"csrf_token": token, "username": "sari", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/purwokerto/"


def test_production_refuses_weak_secret(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": "changeme", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_cookies_and_hashing_are_strict(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    app = create_app(
        {"SECRET_KEY": "x" * 48, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_PROTECTION"] == "strong"
    with app.app_context():
        from portal.auth.passwords import hash_password

        hashed = hash_password("Kata-Sandi-Uji-2026")
    # OWASP ASVS 11.4.2: argon2id with at least 19 MiB and two passes.
    params = dict(kv.split("=") for kv in hashed.split("$")[3].split(","))
    assert hashed.startswith("$argon2id$")
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2
    assert Config.ARGON2_MEMORY_COST >= 19 * 1024


def test_signing_in_rehashes_a_password_made_with_older_parameters(app, auth, make_user):
    """Changing the argon2 parameters reaches every account at its next sign-in."""
    from portal.auth.models import User
    from portal.tenancy import all_offices

    user_id = make_user("pk", office="purwokerto", username="pk.lama")

    def stored() -> str:
        with app.app_context(), all_offices("test"):
            return db.session.get(User, user_id).password_hash

    old = stored()
    assert "m=1024,t=1" in old
    app.config.update(ARGON2_MEMORY_COST=2048, ARGON2_TIME_COST=2)
    assert auth.login("pk.lama", "purwokerto").status_code == 302
    assert "m=2048,t=2" in stored()
    auth.logout()
    assert auth.login("pk.lama", "purwokerto").status_code == 302  # the new hash verifies


def test_must_change_temporary_password_first(app, client, auth, make_user):
    admin = make_user("admin", office="purwokerto", username="admin")
    assert admin
    auth.login("admin", "purwokerto")
    page = auth.post(
        "/purwokerto/pengguna/baru",
        {"username": "baru", "full_name": "Dewi Lestari", "role": "viewer", "nip": ""},
        form_page="/purwokerto/pengguna/baru",
    )
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="temporary-password"' in body
    temporary = body.split('data-testid="temporary-password">')[1].split("<")[0]
    fresh = app.test_client()
    assert Auth(fresh).login("baru", "purwokerto", temporary).status_code == 302
    assert fresh.get("/purwokerto/").headers["Location"].endswith("/purwokerto/akun/password")
    with app.app_context():
        assert db.session.scalar(select(LoginAttempt).where(LoginAttempt.failures > 0)) is None


def test_a_failed_sign_in_elsewhere_keeps_the_signed_in_page_working(app, client, make_user):
    """An office user who tries the central (or another office's) sign-in and fails gets
    the refusal, not an error: the page still shows who is signed in."""
    make_user("pk", office="tangerang", username="pk.tangerang")
    auth = Auth(client)
    assert auth.login("pk.tangerang", "tangerang").status_code == 302
    for path in ("/pusat/login", "/purwokerto/login"):
        token = csrf_token(client, path)
        answer = client.post(path, data={"csrf_token": token, "username": "x", "password": "y"})
        assert answer.status_code == 200, path
        assert "Nama pengguna atau kata sandi salah" in answer.get_data(as_text=True)
