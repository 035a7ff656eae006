"""What the benchmarks share: a fresh PostgreSQL database, migrated, with the app's role."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, make_url, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

LOGIN_ROLE = "bapas_portal_bench"


def fresh_database(url: str) -> str:
    """Drop and create the database named in the owner URL; return the URL."""
    target = make_url(url)
    admin = create_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    return target.render_as_string(hide_password=False)


def migrate_with_app_role(owner_url: str) -> str:
    """Migrate as the owner; return the URL of a login role that is only an app-role
    member, so the benchmark runs under row-level security as production does."""
    from flask_migrate import upgrade

    from portal import create_app

    os.environ.setdefault("PORTAL_ENV", "development")
    app = create_app({"SQLALCHEMY_DATABASE_URI": owner_url, "MIGRATION_DATABASE_URL": owner_url})
    with app.app_context():
        upgrade()
        role = app.config["DB_APP_ROLE"]
    engine = create_engine(owner_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text(
            f"DO $$ BEGIN CREATE ROLE {LOGIN_ROLE} LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        ))
        conn.execute(text(f"GRANT {role} TO {LOGIN_ROLE}"))
    engine.dispose()
    return make_url(owner_url).set(username=LOGIN_ROLE).render_as_string(hide_password=False)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, int(round(0.95 * len(ordered))) - 1)],
        "max": ordered[-1],
    }
