"""Configuration classes. `create_app` picks one from PORTAL_ENV (production by default)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# Secrets that must never run a production portal: empty, short, or copied from docs.
_WEAK_SECRETS = {"", "dev", "changeme", "secret", "ganti-saya", "development"}


def with_driver(url: str) -> str:
    """`postgresql://` and `postgres://` URLs name no driver, and SQLAlchemy would then
    look for psycopg2: the portal uses psycopg 3."""
    if url.startswith("postgres://"):  # Heroku-style
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _database_url(default_file: str) -> str:
    return (
        with_driver(os.environ.get("DATABASE_URL", ""))
        or f"sqlite:///{INSTANCE_DIR / default_file}"
    )


class Config:
    """Production settings: the safe defaults every other config starts from."""

    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = _database_url("portal.sqlite")
    # Owner connection for `flask db upgrade` on PostgreSQL; the app itself connects
    # through DATABASE_URL as a role that owns no table, so row-level security binds it.
    MIGRATION_DATABASE_URL = with_driver(os.environ.get("MIGRATION_DATABASE_URL", ""))
    # The PostgreSQL role the migrations grant data privileges to; the app's login
    # role is a member of it. It owns no table, so row-level security binds it.
    DB_APP_ROLE = os.environ.get("DB_APP_ROLE", "bapas_app")

    SESSION_COOKIE_NAME = "bapas_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600  # one working day
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    SESSION_PROTECTION = "strong"
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Browsers that once reached the portal over HTTPS never try plain http again.
    HSTS_SECONDS = 365 * 24 * 3600

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")

    # argon2id parameters: OWASP's recommended m=19 MiB, t=2, p=1 (ASVS 11.4.2 minimum).
    # Signing in costs one hash; at the earlier m=64 MiB, t=3, p=2 that was ~0.7 s of
    # both cores per sign-in, and 20 people signing in at once waited 10 s at the median
    # (bench/signin.py). Stored hashes with other parameters are redone at sign-in.
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19 * 1024  # KiB
    ARGON2_PARALLELISM = 1

    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_SECONDS = 15 * 60
    PASSWORD_MIN_LENGTH = 10

    MAX_CONTENT_LENGTH = 30 * 1024 * 1024  # an import upload and its form fields
    PAGE_CACHE = True  # keep rendered worklists, client lists and case files (pagecache.py)
    # Trust a signed-in session again without a query until its office changes, as
    # PostgreSQL tells (officewatch.py, auth/sessioncache.py); no effect on SQLite.
    OFFICE_WATCH = True

    # Spreadsheet imports (portal/transfer): limits checked before a file is parsed.
    # 100,000 rows (the row limit) of the client template make an .xlsx of about 13 MB.
    IMPORT_MAX_BYTES = 25 * 1024 * 1024
    IMPORT_MAX_ROWS = 100_000
    IMPORT_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # an .xlsx is a zip: inflated size limit
    IMPORT_MAX_RATIO = 100  # inflated / compressed; zip bombs reach thousands
    IMPORT_BACKGROUND_ROWS = 2000  # larger files are imported in a thread, with progress
    IMPORT_BACKGROUND_BYTES = 1024 * 1024  # larger uploads are checked in a thread (~7,500 rows)
    IMPORT_UPLOAD_DIR = os.environ.get("IMPORT_UPLOAD_DIR", "")  # default instance/uploads

    # Demo data size: `flask demo seed` makes this many clients in every office;
    # every other demo record (reports, trainings...) scales with them.
    DEMO_CLIENTS_PER_OFFICE = 300
    # And files closed more than a year ago (portal.clients.demo.PAST_SHARE), times this.
    DEMO_CLOSED_SCALE = 1.0

    @classmethod
    def check(cls, config: dict) -> None:
        """Refuse to start production with a secret anyone could guess."""
        key = config.get("SECRET_KEY") or ""
        if key.lower() in _WEAK_SECRETS or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY is missing or weak: set a random value of at least 32 characters "
                "(python -c 'import secrets; print(secrets.token_hex(32))')."
            )


def _instance_secret() -> str:
    """A per-checkout random key for development, kept so sessions survive restarts."""
    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / "dev_secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or _instance_secret()
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS_SECONDS = 0

    @classmethod
    def check(cls, config: dict) -> None:
        pass


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-use-0123456789"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS_SECONDS = 0
    # Cheap hashing keeps the suite fast; production parameters are checked separately.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    DEMO_CLIENTS_PER_OFFICE = 60  # the same generator at a size tests can afford
    DEMO_CLOSED_SCALE = 0.25

    @classmethod
    def check(cls, config: dict) -> None:
        pass


CONFIGS = {"production": Config, "development": DevelopmentConfig, "test": TestConfig}
