"""The session cookie: re-signed when the session changes or once it is a few minutes
old (the working day slides), not on every response; still refused once expired."""

from __future__ import annotations

import time
from datetime import timedelta

from conftest import PASSWORD

from portal.auth import cookie

OFFICE = "purwokerto"


def _sets_session_cookie(response) -> bool:
    return any(c.startswith("bapas_session=") for c in response.headers.getlist("Set-Cookie"))


def _signed_in(make_user, auth) -> None:
    make_user("pk", office=OFFICE, username="pk_cookie")
    assert auth.login("pk_cookie", OFFICE, PASSWORD).status_code == 302
    auth.client.get(f"/{OFFICE}/")  # the first page stores its CSRF secret: a change


def test_an_unchanged_fresh_cookie_is_not_signed_again(app, make_user, auth):
    _signed_in(make_user, auth)
    response = auth.client.get(f"/{OFFICE}/klien/")
    assert response.status_code == 200 and not _sets_session_cookie(response)


def test_an_older_cookie_is_signed_again_so_the_day_slides(app, make_user, auth, monkeypatch):
    _signed_in(make_user, auth)
    monkeypatch.setattr(cookie, "REFRESH_AFTER", timedelta(0))
    response = auth.client.get(f"/{OFFICE}/klien/")
    assert _sets_session_cookie(response)
    assert auth.client.get(f"/{OFFICE}/klien/").status_code == 200  # the new one works


def test_an_expired_cookie_signs_the_browser_out(app, make_user, auth):
    _signed_in(make_user, auth)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    time.sleep(2.1)
    response = auth.client.get(f"/{OFFICE}/klien/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
