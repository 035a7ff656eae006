"""Benchmark: a PK's working day, with writes, beside a hello-world route.

One office of 20,000 clients and just over 500,000 wajib lapor reports (bench/pages.py's
data, with 200 PKs) under gunicorn 2 workers x 4 threads on PostgreSQL. Every PK signs
in once, before anything is measured (four at a time; the PKs' password hashes and the
server's checks use the test suite's cheap argon2 parameters: 200 sign-ins at
production cost take minutes on 2 cores, and no measured request checks a password),
then loops over their own active clients (whose guidance period holds today):

    home -> client search (by the client's name) -> case file
         -> record a wajib lapor report (two loops in three) or a guidance session
            (the POST; the page it redirects to is timed apart, as "page after a save")

so one click in four writes. Two loads, each measured after a short warm-up:
- (a) 200 PKs, a click every 5 s on average (uniform 2.5-7.5 s): about 40 clicks/s.
      Target: p95 under 100 ms for every kind of request.
- (b) 20 PKs without pause. Target: p95 under 250 ms; req/s beside hello world.
Hello world is driven with the same load shapes, on the same gunicorn.

Requests travel over a shared pool of 20 keep-alive connections (10 per gunicorn
worker, as a proxy in front of it would hold them), from threads of this process;
latency counts from the click, so waiting for a free connection is included.
Loopback only; every loop is bounded by the clock and the run stops by itself.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bapas_workday \\
        python bench/workday.py [--reuse] [--seconds-a 60] [--seconds-b 30]

The database in the URL is dropped and recreated, unless `--reuse` finds it already
filled with at least as many PKs: then it is only migrated to the current head, so
runs before and after a change measure the same data. On a machine shared with other
work, absolute figures move from run to run: read them against hello world's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    CHEAP_PASSWORDS,
    PASSWORD,
    USER_AGENT,
    cpu_seconds,
    free_port,
    fresh_database,
    migrate_with_app_role,
    percentiles,
    serve,
)
from pages import fill  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bapas_workday"
OFFICE = "bapas-1"
POOL = 20  # keep-alive connections: gunicorn's 2 workers x --worker-connections 10
WARM_UP = 8.0  # seconds of load before samples count
SIGN_IN_THREADS = 4
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')

HOME, SEARCH, CASE_FILE = "home", "client search", "case file"
REPORT, GUIDANCE, AFTER = "record a report", "record a guidance session", "page after a save"
HELLO = "hello world"
KINDS = (HOME, SEARCH, CASE_FILE, REPORT, GUIDANCE, AFTER)


class Connections:
    """A pool of keep-alive HTTP connections to the server, shared by every PK."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.idle: queue.LifoQueue = queue.LifoQueue()
        for _ in range(size):
            self.idle.put(self._new())

    def _new(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method: str, path: str, headers: dict, body: bytes | None):
        """(status, headers, body); one retry on a fresh connection if the server had
        closed the idle one (gunicorn's keep-alive timeout)."""
        conn = self.idle.get()
        try:
            for attempt in (1, 2):
                try:
                    conn.request(method, path, body=body, headers=headers)
                    response = conn.getresponse()
                    return response.status, response.headers, response.read()
                except (http.client.HTTPException, ConnectionError):
                    conn.close()
                    conn = self._new()
                    if attempt == 2:
                        raise
        finally:
            self.idle.put(conn)

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get().close()


@dataclass
class Browser:
    """One PK's browser: its cookies, the session's CSRF token and its clients."""

    username: str
    user_id: int
    clients: list[tuple[int, str]]
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    turn: int = 0

    def headers(self, form: bool = False) -> dict:
        headers = {"User-Agent": USER_AGENT, "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def took(self, response_headers) -> None:
        for value in response_headers.get_all("Set-Cookie") or ():
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, int] = defaultdict(int)
        self.measuring = False
        self.started = self.stopped = 0.0
        self.cpu: dict[str, float] = {}  # CPU seconds used while measuring, by whom

    def add(self, kind: str, ms: float, ok: bool) -> None:
        if not self.measuring:
            return
        with self.lock:
            self.times[kind].append(ms)
            if not ok:
                self.failures[kind] += 1


def fetch(pool: Connections, browser: Browser, method: str, path: str, data: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    status, headers, content = pool.request(method, path, browser.headers(body is not None), body)
    browser.took(headers)
    return status, headers, content


def timed(pool, browser, recorder, kind, method, path, data=None, expect=(200,)):
    started = time.perf_counter()
    try:
        status, headers, content = fetch(pool, browser, method, path, data)
    except OSError:
        recorder.add(kind, 1000 * (time.perf_counter() - started), False)
        return None, None
    recorder.add(kind, 1000 * (time.perf_counter() - started), status in expect)
    return status, headers


def sign_in(pool: Connections, browser: Browser) -> None:
    login = f"/{OFFICE}/login"
    status, _, page = fetch(pool, browser, "GET", login)
    token = _csrf(page)
    status, headers, _ = fetch(
        pool,
        browser,
        "POST",
        login,
        {"csrf_token": token, "username": browser.username, "password": PASSWORD},
    )
    if status not in (302, 303):
        raise RuntimeError(f"{browser.username} could not sign in ({status})")
    # The session's own CSRF token (every office page carries it: the sign-out form).
    status, _, page = fetch(pool, browser, "GET", f"/{OFFICE}/")
    browser.csrf = _csrf(page)


def _csrf(page: bytes) -> str:
    found = CSRF.search(page.decode())
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1) or found.group(2)


def one_loop(pool, browser, recorder, today: str, think, deadline: float) -> None:
    """home -> search -> case file -> a write (and the page it redirects to); stops
    at the deadline."""
    client_id, name = browser.clients[browser.turn % len(browser.clients)]
    browser.turn += 1
    query = urllib.parse.urlencode({"q": name})
    for kind, path in (
        (HOME, f"/{OFFICE}/"),
        (SEARCH, f"/{OFFICE}/klien/?{query}"),
        (CASE_FILE, f"/{OFFICE}/klien/{client_id}"),
    ):
        if time.monotonic() >= deadline:
            return
        timed(pool, browser, recorder, kind, "GET", path)
        think()
    if time.monotonic() >= deadline:
        return
    if browser.turn % 3:
        kind, path = REPORT, f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan"
        data = {"on": today, "mode": "kantor", "pk_id": browser.user_id, "note": "bench"}
    else:
        kind, path = GUIDANCE, f"/{OFFICE}/bimbingan/baru"
        data = {
            "held_on": today,
            "kind": "kepribadian",
            "subtype": "konseling",
            "format": "individu",
            "stage": "lanjutan",
            "pk_id": browser.user_id,
            "place": "Kantor",
            "topic": "bench",
            "attendees-0-client_id": client_id,
            "attendees-0-attendance": "hadir",
        }
    data["csrf_token"] = browser.csrf
    status, headers = timed(pool, browser, recorder, kind, "POST", path, data, (302, 303))
    if status in (302, 303):
        target = urllib.parse.urlsplit(headers["Location"])
        after = target.path + (f"?{target.query}" if target.query else "")
        timed(pool, browser, recorder, AFTER, "GET", after)


def drive(
    pool, browsers, recorder, seconds: float, mean_pause: float, hello: bool, server_pid: int
) -> None:
    """Run every browser's loop for WARM_UP + `seconds`; samples count after the warm-up."""
    deadline = time.monotonic() + WARM_UP + seconds
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()

    def think() -> None:
        if mean_pause:
            pause = random.uniform(0.5, 1.5) * mean_pause
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))

    def run(browser: Browser) -> None:
        if mean_pause:  # arrivals spread over one pause, not all at once
            time.sleep(random.uniform(0, mean_pause))
        while time.monotonic() < deadline:
            if hello:
                timed(pool, browser, recorder, HELLO, "GET", "/__hello")
            else:
                one_loop(pool, browser, recorder, today, think, deadline)
            think()

    threads = [threading.Thread(target=run, args=(b,), daemon=True) for b in browsers]
    for t in threads:
        t.start()
    time.sleep(WARM_UP)
    before = cpu_seconds(server_pid)
    recorder.measuring, recorder.started = True, time.perf_counter()
    for t in threads:
        t.join(timeout=seconds + 60)  # a loop ends within one request of the deadline
    recorder.measuring, recorder.stopped = False, time.perf_counter()
    after = cpu_seconds(server_pid)
    recorder.cpu = {who: after[who] - before[who] for who in after}


def report(
    title: str, portal: Recorder, hello: Recorder, target_ms: float, offered: float = 0
) -> None:
    print(f"\n{title}")
    print(
        f"  {'kind':28} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} {'failed':>7}"
    )
    rows = [(kind, portal) for kind in KINDS if portal.times.get(kind)]
    rows.append(("all portal requests", portal))
    rows.append((HELLO, hello))
    for kind, rec in rows:
        samples = (
            [t for k in KINDS for t in rec.times.get(k, [])]
            if kind == "all portal requests"
            else rec.times.get(kind, [])
        )
        if not samples:
            continue
        failed = sum(rec.failures.values()) if kind == "all portal requests" else rec.failures[kind]
        seconds = rec.stopped - rec.started
        p = percentiles(samples)
        flag = "" if kind == HELLO or p["p95"] < target_ms else "  over target"
        print(
            f"  {kind:28} {p['n']:8d} {p['n'] / seconds:8.1f} {p['p50']:8.1f} {p['p95']:8.1f} "
            f"{p['max']:8.1f} {failed:7d}{flag}"
        )
    print(f"  target: p95 under {target_ms:.0f} ms for every kind")
    for label, rec in (("portal", portal), (HELLO, hello)):
        print(f"  CPU of a {label} request: {cpu_line(rec)}")
    if offered:
        served = sum(map(len, portal.times.values())) / (portal.stopped - portal.started)
        verdict = (
            "below the offer: the server is saturated and latency is queueing"
            if served < 0.9 * offered
            else "the server keeps up with the offer"
        )
        print(
            f"  offered about {offered:.0f} req/s (4 clicks and a redirect per loop), served "
            f"{served:.1f}: {verdict}"
        )


def cpu_line(rec: Recorder) -> str:
    """Where a request's CPU went while measuring, and how busy the 2 cores were."""
    served = sum(map(len, rec.times.values()))
    seconds = rec.stopped - rec.started
    if not served or not seconds:
        return "not measured"
    share = ", ".join(f"{who} {1000 * used / served:.1f} ms" for who, used in rec.cpu.items())
    busy = 100 * sum(rec.cpu.values()) / (seconds * (os.cpu_count() or 1))
    return f"{share} (the machine's cores {busy:.0f}% busy)"


def filled_with(url: str, pks: int) -> bool:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            found = conn.scalar(
                text(
                    "SELECT count(*) FROM users u JOIN offices o ON o.id = u.office_id "
                    "WHERE o.slug = :slug AND u.role = 'pk'"
                ),
                {"slug": OFFICE},
            )
            return found >= pks
    except Exception:  # no database, or no schema yet: fill it
        return False
    finally:
        engine.dispose()


def browsers_of(owner_url: str, pks: int) -> list[Browser]:
    """The first `pks` PKs, each with their active clients in a shuffled order; their
    password hashed with the cheap parameters the server is started with."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(
        time_cost=CHEAP_PASSWORDS["ARGON2_TIME_COST"],
        memory_cost=CHEAP_PASSWORDS["ARGON2_MEMORY_COST"],
        parallelism=CHEAP_PASSWORDS["ARGON2_PARALLELISM"],
    ).hash(PASSWORD)
    engine = create_engine(owner_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE users SET password_hash = :hash WHERE role = 'pk'"), {"hash": cheap}
        )
    with engine.connect() as conn:
        users = conn.execute(
            text(
                "SELECT u.id, u.username FROM users u JOIN offices o ON o.id = u.office_id "
                "WHERE o.slug = :slug AND u.role = 'pk' ORDER BY u.id LIMIT :n"
            ),
            {"slug": OFFICE, "n": pks},
        ).all()
        # Active clients whose guidance period holds the office's today: a report
        # dated today is refused after the period's end, so a loop over such a client
        # would measure a refused form instead of a write.
        today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
        rows = conn.execute(
            text(
                "SELECT pk_id, id, name FROM clients WHERE status = 'aktif' "
                "AND guidance_start <= :today AND guidance_end >= :today ORDER BY id"
            ),
            {"today": today},
        ).all()
        conn.execute(text("CHECKPOINT"))  # not in the middle of a measured run
    engine.dispose()
    caseloads = defaultdict(list)
    for pk_id, client_id, name in rows:
        caseloads[pk_id].append((client_id, name))
    rng = random.Random(2026)
    browsers = []
    for user_id, username in users:
        clients = caseloads[user_id]
        rng.shuffle(clients)
        if clients:
            browsers.append(Browser(username, user_id, clients))
    return browsers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--pks", type=int, default=200, help="PKs of load (a)")
    parser.add_argument("--busy-pks", type=int, default=20, help="PKs of load (b)")
    parser.add_argument("--seconds-a", type=float, default=60)
    parser.add_argument("--seconds-b", type=float, default=30)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it is already filled"
    )
    parser.add_argument(
        "--loads", default="ab", help="which loads to run: a, b or ab (default: both)"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if args.reuse and filled_with(url, args.pks):
        owner_url = url
        app_url = migrate_with_app_role(owner_url)
        print(f"office {OFFICE}: reusing the filled database")
    else:
        owner_url = fresh_database(url)
        app_url = migrate_with_app_role(owner_url)
        fill(owner_url, app_url, args.clients, pks=args.pks)
    browsers = browsers_of(owner_url, args.pks)
    port = free_port()
    os.environ["BENCH_CHEAP_PASSWORDS"] = "1"
    server = serve(app_url, port, module="hello:app")
    pool = Connections(port, POOL)
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(SIGN_IN_THREADS) as executor:
            list(executor.map(lambda b: sign_in(pool, b), browsers))
        print(
            f"{len(browsers)} PKs signed in in {time.perf_counter() - started:.1f} s "
            f"({SIGN_IN_THREADS} at a time)"
        )
        results = {}
        for label, count, pause, seconds in (
            ("a", args.pks, 5.0, args.seconds_a),
            ("b", args.busy_pks, 0.0, args.seconds_b),
        ):
            if label not in args.loads:
                continue
            portal, hello = Recorder(), Recorder()
            drive(pool, browsers[:count], portal, seconds, pause, False, server.pid)
            drive(pool, browsers[:count], hello, seconds / 2, pause, True, server.pid)
            results[label] = (portal, hello)
    finally:
        pool.close()
        server.terminate()
        server.wait(timeout=10)
    if "a" in results:
        report(
            f"(a) {args.pks} PKs, a click every 5 s on average ({args.seconds_a:.0f} s measured)",
            *results["a"],
            target_ms=100,
            offered=args.pks / 5.0 * 5 / 4,
        )
    if "b" in results:
        report(
            f"(b) {args.busy_pks} PKs without pause ({args.seconds_b:.0f} s measured)",
            *results["b"],
            target_ms=250,
        )
        portal_b, hello_b = results["b"]
        rate = sum(map(len, portal_b.times.values())) / (portal_b.stopped - portal_b.started)
        hello_rate = len(hello_b.times[HELLO]) / (hello_b.stopped - hello_b.started)
        print(f"  (b) portal {rate:.1f} req/s = {100 * rate / hello_rate:.0f}% of hello world")
    print(f"\nwhole run {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
