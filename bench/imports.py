"""Benchmark: 100,000 client rows from .xlsx into PostgreSQL, beside a raw COPY.

Prints the time to parse the file with the portal's reader (the hostile-file checks,
then python-calamine) beside openpyxl's read-only parse of the same file (target: at
least 5x faster); the time to validate and write it (the same path as a confirmed web
import: every row through the client operations, bulk ORM inserts with tenancy applied,
one transaction); and, as yardsticks, a raw PostgreSQL COPY of the clients alone into a
scratch copy of their table, and a raw COPY of ALL the rows the import wrote (clients,
audit events, wajib lapor plans and due dates) back into the same tables. Target:
validate-and-write at 80% or more of the rate of that second COPY.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bapas_bench \\
        python bench/imports.py [--rows 100000] [--xlsx FILE] [--no-openpyxl] [--profile FILE]

The database named in the URL is dropped and created afresh (owner rights needed).

Beside the wall clock it prints the CPU seconds of validate-and-write and of the COPY of
every row: this process's and its PostgreSQL backend's (read from /proc when the server
runs on this machine). On a machine others share, the wall clock moves with their work
and the CPU seconds barely do; the import's wall time also gains from Python and the
server working at once (`portal.bulk`), which CPU seconds do not show. `--xlsx` keeps
the generated file for the next run, `--no-openpyxl` skips the slow reference parse,
`--profile` writes a cProfile of validate-and-write.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import create_engine, func, make_url, select, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bapas_bench"
OFFENCES = ["Narkotika", "Pencurian", "Penipuan", "Penganiayaan", "Penggelapan"]
PROGRAMS = ["PB", "CB", "CMB", "Asimilasi"]
FIRST = ["Agus", "Budi", "Siti", "Dewi", "Eko", "Rina", "Joko", "Wati", "Andi", "Sri"]
LAST = ["Santoso", "Wijaya", "Lestari", "Saputra", "Rahayu", "Hidayat", "Kurniawan"]


def fresh_database(url: str) -> str:
    target = make_url(url)
    admin = create_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    return target.render_as_string(hide_password=False)


def make_xlsx(path: Path, rows: int) -> None:
    from portal.transfer.clients import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append([c.header for c in COLUMNS])
    start = date(2025, 1, 6)
    for i in range(rows):
        born = date(1960, 1, 1) + timedelta(days=(i * 37) % 14000)
        sex = "P" if i % 4 == 0 else "L"
        day = born.day + (40 if sex == "P" else 0)
        nik = f"33{(i % 35) + 1:02d}01{day:02d}{born.month:02d}{born.year % 100:02d}{i % 10000:04d}"
        begin = start + timedelta(days=i % 300)
        sheet.append(
            [
                f"REG.{i:06d}",
                f"{FIRST[i % 10]} {LAST[i % 7]} {i}",
                nik,
                sex,
                born,
                f"Jl. Melati No. {i % 200 + 1} RT {i % 9 + 1:02d}/RW {i % 5 + 1:02d}",
                "Sokanegara",
                "Purwokerto Timur",
                "Banyumas",
                f"08{i:010d}",
                "SMA",
                "Kawin",
                i % 4,
                "Buruh harian",
                OFFENCES[i % 5],
                f"{i}/Pid.B/2024/PN Pwt",
                date(2024, 3, 14),
                12 + i % 48,
                "Lapas Purwokerto",
                PROGRAMS[i % 4],
                begin,
                begin + timedelta(days=365),
                "",
                "",
                "",
            ]
        )
    book.save(path)


def openpyxl_parse(path: Path) -> int:
    """The reader the portal used before python-calamine: openpyxl's read-only parse of
    every row (without the hostile-file checks, which the portal's reader includes)."""
    from openpyxl import load_workbook

    with path.open("rb") as handle:
        book = load_workbook(handle, read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
    return count


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) the PostgreSQL backend `pid` has used so far; 0.0 when
    the server is not on this machine (its /proc entry is then not there)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Cpu:
    """CPU seconds of this process and of one server backend over a stretch of work:
    unlike the wall clock, barely moved by other work on a shared machine."""

    def __init__(self, backend_pid: int) -> None:
        self.pid = backend_pid
        self.process, self.server = time.process_time(), backend_cpu(backend_pid)

    def stop(self) -> tuple[float, float]:
        return time.process_time() - self.process, backend_cpu(self.pid) - self.server


def copy_everything_written(raw, tables: list[str]) -> tuple[float, tuple[float, float]]:
    """Seconds for a raw COPY of every row the import wrote, back into the same tables
    (same ids, indexes, constraints and foreign keys): the floor of any way of storing
    them, beside the clients-only COPY the target is set against."""
    cursor = raw.cursor()
    saved = {}
    for table in tables:
        with cursor.copy(f"COPY {table} TO STDOUT (FORMAT BINARY)") as copy:
            saved[table] = b"".join(bytes(block) for block in copy)
    cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")  # the rest are empty
    raw.commit()
    cursor.execute("SELECT pg_backend_pid()")
    cpu = Cpu(cursor.fetchone()[0])
    started = time.perf_counter()
    for table in tables:  # parents first: the order the import writes them in
        with cursor.copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(saved[table])
    raw.commit()
    return time.perf_counter() - started, cpu.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--profile", metavar="FILE", help="write a cProfile of validate-and-write to FILE"
    )
    parser.add_argument(
        "--xlsx", metavar="FILE", help="the generated file: made once, then reused (for reruns)"
    )
    parser.add_argument(
        "--no-openpyxl", action="store_true", help="leave out openpyxl's parse (for reruns)"
    )
    args = parser.parse_args()
    url = fresh_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))

    from flask_migrate import upgrade

    from portal import create_app
    from portal.audit.models import AuditEvent
    from portal.clients.models import Client
    from portal.config import TestConfig
    from portal.extensions import db
    from portal.offices.loader import load_all
    from portal.offices.models import Office
    from portal.offices.operations import sync_offices
    from portal.reporting.models import ReportDue, ReportingPlan
    from portal.tenancy import office_scope
    from portal.transfer import engine
    from portal.transfer.clients import ClientImporter
    from portal.transfer.reading import Limits, read_rows

    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url, "MIGRATION_DATABASE_URL": url})
    limits = Limits(max_bytes=200 * 1024 * 1024, max_rows=args.rows)
    with tempfile.TemporaryDirectory() as tmp, app.app_context():
        upgrade()
        sync_offices(load_all())
        db.session.commit()
        path = Path(args.xlsx) if args.xlsx else Path(tmp) / "klien.xlsx"
        if not path.exists():
            started = time.perf_counter()
            make_xlsx(path, args.rows)
            size = path.stat().st_size
            print(
                f"generated {args.rows:,} rows, {size / 1e6:.1f} MB in "
                f"{time.perf_counter() - started:.1f} s"
            )

        parse_openpyxl = None
        if not args.no_openpyxl:
            started = time.perf_counter()
            openpyxl_parse(path)
            parse_openpyxl = time.perf_counter() - started
        gc.collect()
        started = time.perf_counter()
        rows = list(read_rows(path, path.name, limits))
        parse = time.perf_counter() - started
        # The web import streams rows; here they sit in memory to time parsing apart.
        # Keep the garbage collector from rescanning them again and again.
        gc.freeze()

        office = db.session.scalar(select(Office).where(Office.slug == "purwokerto"))
        with office_scope(office.id):
            cpu = Cpu(db.session.scalar(text("SELECT pg_backend_pid()")))
            profile = cProfile.Profile() if args.profile else None
            started = time.perf_counter()
            if profile is not None:
                profile.enable()
            outcome = engine.run_rows(ClientImporter(), iter(rows), limits, write=True)
            db.session.commit()
            if profile is not None:
                profile.disable()
                profile.dump_stats(args.profile)
            write = time.perf_counter() - started
            write_cpu = cpu.stop()
            assert outcome.ok and outcome.added == args.rows, outcome.problems[:5]
            columns = [c.name for c in Client.__table__.columns if c.name != "id"]
            stored = db.session.execute(select(*[Client.__table__.c[c] for c in columns])).all()
            written = {
                model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Client, AuditEvent, ReportingPlan, ReportDue)
            }
            db.session.rollback()  # its read locks would hold up the TRUNCATE below

        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("CREATE TABLE bench_copy (LIKE clients INCLUDING ALL)")
            raw.commit()
            started = time.perf_counter()
            with cursor.copy(f"COPY bench_copy ({', '.join(columns)}) FROM STDIN") as copy:
                for row in stored:
                    copy.write_row(row)
            raw.commit()
            copy_time = time.perf_counter() - started
            copy_all, copy_all_cpu = copy_everything_written(raw, list(written))
        finally:
            raw.close()

    n = args.rows
    if parse_openpyxl is not None:
        print(
            f"parse .xlsx, openpyxl:  {parse_openpyxl:7.2f} s  {n / parse_openpyxl:10,.0f} "
            "rows/s (read-only, parse only)"
        )
    print(
        f"parse .xlsx, calamine:  {parse:7.2f} s  {n / parse:10,.0f} rows/s "
        "(the portal's reader: hostile-file checks, parse, types as openpyxl's)"
    )
    if parse_openpyxl is not None:
        print(f"  calamine is {parse_openpyxl / parse:.1f}x faster (target >= 5x)")
    print(
        f"validate and write:     {write:7.2f} s  {n / write:10,.0f} rows/s "
        "(clients with their audit events and wajib lapor schedules, one transaction)"
    )
    print(
        f"  rows written: {sum(written.values()):,} "
        f"({', '.join(f'{count:,} {table}' for table, count in written.items())})"
    )
    print(f"raw COPY (clients):     {copy_time:7.2f} s  {n / copy_time:10,.0f} rows/s")
    print(f"validate-and-write / COPY rate: {copy_time / write:.0%} (target >= 25%)")
    print(
        f"raw COPY of every row the import wrote: {copy_all:7.2f} s "
        f"({sum(written.values()):,} rows into the same tables, indexes and foreign keys)"
    )
    print(f"validate-and-write / COPY-of-all-rows rate: {copy_all / write:.0%} (target >= 80%)")
    ours, theirs = sum(write_cpu), sum(copy_all_cpu)
    print(
        f"CPU seconds (this process + its PostgreSQL backend): validate and write "
        f"{write_cpu[0]:.2f} + {write_cpu[1]:.2f} = {ours:.2f}; COPY of every row "
        f"{copy_all_cpu[0]:.2f} + {copy_all_cpu[1]:.2f} = {theirs:.2f}; rate by CPU "
        f"{theirs / ours:.0%} (less moved by a busy machine than the wall clock)"
    )


if __name__ == "__main__":
    main()
