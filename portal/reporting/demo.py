"""Synthetic wajib lapor histories for `flask demo seed`.

Schedules already exist when this runs: `seed_clients` registers clients through
the case-file operations, whose `client_changed` signal generates each schedule
(and closes it when guidance ends). So nothing here creates a due date: reports are
invented for the past due dates and matched with the rule a typed report follows
(`schedule.earliest_open`), then written with one bulk insert per table, which keeps
the whole seed fast. Mobile counseling days go through `mobile.plan_day` (a handful).

Field notes shape the mix: Jakarta Timur-Utara reaches working clients by video
call and holds konseling keliling every second Saturday in a different kelurahan;
Mataram relies more on home visits; the other offices mostly see clients at the
office. A client revoked for missing wajib lapor missed their last due dates, and
those are recorded as violations.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from portal.auth.models import User
from portal.clients import operations as client_ops
from portal.clients import vocab as client_vocab
from portal.clients.models import Client, ClientStatusChange
from portal.demo.dates import pick, under_guidance
from portal.extensions import db
from portal.offices.models import Office
from portal.reporting import mobile, schedule, vocab
from portal.reporting.models import MobileCounselingDay, Report, ReportDue, ReportViolation

MODE_WEIGHTS = {
    "jakarta-timur-utara": {vocab.KANTOR: 40, vocab.VIDEO: 42, vocab.KUNJUNGAN_RUMAH: 18},
    "mataram": {vocab.KANTOR: 52, vocab.KUNJUNGAN_RUMAH: 40, vocab.VIDEO: 8},
}
DEFAULT_MODES = {vocab.KANTOR: 80, vocab.KUNJUNGAN_RUMAH: 12, vocab.VIDEO: 8}
# Past konseling keliling days: Jakarta Timur-Utara every second Saturday for a year.
PAST_DAYS = {"jakarta-timur-utara": 12}
DEFAULT_PAST_DAYS = 3
# Who comes to a day: (share of the kelurahan's clients, of the rest of the kecamatan's).
# Jakarta Timur-Utara's working clients rely on these Saturdays.
SEEN_SHARE = {"jakarta-timur-utara": (0.9, 0.6)}
DEFAULT_SEEN_SHARE = (0.8, 0.25)
RELIABILITY = [0.97, 0.95, 0.93, 0.9, 0.88, 0.85, 0.75, 0.6]  # per client
# Days after the due date a report comes (within the ±7-day window): mostly on time.
OFFSETS = {-5: 1, -3: 2, -2: 3, -1: 4, 0: 14, 1: 5, 2: 3, 3: 2, 5: 2, 7: 1}
LATE_CONTACT_SHARE = 0.35  # of missed due dates: the client turns up after the window
VIOLATION_SHARE = 0.3  # of missed due dates: the PK records a violation
REVOKED_MISSES = 3  # "tidak memenuhi wajib lapor tiga kali berturut-turut"
NOTES = {
    vocab.KANTOR: [
        "Lapor diri, kondisi baik.",
        "Menyerahkan fotokopi KTP terbaru.",
        "Konsultasi rencana kerja.",
        "",
    ],
    vocab.KUNJUNGAN_RUMAH: [
        "Bertemu klien dan istri di rumah.",
        "Rumah kontrakan, kondisi baik.",
        "Klien sedang bekerja, bertemu orang tua.",
    ],
    vocab.VIDEO: ["Klien bekerja shift pagi, lapor lewat video.", "Panggilan video 10 menit.", ""],
    vocab.KELILING: ["Hadir di konseling keliling.", "Datang bersama keluarga.", ""],
}
LATE_NOTE = "Datang terlambat setelah dihubungi PK."
VIOLATION_NOTES = [
    "Tidak datang dan tidak dapat dihubungi.",
    "Tidak lapor tanpa keterangan.",
    "Nomor telepon tidak aktif; keluarga tidak tahu keberadaan klien.",
]
SITES = ["Balai warga RW 05", "Kantor kelurahan", "Aula kecamatan", "Musala Al-Ikhlas", "Pos RW 02"]
ISLAND_SITE = "Dermaga pulau (tenda Bapas)"


def second_saturday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(5 - first.weekday()) % 7 + 7)


def second_saturdays_before(day: date, count: int) -> list[date]:
    """The second Saturday of each month, the latest `count` strictly before `day`."""
    found: list[date] = []
    year, month = day.year, day.month
    while len(found) < count:
        if (saturday := second_saturday(year, month)) < day:
            found.append(saturday)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


def next_second_saturday(day: date) -> date:
    this_month = second_saturday(day.year, day.month)
    if this_month > day:
        return this_month
    return second_saturday(day.year + day.month // 12, day.month % 12 + 1)


def _office_day(day: date, last: date) -> date:
    """Offices are closed on Sunday: Monday instead, or Saturday when Monday is too late."""
    if day.weekday() != schedule.SUNDAY:
        return day
    return day + timedelta(days=1) if day + timedelta(days=1) <= last else day - timedelta(days=1)


class _History:
    """The office's clients and open due dates, kept in memory while reports are invented."""

    def __init__(self, today: date, pks: list[User]):
        self.today = today
        self.pk_names = {p.id: p.full_name for p in pks}
        self.clients = list(db.session.scalars(select(Client).order_by(Client.id)))
        self.open: dict[int, list] = defaultdict(list)
        dues = (
            select(
                ReportDue.id,
                ReportDue.client_id,
                ReportDue.due_on,
                ReportDue.window_from,
                ReportDue.window_to,
            )
            .where(ReportDue.cancelled.is_(False))
            .order_by(ReportDue.due_on)
        )
        for due in db.session.execute(dues):
            self.open[due.client_id].append(due)
        self.reports: list[dict] = []
        self.violations: list[dict] = []

    def report(
        self,
        client: Client,
        on: date,
        mode: str,
        pk_id: int,
        note: str,
        rng: random.Random,
        day: MobileCounselingDay | None = None,
    ) -> bool:
        """A report as `operations.record_report` would store it; False outside guidance."""
        first, last = under_guidance(client, self.today)
        if not first <= on <= last:
            return False
        due = schedule.earliest_open(self.open[client.id], on)
        if due is not None:
            self.open[client.id].remove(due)
        self.reports.append(
            {
                "client_id": client.id,
                "due_id": due.id if due else None,
                "reported_on": on,
                "mode": mode,
                "kelurahan": day.kelurahan if day else "",
                "pk_id": pk_id,
                "note": note,
                "mobile_day_id": day.id if day else None,
                "recorded_by_name": self.pk_names[pk_id],
                "recorded_at": datetime.combine(on, time(rng.randint(1, 8), rng.randint(0, 59))),
            }
        )
        return True

    def violation(self, client: Client, due, pk_id: int, rng: random.Random) -> None:
        self.open[client.id].remove(due)
        self.violations.append(
            {
                "client_id": client.id,
                "due_id": due.id,
                "note": rng.choice(VIOLATION_NOTES),
                "recorded_by_name": self.pk_names[pk_id],
                "recorded_at": datetime.combine(
                    min(self.today, due.window_to + timedelta(days=rng.randint(1, 5))), time(3)
                ),
            }
        )


def _plan_days(office: Office, rng: random.Random, pks: list[User], history: _History) -> None:
    """Past konseling keliling days, each at a kelurahan where many clients live, and
    the next one planned. Clients living there (and some from the kecamatan) come."""
    places = Counter(
        (c.kabupaten_kota, c.kecamatan, c.kelurahan)
        for c in history.clients
        if c.status == client_vocab.AKTIF and c.kelurahan and c.kecamatan
    )
    ranked = [place for place, _ in places.most_common()]
    if not ranked:
        return
    same_kelurahan, same_kecamatan = SEEN_SHARE.get(office.slug, DEFAULT_SEEN_SHARE)
    past = sorted(
        second_saturdays_before(history.today, PAST_DAYS.get(office.slug, DEFAULT_PAST_DAYS))
    )
    for i, held_on in enumerate([*past, next_second_saturday(history.today)]):
        kabupaten, kecamatan, kelurahan = ranked[i % len(ranked)]
        team = rng.sample(pks, k=min(len(pks), rng.randint(2, 3)))
        site = ISLAND_SITE if "Kepulauan Seribu" in kabupaten else rng.choice(SITES)
        day = mobile.plan_day(
            held_on=held_on,
            kelurahan=kelurahan,
            kecamatan=kecamatan,
            location_note=site,
            pk_ids=[p.id for p in team],
        )
        if held_on > history.today:
            continue
        team_ids = {p.id for p in team}
        for client in history.clients:
            share = (
                same_kelurahan
                if client.kelurahan == kelurahan
                else same_kecamatan
                if client.kecamatan == kecamatan
                else 0
            )
            if rng.random() < share:
                pk_id = client.pk_id if client.pk_id in team_ids else rng.choice(team).id
                history.report(
                    client,
                    held_on,
                    vocab.KELILING,
                    pk_id,
                    rng.choice(NOTES[vocab.KELILING]),
                    rng,
                    day,
                )


def _revoked_for_reporting() -> set[int]:
    return set(
        db.session.scalars(
            select(ClientStatusChange.client_id).where(
                ClientStatusChange.to_status == client_vocab.DICABUT,
                ClientStatusChange.reason.contains("wajib lapor"),
            )
        )
    )


def _client_history(
    client: Client,
    rng: random.Random,
    history: _History,
    modes: dict[str, int],
    pk_id: int,
    revoked: bool,
) -> None:
    reliability = rng.choice(RELIABILITY)
    dues = [d for d in history.open[client.id] if d.due_on <= history.today]
    last = under_guidance(client, history.today)[1]
    ended = [d.id for d in dues if d.due_on <= last]
    missed_tail = set(ended[-REVOKED_MISSES:]) if revoked else set()
    for due in dues:
        if due not in history.open[client.id]:
            continue  # already met at a mobile counseling day
        closed = due.window_to < history.today
        if due.id in missed_tail:
            if closed:
                history.violation(client, due, pk_id, rng)
        elif rng.random() < reliability:
            on = _office_day(due.due_on + timedelta(days=int(pick(rng, OFFSETS))), due.window_to)
            mode = pick(rng, modes)
            history.report(client, on, mode, pk_id, rng.choice(NOTES[mode]), rng)
        elif closed:
            if rng.random() < LATE_CONTACT_SHARE:
                late = _office_day(due.window_to + timedelta(days=rng.randint(1, 10)), last)
                history.report(client, late, vocab.KANTOR, pk_id, LATE_NOTE, rng)
            if rng.random() < VIOLATION_SHARE:
                history.violation(client, due, pk_id, rng)


def seed_reporting(office: Office, _shared: random.Random, pks: list[User]) -> None:
    """Draws from its own generator, seeded by the office: the shared one is left as
    it was, so adding these histories changes no other demo record."""
    rng = random.Random(f"wajib-lapor-{office.slug}")  # noqa: S311 demo data, not secrets
    history = _History(client_ops.office_today(), pks)
    _plan_days(office, rng, pks, history)
    modes = MODE_WEIGHTS.get(office.slug, DEFAULT_MODES)
    revoked = _revoked_for_reporting()
    for client in history.clients:
        pk_id = client.pk_id or pks[client.id % len(pks)].id  # transferred in: none yet
        _client_history(client, rng, history, modes, pk_id, client.id in revoked)
    if history.reports:
        db.session.execute(insert(Report), history.reports)
    if history.violations:
        db.session.execute(insert(ReportViolation), history.violations)
