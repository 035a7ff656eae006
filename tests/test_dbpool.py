"""Pooled connections cut by the server while idle are replaced before a request uses
them (portal/dbpool.py): no error page after a database restart."""

from __future__ import annotations

from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from portal import dbpool
from portal.extensions import db


def test_an_idle_connection_cut_by_the_server_is_replaced(pg_app, postgres_urls, monkeypatch):
    owner_url, _ = postgres_urls
    with pg_app.app_context():
        engine = db.engine
        engine.dispose()
        with engine.connect() as conn:
            pid = conn.scalar(select(text("pg_backend_pid()")))
        owner = create_engine(owner_url, poolclass=NullPool)
        with owner.connect() as admin:
            assert admin.scalar(select(text(f"pg_terminate_backend({pid})")))
        owner.dispose()
        monkeypatch.setattr(dbpool, "IDLE_SECONDS", 0.0)  # it has sat idle long enough
        with engine.connect() as conn:
            assert conn.scalar(select(text("pg_backend_pid()"))) != pid


def test_only_a_connection_idle_for_a_while_is_pinged(app, monkeypatch):
    pings = []
    real_ping = dbpool._ping
    monkeypatch.setattr(dbpool, "_ping", lambda c: (pings.append(c), real_ping(c)))
    with app.app_context():
        engine = db.engine
        for _ in range(3):  # handed back moments ago: trusted
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        assert pings == []
        monkeypatch.setattr(dbpool, "IDLE_SECONDS", 0.0)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT 2")) == 2
        assert len(pings) == 1
