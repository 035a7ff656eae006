"""Benchmark: the national indicators at national scale, on PostgreSQL.

Generates 90 offices in 33 regions with 1,000,000 clients, about 10,000,000 wajib
lapor due dates with their reports, 100,000 training sessions and 1,000,000
participations (synthetic, generated inside PostgreSQL with generate_series so it
takes minutes), then prints:
- the time to build every office's figures from scratch;
- the national comparison page and its JSON when figures are current (p50/p95 over
  repeated requests to gunicorn; target p95 <= 100 ms);
- the first request after an office records new data (target <= 2 s).

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bapas_national \\
        python bench/national.py [--scale 1.0] [--requests 200]

`--scale 0.01` makes a quick run at a hundredth of the size. The database named in the
URL is dropped and created afresh (owner rights needed).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import fresh_database, migrate_with_app_role, percentiles  # noqa: E402

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bapas_national"
ROOT = Path(__file__).resolve().parent.parent
OFFICES, REGIONS, PKS_PER_OFFICE = 90, 33, 15
PASSWORD = "Bench-Nasional-2026"
TODAY = date.today()


def stage(label: str):
    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            print(f"  {label} ...", end="", flush=True)

        def __exit__(self, *exc):
            print(f" {time.perf_counter() - self.start:.1f} s", flush=True)

    return Timer()


# --- generation (as the owner, inside PostgreSQL) --------------------------------------

GENERATE = [
    ("regions and offices", """
        INSERT INTO regions (code, name)
        SELECT 'wilayah-' || g, 'Kanwil Ditjenpas Uji ' || lpad(g::text, 2, '0')
        FROM generate_series(1, :regions) g;
        INSERT INTO offices (slug, name, office_class, region_id, timezone, territory, address)
        SELECT 'bapas-' || g, 'Bapas Uji ' || lpad(g::text, 2, '0'),
               CASE WHEN g % 3 = 0 THEN 'I' ELSE 'II' END,
               (SELECT id FROM regions WHERE code = 'wilayah-' || (1 + (g - 1) % :regions)),
               CASE WHEN g % 5 = 0 THEN 'Asia/Makassar' ELSE 'Asia/Jakarta' END,
               '["Kota Uji"]'::json, 'Jl. Uji No. ' || g
        FROM generate_series(1, :offices) g;
    """),
    ("PKs", """
        INSERT INTO users (office_id, username, full_name, role, password_hash, active,
                           must_change_password, created_at)
        SELECT o.id, 'pk' || g, 'PK ' || g || ' ' || o.slug, 'pk', :hash, true, false, now()
        FROM offices o, generate_series(1, :pks) g;
    """),
    ("clients", """
        INSERT INTO clients (version_id, register_number, name, nik, sex, birth_date, street,
            kelurahan, kecamatan, kabupaten_kota, phone, dependants, work_before, category,
            category_overridden, category_reason, offence, court_decision_number,
            origin_institution, program, guidance_start, guidance_end, pk_id, status,
            status_date, created_at, updated_at, office_id)
        SELECT 1, 'REG-' || c.n, 'Klien ' || c.n, lpad((3200000000000000 + c.n)::text, 16, '0'),
               CASE WHEN c.n % 9 = 0 THEN 'P' ELSE 'L' END, date '1985-01-01' + (c.n % 9000),
               'Jl. Uji', 'Kel', 'Kec', 'Kota Uji', '', 0, '',
               CASE WHEN c.n % 20 = 0 THEN 'anak' ELSE 'dewasa' END, false, '',
               (ARRAY['narkotika','pencurian','penipuan','penganiayaan'])[1 + c.n % 4], '', '',
               (ARRAY['pb','cb','cmb','asimilasi'])[1 + c.n % 4],
               c.start, c.start + c.months * 30,
               (SELECT min(id) FROM users u WHERE u.office_id = c.office_id) + c.n % :pks,
               CASE WHEN c.start + c.months * 30 >= :today THEN 'aktif'
                    WHEN c.n % 10 = 0 THEN 'dicabut' WHEN c.n % 37 = 0 THEN 'pindah'
                    ELSE 'selesai' END,
               CASE WHEN c.start + c.months * 30 >= :today THEN NULL
                    WHEN c.n % 10 = 0 THEN c.start + (c.months * 30) / 2
                    ELSE c.start + c.months * 30 END,
               now(), now(), c.office_id
        FROM (SELECT n, 1 + (n * 7919) % :offices AS office_id,
                     :today - (random() * 6 * 365)::int AS start,
                     3 + (random() * 15)::int AS months
              FROM generate_series(1, :clients) n) c;
    """),
    ("wajib lapor due dates", """
        INSERT INTO report_dues (office_id, client_id, due_on, window_from, window_to, cancelled)
        SELECT c.office_id, c.id, d::date, d::date - 7, d::date + 7, false
        FROM clients c,
             generate_series(c.guidance_start + 30, COALESCE(c.status_date, c.guidance_end), 30) d;
    """),
    ("wajib lapor reports", """
        INSERT INTO reports (office_id, client_id, due_id, reported_on, mode, kelurahan, pk_id,
                             note, recorded_by_name, recorded_at)
        SELECT r.office_id, r.client_id, r.id, r.due_on + (r.id % 11) - 5,
               (ARRAY['kantor','kunjungan_rumah','video','kantor'])[1 + r.id % 4], '',
               c.pk_id, '', 'PK', now()
        FROM report_dues r JOIN clients c ON c.id = r.client_id
        WHERE r.window_to < :today AND r.id % 100 < 87;
    """),
]


def generate(owner_url: str, scale: float, password_hash: str) -> dict:
    engine = create_engine(owner_url, poolclass=NullPool)
    params = {"regions": REGIONS, "offices": OFFICES, "pks": PKS_PER_OFFICE, "today": TODAY,
              "clients": int(1_000_000 * scale), "hash": password_hash}
    with engine.begin() as conn:
        conn.execute(text("SET synchronous_commit = off"))
    for label, sql in GENERATE:
        with stage(label), engine.begin() as conn:
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(text(statement), params)
    with stage("vacuum analyze"), engine.connect().execution_options(
        isolation_level="AUTOCOMMIT"
    ) as conn:
        conn.execute(text("VACUUM ANALYZE"))
    with engine.connect() as conn:
        counts = {t: conn.scalar(text(f"SELECT count(*) FROM {t}"))  # noqa: S608
                  for t in ("clients", "report_dues", "reports")}
    engine.dispose()
    return counts


# --- measuring (as the app's role, through the app) ------------------------------------


def build_figures(app) -> dict:
    from portal.extensions import db
    from portal.indicators.refresh import refresh_office
    from portal.offices.models import Office

    with app.app_context():
        offices = db.session.scalars(select(Office).order_by(Office.id)).all()
        db.session.expunge_all()
        times = []
        started = time.perf_counter()
        for office in offices:
            t = time.perf_counter()
            refresh_office(office, force=True)
            times.append(time.perf_counter() - t)
        total = time.perf_counter() - started
    return {"total_s": total, **{f"office_{k}_s": v for k, v in percentiles(times).items()
                                  if k != "n"}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PORTAL_ENV": "development", "DATABASE_URL": app_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def signed_in_opener(base: str, username: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/pusat/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                   "password": PASSWORD}).encode()
    opener.open(f"{base}/pusat/login", data=data).read()
    return opener


def timed(opener, url: str, count: int) -> dict:
    samples = []
    for _ in range(count):
        t = time.perf_counter()
        response = opener.open(url)
        response.read()
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status == 200
    return percentiles(samples)


def record_new_data(app, office_slug: str) -> None:
    """An office records a wajib lapor report through the real operation."""
    from portal.clients.models import Client
    from portal.extensions import db
    from portal.offices.models import Office
    from portal.reporting.operations import record_report
    from portal.tenancy import office_scope

    with app.app_context(), app.test_request_context():
        office = db.session.scalar(select(Office).where(Office.slug == office_slug))
        with office_scope(office.id):
            client = db.session.scalar(
                select(Client).where(Client.status == "aktif").order_by(Client.id).limit(1)
            )
            record_report(client, on=TODAY, mode="kantor", pk_id=client.pk_id,
                          note="benchmark")
            db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    owner_url = fresh_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    print(f"Bapas Portal national benchmark (scale {args.scale}) on {owner_url.split('@')[-1]}")
    app_url = migrate_with_app_role(owner_url)

    os.environ.update({"PORTAL_ENV": "development", "DATABASE_URL": app_url})
    from portal import create_app
    from portal.auth.passwords import hash_password

    app = create_app({"SQLALCHEMY_DATABASE_URI": app_url})
    with app.app_context():
        password_hash = hash_password(PASSWORD)

    print("generating:")
    started = time.perf_counter()
    counts = generate(owner_url, args.scale, password_hash)
    print(f"  generated in {time.perf_counter() - started:.0f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    print("figures built from scratch:", json.dumps(build_figures(app), indent=None))

    engine = create_engine(owner_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (username, full_name, role, password_hash, active, "
            "must_change_password, created_at) VALUES ('ditjen', 'Petugas Ditjenpas', "
            "'national', :h, true, false, now())"), {"h": password_hash})
    engine.dispose()

    port = _free_port()
    server = serve(app_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        opener = signed_in_opener(base, "ditjen")
        period = f"{TODAY.year - 1}"
        page = f"{base}/pusat/indikator/?periode={period}&kelompok=bimbingan"
        api = f"{base}/api/v1/indikator/perbandingan?periode={period}"
        timed(opener, api, 3)  # warm both workers
        print("national comparison page, current (ms):", timed(opener, page, args.requests))
        print("national comparison JSON, current (ms):", timed(opener, api, args.requests))
        firsts = []
        for slug in ("bapas-1", "bapas-2", "bapas-3", "bapas-4", "bapas-5"):
            record_new_data(app, slug)
            firsts.append(timed(opener, api, 1)["max"])
        print("first JSON request after an office records data (ms):",
              ", ".join(f"{t:.0f}" for t in firsts))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
