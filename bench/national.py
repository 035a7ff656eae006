"""Benchmark: the national indicators at national scale, on PostgreSQL.

Generates 90 offices in 33 regions with 1,000,000 clients, about 10,000,000 wajib
lapor due dates with their reports, 100,000 training sessions and 1,000,000
participations (synthetic, generated inside PostgreSQL with generate_series so it
takes minutes), then prints:
- the time to build every office's figures from scratch;
- the national comparison page and its JSON when figures are current (p50/p95 over
  repeated requests to gunicorn; target p95 <= 100 ms);
- the national landing page (target p95 <= 50 ms) and the charts page, likewise;
- the time to compare every skill field, partner kind and partner of every office with
  its matched comparison group from scratch, and the "Apa yang berhasil" page and JSON
  when current (target p95 <= 100 ms);
- the first request after an office records new data (target <= 2 s).

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bapas_national \\
        python bench/national.py [--scale 1.0] [--requests 200]

`--scale 0.01` makes a quick run at a hundredth of the size. The database named in the
URL is dropped and created afresh (owner rights needed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    PASSWORD,
    TODAY,
    counted,
    free_port,
    fresh_database,
    generate,
    migrate_with_app_role,
    percentiles,
    serve,
    signed_in_opener,
)
from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bapas_national"
OFFICES, REGIONS = 90, 33


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
    return {
        "total_s": total,
        **{f"office_{k}_s": v for k, v in percentiles(times).items() if k != "n"},
    }


def build_what_works(app) -> dict:
    """The what-works comparison of every skill field, partner kind and partner of every
    office from scratch (matching included; storing is part of the figures above)."""
    from portal.extensions import db
    from portal.indicators.periods import all_periods
    from portal.indicators.refresh import YEARS_KEPT, office_today
    from portal.offices.models import Office
    from portal.tenancy import office_scope
    from portal.whatworks import measures

    with app.app_context():
        offices = db.session.scalars(select(Office).order_by(Office.id)).all()
        db.session.expunge_all()
        times, stored = [], 0
        started = time.perf_counter()
        for office in offices:
            today = office_today(office)
            periods = all_periods(today.year - YEARS_KEPT + 1, today)
            t = time.perf_counter()
            with office_scope(office.id):
                found = measures.compute(periods, today)
                db.session.rollback()
            times.append(time.perf_counter() - t)
            stored += sum(len(v) for v in found.values())
        total = time.perf_counter() - started
    return {
        "total_s": total,
        "measures": stored,
        **{f"office_{k}_s": v for k, v in percentiles(times).items() if k != "n"},
    }


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
            if client is None:  # at a small --scale an office may have no one in guidance
                client = db.session.scalar(select(Client).order_by(Client.id).limit(1))
            record_report(client, on=TODAY, mode="kantor", pk_id=client.pk_id, note="benchmark")
            db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database a previous run generated instead of generating anew",
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    owner_url = url if args.reuse else fresh_database(url)
    print(f"Bapas Portal national benchmark (scale {args.scale}) on {owner_url.split('@')[-1]}")
    app_url = migrate_with_app_role(owner_url)

    os.environ.update({"PORTAL_ENV": "development", "DATABASE_URL": app_url})
    from portal import create_app
    from portal.auth.passwords import hash_password

    app = create_app({"SQLALCHEMY_DATABASE_URI": app_url})
    with app.app_context():
        password_hash = hash_password(PASSWORD)

    if args.reuse:
        print("reusing the generated database:", counted(owner_url))
    else:
        print("generating:")
        started = time.perf_counter()
        counts = generate(
            owner_url,
            offices=OFFICES,
            regions=REGIONS,
            clients=int(1_000_000 * args.scale),
            password_hash=password_hash,
        )
        print(
            f"  generated in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        )

    print("figures built from scratch:", json.dumps(build_figures(app), indent=None))
    print("what works compared from scratch:", json.dumps(build_what_works(app), indent=None))

    engine = create_engine(owner_url, poolclass=NullPool)
    with engine.begin() as conn:
        # Kept, not replaced, on a reused database: its sign-ins are in the audit log.
        updated = conn.execute(
            text(
                "UPDATE users SET password_hash = :h, active = true "
                "WHERE username = 'ditjen' AND office_id IS NULL"
            ),
            {"h": password_hash},
        )
        if updated.rowcount == 0:
            conn.execute(
                text(
                    "INSERT INTO users (username, full_name, role, password_hash, active, "
                    "must_change_password, created_at) VALUES ('ditjen', 'Petugas Ditjenpas', "
                    "'national', :h, true, false, now())"
                ),
                {"h": password_hash},
            )
    engine.dispose()

    port = free_port()
    server = serve(app_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        opener = signed_in_opener(f"{base}/pusat/login", "ditjen")
        period = f"{TODAY.year - 1}"
        page = f"{base}/pusat/indikator/?periode={period}&kelompok=bimbingan"
        api = f"{base}/api/v1/indikator/perbandingan?periode={period}"
        timed(opener, api, 3)  # warm both workers
        print("national comparison page, current (ms):", timed(opener, page, args.requests))
        print("national comparison JSON, current (ms):", timed(opener, api, args.requests))
        # The landing page of a national officer (headlines, flagged and silent offices;
        # target p95 <= 50 ms) and the dot and funnel plots of one rate.
        landing = f"{base}/pusat/?periode={period}"
        charts = f"{base}/pusat/indikator/grafik?periode={period}&indikator=kepatuhan_lapor"
        timed(opener, landing, 2)
        timed(opener, charts, 2)
        print("national landing page, current (ms):", timed(opener, landing, args.requests))
        print("national charts page, current (ms):", timed(opener, charts, args.requests))
        # "Apa yang berhasil": the forest plot of every skill field against its matched
        # comparison over three cohort years (target p95 <= 100 ms when current).
        cohort = f"dari={TODAY.year - 2}&sampai={TODAY.year}"
        works = f"{base}/pusat/apa-yang-berhasil/?{cohort}&menurut=bidang"
        works_api = f"{base}/api/v1/apa-yang-berhasil?{cohort}&menurut=jenis"
        timed(opener, works, 2)
        timed(opener, works_api, 2)
        print("national what-works page, current (ms):", timed(opener, works, args.requests))
        print("national what-works JSON, current (ms):", timed(opener, works_api, args.requests))
        firsts = []
        for slug in ("bapas-1", "bapas-2", "bapas-3", "bapas-4", "bapas-5"):
            record_new_data(app, slug)
            firsts.append(timed(opener, api, 1)["max"])
        print(
            "first JSON request after an office records data (ms):",
            ", ".join(f"{t:.0f}" for t in firsts),
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
