"""What the benchmarks share: a fresh PostgreSQL database, migrated, with the app's role."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, make_url, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

LOGIN_ROLE = "bapas_portal_bench"
PASSWORD = "Bench-Portal-2026"  # noqa: S105 - synthetic benchmark accounts only
TODAY = date.today()
# bench/workday.py signs 200 PKs in before it measures anything; with production
# password hashing that alone takes minutes on 2 cores. It asks the server for the test
# suite's cheap parameters (BENCH_CHEAP_PASSWORDS, read by hello.py) and stores hashes
# made with them; no measured request checks a password.
CHEAP_PASSWORDS = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1}
ROOT = Path(__file__).resolve().parent.parent


def stage(label: str):
    """Print how long a step takes."""

    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            print(f"  {label} ...", end="", flush=True)

        def __exit__(self, *exc):
            print(f" {time.perf_counter() - self.start:.1f} s", flush=True)

    return Timer()


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
        conn.execute(
            text(
                f"DO $$ BEGIN CREATE ROLE {LOGIN_ROLE} LOGIN; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            )
        )
        conn.execute(text(f"GRANT {role} TO {LOGIN_ROLE}"))
    engine.dispose()
    return make_url(owner_url).set(username=LOGIN_ROLE).render_as_string(hide_password=False)


GUIDANCE_STAGE = "guidance sessions"
GENERATE = [
    (
        "regions and offices",
        """
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
    """,
    ),
    (
        "PKs",
        """
        INSERT INTO users (office_id, username, full_name, role, password_hash, active,
                           must_change_password, created_at)
        SELECT o.id, 'pk' || g, 'PK ' || g || ' ' || o.slug, 'pk', :hash, true, false, now()
        FROM offices o, generate_series(1, :pks) g ORDER BY o.id, g;
    """,
    ),
    (
        "clients",
        """
        INSERT INTO clients (version_id, register_number, name, nik, sex, birth_date, street,
            kelurahan, kecamatan, kabupaten_kota, phone, dependants, work_before, category,
            category_overridden, category_reason, offence, court_decision_number,
            origin_institution, program, guidance_start, guidance_end, pk_id, status,
            status_date, created_at, updated_at, office_id)
        SELECT 1, 'REG-' || c.n,
               -- Synthetic Indonesian names: 40 x 13 x 37 combinations, so a search by
               -- a full name finds one client or a few, as in an office.
               (ARRAY['Agus','Ahmad','Andi','Ari','Asep','Bambang','Budi','Dedi','Dian',
                      'Eko','Fajar','Hendra','Heru','Imam','Indra','Iwan','Joko','Komang',
                      'Lalu','Made','Muhamad','Nanang','Nur','Putu','Rahmat','Rizki','Rudi',
                      'Sigit','Slamet','Sri','Sugeng','Teguh','Tono','Ujang','Wahyu','Wawan',
                      'Yanto','Yogi','Yusuf','Zainal'])[1 + c.n % 40]
               || (ARRAY['',' Adi',' Ahmad',' Arif',' Bayu',' Dwi',' Eka',' Hadi',' Nur',
                         ' Putra',' Tri',' Wahyu',' Yoga'])[1 + (c.n / 40) % 13]
               || ' ' || (ARRAY['Firmansyah','Gunawan','Hakim','Harahap','Hidayat',
                      'Irawan','Kurniawan','Lubis','Maulana','Nasution','Nugroho','Permana',
                      'Pratama','Prasetyo','Purnomo','Rahman','Ramadhan','Riyadi','Saputra',
                      'Santoso','Setiawan','Siregar','Simanjuntak','Sitompul','Subagyo',
                      'Sudrajat','Suharto','Susanto','Syahputra','Wibowo','Widodo','Wijaya',
                      'Yulianto','Hasibuan','Situmorang','Kusuma','Lestari'])[1 + c.n % 37],
               lpad((3200000000000000 + c.n)::text, 16, '0'),
               CASE WHEN c.n % 9 = 0 THEN 'P' ELSE 'L' END, date '1985-01-01' + (c.n % 9000),
               'Jl. Melati No. ' || (1 + c.n % 90),
               (ARRAY['Sokanegara','Kranji','Purwokerto Lor','Bancarkembar','Karangwangkal',
                      'Grendeng','Teluk','Berkoh','Tanjung','Karangklesem','Pasir Muncang',
                      'Kedungwuluh','Karangpucung','Rejasari','Sumampir'])[1 + c.n % 15],
               (ARRAY['Purwokerto Timur','Purwokerto Utara','Purwokerto Selatan',
                      'Purwokerto Barat','Sokaraja'])[1 + c.n % 5],
               'Banyumas', '08' || lpad((1200000000 + c.n * 7)::text, 10, '0'), 0, '',
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
        FROM (SELECT n, 1 + (n::bigint * 7919) % :offices AS office_id,
                     :today - (random() * 6 * 365)::int AS start,
                     (:min_months + random() * :span_months)::int AS months
              FROM generate_series(1, :clients) n) c;
    """,
    ),
    (
        "wajib lapor due dates",
        """
        INSERT INTO report_dues (office_id, client_id, due_on, window_from, window_to, cancelled)
        SELECT c.office_id, c.id, d::date, d::date - 7, d::date + 7, false
        FROM clients c,
             generate_series((c.guidance_start + 30)::timestamp,
                             COALESCE(c.status_date, c.guidance_end)::timestamp,
                             interval '30 days') d;
    """,
    ),
    (
        "wajib lapor reports",
        """
        INSERT INTO reports (office_id, client_id, due_id, reported_on, mode, kelurahan, pk_id,
                             note, recorded_by_name, recorded_at)
        SELECT r.office_id, r.client_id, r.id, r.due_on + (r.id % 11) - 5,
               (ARRAY['kantor','kunjungan_rumah','video','kantor'])[1 + r.id % 4], '',
               c.pk_id, '', 'PK', now()
        FROM report_dues r JOIN clients c ON c.id = r.client_id
        WHERE r.window_to < :today AND r.id % 100 < 87;
    """,
    ),
    (
        GUIDANCE_STAGE,
        """
        CREATE TEMP TABLE planned_guidance AS
        SELECT nextval('guidance_sessions_id_seq') AS id, c.id AS client_id, c.office_id,
               c.pk_id, d::date AS held_on,
               row_number() OVER (PARTITION BY c.id ORDER BY d) AS k
        FROM clients c,
             generate_series((c.guidance_start + 20)::timestamp,
                             LEAST(COALESCE(c.status_date, c.guidance_end), :today - 1)::timestamp,
                             interval '60 days') d
        WHERE c.pk_id IS NOT NULL;
        INSERT INTO guidance_sessions (id, held_on, kind, subtype, format, stage, pk_id, place,
                                       topic, notes, created_at, office_id)
        SELECT id, held_on,
               CASE WHEN k % 2 = 1 THEN 'kepribadian' ELSE 'kemandirian' END,
               CASE WHEN k % 2 = 1
                    THEN (ARRAY['konseling','keagamaan','hukum','sikap_perilaku'])[1 + id % 4]
                    ELSE (ARRAY['bimbingan_karier','pelatihan_vokasi','rintisan_usaha'])
                         [1 + id % 3] END,
               'individu', CASE WHEN k = 1 THEN 'awal' ELSE 'lanjutan' END, pk_id,
               CASE WHEN id % 5 = 0 THEN 'Rumah klien' ELSE 'Kantor Bapas' END,
               (ARRAY['Evaluasi wajib lapor','Rencana kerja','Hubungan dengan keluarga',
                      'Kepatuhan syarat bimbingan','Peluang usaha'])[1 + id % 5],
               '', now(), office_id
        FROM planned_guidance;
        INSERT INTO guidance_attendances (session_id, client_id, attendance, reason, office_id)
        SELECT id, client_id, CASE WHEN id % 12 = 0 THEN 'tidak_hadir' ELSE 'hadir' END,
               CASE WHEN id % 12 = 0 THEN 'Sakit' ELSE '' END, office_id
        FROM planned_guidance;
        DROP TABLE planned_guidance
    """,
    ),
    (
        "partners, agreements and placements",
        """
        INSERT INTO partners (name, kind, contact_person, phone, address, services, status,
                              note, created_at, office_id)
        SELECT 'Mitra Uji ' || g || ' ' || o.slug,
               (ARRAY['kelompok_masyarakat','badan_usaha','lpk','komunitas_keagamaan',
                      'instansi_pemerintah','lsm_lbh'])[1 + g % 6],
               'Kontak ' || g, '0812000' || lpad(g::text, 5, '0'), 'Jl. Mitra ' || g,
               '["pelatihan", "penyaluran_kerja"]'::json,
               CASE WHEN g % 7 = 0 THEN 'nonaktif' ELSE 'aktif' END, '', now(), o.id
        FROM offices o, generate_series(1, :partners) g ORDER BY o.id, g;
        INSERT INTO partner_agreements (partner_id, number, start_date, end_date, services,
                                        document_ref, created_at, office_id)
        SELECT p.id, 'PKS/' || p.id || '/2024', :today - 400 - (p.id % 300),
               :today - 400 - (p.id % 300) + 730, '["pelatihan"]'::json, '', now(), p.office_id
        FROM partners p;
        INSERT INTO placements (client_id, partner_id, kind, position, start_date, end_date,
                                outcome, note, created_at, office_id)
        SELECT c.id,
               (SELECT min(id) FROM partners p WHERE p.office_id = c.office_id)
                   + c.id % :partners,
               CASE WHEN c.id % 3 = 0 THEN 'magang' ELSE 'kerja' END, 'Pekerja',
               c.guidance_start + 60, NULL, 'berlangsung', '', now(), c.office_id
        FROM clients c WHERE c.id % 50 = 0 AND c.guidance_start + 60 <= :today;
    """,
    ),
    (
        "trainings and sessions",
        """
        INSERT INTO trainings (title, skill_field, partner_id, description, created_at,
                               office_id)
        SELECT 'Pelatihan ' || (ARRAY['Tata Boga','Pertanian','Barista','Menjahit',
                                      'Pangkas Rambut','Las','Digital'])[1 + g % 7] || ' ' || g,
               (ARRAY['kuliner','pertanian','barista','menjahit','pangkas_rambut','las',
                      'digital'])[1 + g % 7],
               CASE WHEN g % 5 = 0 THEN NULL
                    ELSE (SELECT min(id) FROM partners p WHERE p.office_id = 1 + g % :offices)
                         + g % :partners END,
               '', now(), 1 + g % :offices
        FROM generate_series(1, :sessions / 4) g;
        INSERT INTO training_sessions (training_id, start_date, end_date, venue_kind, venue_id,
                                       location_note, budget, headcount, office_id)
        SELECT t.id, :today - (t.id * 37 + k * 53) % 1800,
               :today - (t.id * 37 + k * 53) % 1800 + k % 5,
               CASE WHEN t.partner_id IS NULL THEN 'aula_kantor' ELSE 'lokasi_mitra' END,
               NULL, '', 2000000 + (t.id % 10) * 500000,
               CASE WHEN (t.id + k) % 10 = 0 THEN 8 + t.id % 15 END, t.office_id
        FROM trainings t, generate_series(1, 4) k;
    """,
    ),
    (
        "training participations",
        """
        INSERT INTO training_participants (session_id, client_id, attended, completed,
                                           certificate, transport_money, office_id)
        SELECT session_id, client_id, rank % 10 <> 0, rank % 10 NOT IN (0, 9),
               rank % 10 NOT IN (0, 9) AND rank % 3 <> 0, 50000, office_id
        FROM (
            SELECT c.session_id, c.office_id, oc.id AS client_id,
                   row_number() OVER (PARTITION BY c.session_id ORDER BY c.j) AS rank
            FROM (  -- each named session's candidate positions in its office's client list
                SELECT s.id AS session_id, s.office_id, s.start_date, j,
                       cnt.n * (s.start_date - (:today - 2190)) / 2190
                         - j * greatest(1, cnt.n * 150 / 2190 / (2 * :per_session)) AS k
                FROM training_sessions s
                JOIN (SELECT office_id, count(*) AS n FROM clients GROUP BY office_id) cnt
                  ON cnt.office_id = s.office_id
                CROSS JOIN generate_series(0, 2 * :per_session - 1) j
                WHERE s.headcount IS NULL
            ) c
            JOIN (SELECT id, office_id, guidance_start,
                         COALESCE(status_date, guidance_end) AS until,
                         row_number() OVER (PARTITION BY office_id
                                            ORDER BY guidance_start, id) AS k
                  FROM clients) oc
              ON oc.office_id = c.office_id AND oc.k = c.k
            WHERE oc.guidance_start <= c.start_date AND oc.until >= c.start_date
        ) candidates
        WHERE rank <= :per_session;
    """,
    ),
    (
        "training follow-ups",
        """
        INSERT INTO training_follow_ups (participant_id, stage, followed_on, applying_skill,
            work_status, sector, income_band, note, recorded_by, recorded_at, office_id)
        SELECT p.id, st.stage, s.end_date + st.stage * 30, p.id % 3 <> 0,
               (ARRAY['bekerja','wirausaha','tidak_bekerja'])[1 + p.id % 3],
               CASE WHEN p.id % 3 < 2 THEN 'kuliner' END,
               CASE WHEN p.id % 3 < 2 THEN '1to2' END, '', 'PK', now(), p.office_id
        FROM training_participants p
        JOIN training_sessions s ON s.id = p.session_id
        CROSS JOIN (VALUES (3), (6)) st(stage)
        WHERE p.completed AND s.end_date + st.stage * 30 + 10 < :today
          AND (p.id + st.stage) % 10 < 6;
    """,
    ),
]

# Trainings: 100,000 sessions and about 1,000,000 participations at scale 1 (a tenth of
# the sessions count only a headcount, the rest name up to 11 clients each). As in the
# portal, a participant is a client of the office under guidance on the session's first
# day: candidates are taken from the clients whose guidance began in the 150 days before.
SESSIONS_PER_CLIENT = 0.1
PARTICIPANTS_PER_NAMED_SESSION = 11
COUNTED = (
    "clients",
    "report_dues",
    "reports",
    "partners",
    "placements",
    "guidance_sessions",
    "training_sessions",
    "training_participants",
    "training_follow_ups",
)


def generate(
    owner_url: str,
    *,
    offices: int,
    regions: int,
    clients: int,
    password_hash: str,
    months: tuple[int, int] = (3, 18),
    pks: int = 15,
    guidance: bool = False,
) -> dict:
    """Fill a migrated database inside PostgreSQL (generate_series: minutes, not hours).

    Clients are spread evenly over the offices; each has monthly wajib lapor due
    dates over a guidance of `months` (uniform), 87% of them met by a report, and (with
    `guidance`, for the office benchmarks) a guidance session with their PK every 60
    days, one in twelve missed. Each
    office has 12 partners with agreements; trainings run four sessions each over the
    last five years, with participants drawn from the office's own clients and 3- and
    6-month follow-ups for most of those who completed.
    """
    engine = create_engine(owner_url, poolclass=NullPool)
    params = {
        "regions": regions,
        "offices": offices,
        "pks": pks,
        "today": TODAY,
        "clients": clients,
        "hash": password_hash,
        "min_months": months[0],
        "span_months": months[1] - months[0],
        "partners": 12,
        "sessions": max(4, int(clients * SESSIONS_PER_CLIENT)),
        "per_session": PARTICIPANTS_PER_NAMED_SESSION,
    }
    with engine.begin() as conn:
        conn.execute(text("SET synchronous_commit = off"))
    for label, sql in GENERATE:
        if label == GUIDANCE_STAGE and not guidance:
            continue  # the national benchmark keeps the data its figures were measured on
        with stage(label), engine.begin() as conn:
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(text(statement), params)
            # Fresh statistics, or the next stage's joins are planned for empty tables.
            conn.execute(text("ANALYZE"))
    with (
        stage("vacuum analyze"),
        engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn,
    ):
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return counted(owner_url)


def counted(owner_url: str) -> dict[str, int]:
    """Rows in the generated tables."""
    engine = create_engine(owner_url, poolclass=NullPool)
    with engine.connect() as conn:
        counts = {
            t: conn.scalar(text(f"SELECT count(*) FROM {t}"))  # noqa: S608
            for t in COUNTED
        }
    engine.dispose()
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app_url: str, port: int, module: str = "wsgi:app") -> subprocess.Popen:
    """gunicorn as in production: 2 workers x 4 threads (this machine has 2 cores)."""
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "DATABASE_URL": app_url,
        "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--threads",
            "4",
            # wrk holds 20 keep-alive connections for a whole run; unbounded, one worker
            # may accept most of them and leave the other idle, so a run would measure
            # the accept lottery. Ten each shares them evenly, as a proxy's pool would be.
            "--worker-connections",
            "10",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            module,
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


USER_AGENT = "bapas-bench"  # sessions are bound to the browser; wrk sends the same


def signed_in_opener(login_url: str, username: str):
    """A urllib opener holding a signed-in session (CSRF token read from the form)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(login_url).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "username": username, "password": PASSWORD}
    ).encode()
    opener.open(login_url, data=data).read()
    opener.jar = jar
    return opener


def cookie_header(opener) -> str:
    """The browser's cookies as they are now (the session cookie changes as pages set
    things in it, such as its CSRF secret on the first page after signing in)."""
    return "; ".join(f"{c.name}={c.value}" for c in opener.jar)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, int(round(0.95 * len(ordered))) - 1)],
        "max": ordered[-1],
    }


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the portal (gunicorn and its workers), PostgreSQL (its
    processes, with the backends that have already exited) and this process: read twice
    around a run, they say where a request's time goes on a machine of 2 cores."""
    used = {"portal": 0.0, "postgres": 0.0, "load": 0.0}
    postgres = {}  # pid -> (parent, own, reaped)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
        except OSError:  # the process ended meanwhile
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        pid, ppid = int(entry.name), int(fields[1])
        own = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        if pid == server_pid or ppid == server_pid:
            used["portal"] += own
        elif comm == "postgres":
            postgres[pid] = (ppid, own, (int(fields[13]) + int(fields[14])) / TICKS)
        elif pid == os.getpid():
            used["load"] += own
    for ppid, own, reaped in postgres.values():
        # The postmaster (the one whose parent is not PostgreSQL) carries the backends
        # that already ended, such as those of the connections it closed.
        used["postgres"] += own + (reaped if ppid not in postgres else 0)
    return used
