"""The browser's signed session cookie, re-signed only when it needs to be.

A permanent Flask session slides its expiry (PERMANENT_SESSION_LIFETIME, one working
day) by re-signing the cookie on every response: JSON, zlib, HMAC and a fresh
serializer each time, about 3% of a busy server's CPU. Here a cookie unchanged by the
request is re-signed only once it is REFRESH_AFTER old, so the working day still
slides, to within a few minutes; a changed session is signed at once, as before.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

REFRESH_AFTER = timedelta(minutes=5)


class Session(SecureCookieSession):
    issued: datetime | None = None  # when the cookie it was read from was signed


class SessionInterface(SecureCookieSessionInterface):
    session_class = Session

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, made once per set of keys instead of once per use (it
        keeps no state between calls)."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        found = self._serializers.get(keys)
        if found is None:
            found = super().get_signing_serializer(app)
            if found is not None:
                self._serializers[keys] = found
        return found

    def open_session(self, app: Flask, request: Request) -> Session | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, issued = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.issued = issued
        return session

    def should_set_cookie(self, app: Flask, session: Session) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        issued = getattr(session, "issued", None)
        return issued is None or datetime.now(UTC) - issued >= REFRESH_AFTER
