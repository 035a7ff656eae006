"""Test fixtures: every test runs against a real database with the migrated schema.

SQLite always; PostgreSQL too when TEST_DATABASE_URL names an owner connection
(`.ci/run` does). There the app connects as a login role that is only a member of
the app role, so row-level security applies to it exactly as in production.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, event, make_url, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from werkzeug.serving import make_server

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db

# Factory fixtures of later modules, shared by their test files.
pytest_plugins = ["training_factories"]

# Tests write the office's "today" as date.today(). The founding offices but Mataram keep
# WIB, whose date runs ahead of UTC's from 17:00 UTC: on a UTC machine, tests run in the
# evening would compare yesterday with the office's today. So the suite runs in WIB.
os.environ["TZ"] = "Asia/Jakarta"
time.tzset()

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
PG_LOGIN_ROLE = "bapas_portal_test"
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "Kata-Sandi-Uji-2026"


def _remember_url_builders() -> None:
    """Every test makes its own app, and werkzeug compiles two URL-building functions
    for each of its ~360 rules by generating and compiling Python code: 0.3-1 s of every
    test's setup. The code depends only on the rule's text, defaults and whether unknown
    arguments are appended, so one compiled function serves the same rule in every app.
    """
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    builders: dict = {}

    def remembered(self, append_unknown: bool = True):
        key = (
            self.rule,
            append_unknown,
            tuple(self._trace),
            repr(sorted((self.defaults or {}).items())),
        )
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = remembered


_remember_url_builders()


@event.listens_for(Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, _record) -> None:
    """A test database lives for one test: SQLite need not wait for the disk at each
    commit (18 ms each on this machine's disk, 0.2 ms without), as PostgreSQL's test
    database does not (synchronous_commit = off below). Transactions and locking are
    unchanged."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous = OFF")


def pytest_configure(config):
    if os.environ.get("CI") == "true" and not PG_URL:
        pytest.exit("CI must run the PostgreSQL half of the suite: set TEST_DATABASE_URL", 2)
    if os.environ.get("CI") == "true" and not Path(CHROMIUM).exists():
        pytest.exit(f"CI must run the browser tests: {CHROMIUM} is missing", 2)
    if not hasattr(config, "workerinput"):  # once, in the controlling process
        _compile_translations()


def _compile_translations() -> None:
    """Pages are tested in both languages, so the catalogues must be compiled."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in Path("portal/translations").glob("*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)


def _migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


def _sync_tenants() -> None:
    from portal.offices.loader import load_all
    from portal.offices.operations import sync_offices

    sync_offices(load_all())


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "portal.sqlite"
    _migrate(create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}))
    return path


@pytest.fixture(scope="session")
def postgres_urls():
    """Create a fresh test database, migrate it as owner, yield (owner, app) URLs.

    The database name carries the process id, so two runs on one server (a developer
    and CI, or two worktrees) never drop each other's database.
    """
    if not PG_URL:  # session-scoped, so made before a test's pg_app could skip it
        pytest.skip("set TEST_DATABASE_URL to run the PostgreSQL-only tests")
    base = make_url(PG_URL)
    owner = base.set(database=f"{base.database}_{os.getpid()}")
    admin = create_engine(
        base.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{owner.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{owner.database}"'))
            # Tests need no durability: commits need not wait for the disk.
            conn.execute(text(f'ALTER DATABASE "{owner.database}" SET synchronous_commit = off'))
    except Exception as exc:  # an unreachable server must fail, never skip
        pytest.exit(f"PostgreSQL at {owner.host}:{owner.port} is unreachable: {exc}", 3)
    owner_url = owner.render_as_string(hide_password=False)
    _migrate(
        create_app(
            {
                **_config_dict(),
                "SQLALCHEMY_DATABASE_URI": owner_url,
                "MIGRATION_DATABASE_URL": owner_url,
            }
        )
    )
    engine = create_engine(owner, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text(
                f"DO $$ BEGIN CREATE ROLE {PG_LOGIN_ROLE} LOGIN; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            )
        )
        conn.execute(text(f"GRANT {TestConfig.DB_APP_ROLE} TO {PG_LOGIN_ROLE}"))
    engine.dispose()
    yield owner_url, owner.set(username=PG_LOGIN_ROLE).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{owner.database}" WITH (FORCE)'))
    admin.dispose()


def _config_dict() -> dict:
    return {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}


def _truncate_all(owner_url: str) -> None:
    """Empty every table and restart every sequence, as a freshly migrated database.

    DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes new files for all
    tables and indexes (1-2 s a test, a third of the PostgreSQL half), DELETE 0.1-0.3 s.
    As the owner in replica mode, foreign keys are not checked row by row (every table
    is emptied) and, like TRUNCATE, no trigger fires.
    """
    engine = create_engine(owner_url, poolclass=NullPool)
    with engine.begin() as conn:
        tables = conn.scalars(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ).all()
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        deletes = "; ".join(f'DELETE FROM "{table}"' for table in tables)  # noqa: S608 - catalogue names
        conn.execute(text(deletes))
        conn.execute(
            text(
                "SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s "
                "JOIN pg_class c ON c.oid = s.seqrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
            )
        )
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_uri(backend, request, tmp_path) -> str:
    if backend == "sqlite":
        path = tmp_path / "portal.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    owner_url, app_url = request.getfixturevalue("postgres_urls")
    _truncate_all(owner_url)
    return app_url


class _TemplateCode(BytecodeCache):
    """Compiled templates, kept for the whole test process. Each test's app has a Jinja
    environment of its own, which compiled every template it rendered again: a third of
    a page test's time. Jinja checks each template's source before using its code."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = _TemplateCode()


def _make_app(database_uri: str):
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": database_uri})
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    with app.app_context():
        _sync_tenants()
        db.session.remove()
    return app


@pytest.fixture
def app(database_uri):
    app = _make_app(database_uri)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def pg_app(request):
    """An app on PostgreSQL only, for row-level-security tests (CI always has one)."""
    if not PG_URL:
        pytest.skip("set TEST_DATABASE_URL to run the PostgreSQL-only tests")
    owner_url, app_url = request.getfixturevalue("postgres_urls")
    _truncate_all(owner_url)
    app = _make_app(app_url)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def office(app) -> Callable:
    """office('purwokerto') -> the Office row."""
    from portal.offices.models import Office

    def get(slug: str):
        with app.app_context():
            found = db.session.scalar(select(Office).where(Office.slug == slug))
            db.session.expunge_all()
            return found

    return get


@pytest.fixture
def make_user(request) -> Callable:
    """make_user('pk', office='purwokerto') -> the new user's id (password PASSWORD)."""
    app = request.getfixturevalue("pg_app" if "pg_app" in request.fixturenames else "app")
    from portal.auth.operations import create_user
    from portal.offices.models import Office, Region
    from portal.tenancy import all_offices, office_scope

    counter = iter(range(1, 10_000))

    def make(
        role: str,
        office: str | None = None,
        region: str | None = None,
        username: str | None = None,
        full_name: str | None = None,
    ) -> int:
        username = username or f"{role}{next(counter)}"
        with app.app_context():
            off = db.session.scalar(select(Office).where(Office.slug == office)) if office else None
            reg = db.session.scalar(select(Region).where(Region.code == region)) if region else None
            scope = office_scope(off.id) if off else all_offices("test factory")
            with scope:
                user = create_user(
                    username=username,
                    full_name=full_name or f"Uji {username}",
                    role=role,
                    password=PASSWORD,
                    office=off,
                    region=reg,
                    must_change_password=False,
                )
                db.session.commit()
                user_id = user.id
            db.session.remove()
            return user_id

    return make


CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token(client, path: str) -> str:
    page = client.get(path)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, office: str | None = None, password: str = PASSWORD):
        path = f"/{office}/login" if office else "/pusat/login"
        token = csrf_token(self.client, path)
        return self.client.post(
            path, data={"csrf_token": token, "username": username, "password": password}
        )

    def logout(self):
        token = csrf_token(self.client, "/")
        return self.client.post("/logout", data={"csrf_token": token})

    def post(self, path: str, data: dict | None = None, form_page: str | None = None, **kw):
        """POST with a CSRF token taken from `form_page` (default: the same path, or /)."""
        token = csrf_token(self.client, form_page or "/")
        return self.client.post(path, data={"csrf_token": token, **(data or {})}, **kw)


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def national(make_user, auth):
    """Signed in as a national officer (Ditjenpas)."""
    make_user("national", username="ditjen")
    auth.login("ditjen")
    return auth


# --- browser tests (Debian's Chromium through Playwright; never `playwright install`) ---

# Another path for a machine that keeps Chromium elsewhere (or none, to try the skip).
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


NO_BROWSER = (
    f"browser tests skipped: Debian's Chromium is not installed ({CHROMIUM}); "
    "`apt-get install chromium` runs them (CI always does)"
)


def pytest_collection_modifyitems(config, items):
    """Browser tests run once, on SQLite: they drive pages, and the PostgreSQL half of every
    other test covers what the database does (running them twice cost a quarter of the
    suite's time). Without Chromium (a fresh machine), they are skipped, visibly; CI has it
    (pytest_configure refuses to start there without it)."""
    _browser_tests_once(config, items)
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=NO_BROWSER)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _browser_tests_once(config, items) -> None:
    ids = {item.nodeid for item in items}
    twins = [
        item
        for item in items
        if "browser" in item.keywords
        and "[postgresql" in item.nodeid
        and item.nodeid.replace("[postgresql", "[sqlite") in ids
    ]
    if twins:
        config.hook.pytest_deselected(items=twins)
        items[:] = [item for item in items if item not in twins]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not Path(CHROMIUM).exists():  # also under xdist, where workers collect
        terminalreporter.write_sep("!", NO_BROWSER, yellow=True, bold=True)


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def sign_in(page, base: str, username: str, area: str = "pusat") -> None:
    """Sign in through the login page of `area` (an office slug, or "pusat" for central
    accounts) and wait for its home page."""
    page.goto(f"{base}/{area}/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/{area}/")


@pytest.fixture(scope="session")
def _chromium():
    """One Chromium per test process: starting it took 1-2 s of every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_chromium):
    """A page in a context of its own: no cookie, storage or cache from another test."""
    context = _chromium.new_context(locale="id-ID")
    yield context.new_page()
    context.close()
