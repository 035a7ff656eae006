"""Sign-in time under gunicorn (2 workers x 4 threads) on PostgreSQL: alone and 20 at once.

Creates a fresh database (BENCH_DATABASE_URL, owner rights; default bapas_signin), one
office with 20 accounts hashed with the portal's own argon2id parameters, then times the
sign-in POST (CSRF token already read) one at a time and with 20 people at once. Prints
p50/p95; it asserts nothing (ASVS 11.4.2 target: p95 < 300 ms alone, < 1.5 s with 20).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from common import (
    PASSWORD,
    USER_AGENT,
    free_port,
    fresh_database,
    migrate_with_app_role,
    percentiles,
    serve,
)

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bapas_signin"
PEOPLE = 20


def accounts(owner_url: str) -> None:
    """The office and its accounts, hashed as the running portal hashes them."""
    from portal import create_app
    from portal.auth.operations import create_user
    from portal.extensions import db
    from portal.offices.loader import load_all
    from portal.offices.models import Office
    from portal.offices.operations import sync_offices
    from portal.tenancy import office_scope

    app = create_app({"SQLALCHEMY_DATABASE_URI": owner_url})
    with app.app_context():
        sync_offices(load_all())
        office = db.session.query(Office).filter_by(slug="purwokerto").one()
        with office_scope(office.id):
            for n in range(1, PEOPLE + 1):
                create_user(
                    username=f"pk{n}",
                    full_name=f"PK Uji {n}",
                    role="pk",
                    password=PASSWORD,
                    office=office,
                    must_change_password=False,
                )
            db.session.commit()
        cfg = app.config
        print(
            "argon2id: "
            f"m={cfg['ARGON2_MEMORY_COST'] // 1024} MiB, t={cfg['ARGON2_TIME_COST']}, "
            f"p={cfg['ARGON2_PARALLELISM']}"
        )


def sign_in(login_url: str, username: str) -> float:
    """Seconds the sign-in POST takes (the form is read first, untimed)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(login_url).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "username": username, "password": PASSWORD}
    ).encode()
    start = time.perf_counter()
    try:
        opener.open(login_url, data=data).read()
        raise AssertionError(f"{username} was not signed in")
    except urllib.error.HTTPError as answer:  # the redirect home: signed in
        assert answer.code == 302, answer.code
    return time.perf_counter() - start


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of 20 simultaneous")
    args = parser.parse_args()
    owner_url = fresh_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    app_url = migrate_with_app_role(owner_url)
    accounts(owner_url)
    port = free_port()
    server = serve(app_url, port)
    login = f"http://127.0.0.1:{port}/purwokerto/login"
    try:
        sign_in(login, "pk1")  # warm both workers' first request
        sign_in(login, "pk2")
        alone = [sign_in(login, f"pk{1 + n % PEOPLE}") for n in range(20)]
        together: list[float] = []
        with ThreadPoolExecutor(PEOPLE) as pool:
            for _ in range(args.rounds):
                names = [f"pk{n}" for n in range(1, PEOPLE + 1)]
                together += pool.map(lambda name: sign_in(login, name), names)
    finally:
        server.terminate()
        server.wait(timeout=10)
    for label, samples in (("alone", alone), (f"{PEOPLE} at once", together)):
        p = percentiles(samples)
        print(
            f"sign-in {label:>10}: p50 {p['p50'] * 1000:6.0f} ms  "
            f"p95 {p['p95'] * 1000:6.0f} ms  max {p['max'] * 1000:6.0f} ms  (n={p['n']})"
        )


if __name__ == "__main__":
    main()
