"""Synthetic trainings for `flask demo seed`: four years of sessions with outcomes.

Each office runs the trainings its field study describes. Sessions before 1 January
two years ago are recorded as headcounts only (as in the offices' old spreadsheets).
Participants are clients under guidance on the session's first day (the same SQL
rule the enrol form uses), each in one training. Outcomes follow the studies: most
short trainings are not applied, make-up and reflexology more often; farming works
better in rural Lombok than in urban Tangerang. Rows are bulk-inserted so seeding stays fast.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.auth.models import User
from portal.clients.models import Client
from portal.clients.operations import office_today
from portal.extensions import db
from portal.offices.models import Office
from portal.partners.models import Partner, Venue
from portal.trainings import vocab
from portal.trainings.followups import window
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession
from portal.trainings.operations import under_guidance_on

# (title, skill, partner name or None, venue kind, days, people per session)
PROGRAMS = {
    "purwokerto": [
        (
            "Memasak untuk usaha warung",
            "kuliner",
            "Rumah Makan dan Cuci Mobil Sari Rasa",
            "lokasi_mitra",
            3,
            (8, 12),
        ),
        (
            "Cuci kendaraan profesional",
            "cuci_kendaraan",
            "Rumah Makan dan Cuci Mobil Sari Rasa",
            "lokasi_mitra",
            2,
            (5, 8),
        ),
        ("Angkringan dan minuman", "kuliner", "Angkringan Mas Bejo", "griya_abhipraya", 2, (6, 10)),
        (
            "Pertukangan kayu",
            "pertukangan",
            "Paguyuban Pengrajin Kayu Karanglewas",
            "lokasi_mitra",
            5,
            (6, 10),
        ),
        ("Menjahit dasar", "menjahit", "LPK Satria Terampil Banyumas", "lokasi_mitra", 5, (8, 12)),
        ("Keterampilan digital dan pemasaran daring", "digital", None, "aula_kantor", 2, (10, 15)),
        (
            "Tata rias dan salon",
            "tata_rias",
            "LPK Satria Terampil Banyumas",
            "lokasi_mitra",
            3,
            (8, 12),
        ),
        ("Servis sepeda motor", "otomotif", None, "aula_kantor", 3, (8, 12)),
    ],
    "mataram": [
        (
            "Pembuatan kue tradisional",
            "kuliner",
            "Toko Kue Sasak Manis",
            "griya_abhipraya",
            3,
            (12, 15),
        ),
        (
            "Budidaya dan panen kangkung",
            "pertanian",
            "Kelompok Wanita Tani Mandalika",
            "griya_abhipraya",
            4,
            (12, 15),
        ),
        ("Pengolahan ikan pindang dan abon", "perikanan", None, "aula_kantor", 2, (10, 15)),
    ],
    "tangerang": [
        (
            "Budidaya ikan lele",
            "perikanan",
            "Dinas Tenaga Kerja Kabupaten Tangerang",
            "aula_kantor",
            1,
            (12, 18),
        ),
        (
            "Pembibitan tanaman",
            "pembibitan",
            "PT Benih Unggul Nusantara",
            "lokasi_mitra",
            1,
            (10, 15),
        ),
        (
            "Servis sepeda motor",
            "otomotif",
            "Dinas Tenaga Kerja Kabupaten Tangerang",
            "aula_kantor",
            5,
            (10, 15),
        ),
        ("Barista pemula", "barista", "LPK Cahaya Kreasi", "lokasi_mitra", 2, (8, 12)),
        ("Tata rias wajah", "tata_rias", "LPK Cahaya Kreasi", "lokasi_mitra", 2, (8, 12)),
        ("Membuat bakso", "kuliner", "Bakso dan Kue Pak Kumis", "aula_kantor", 1, (10, 15)),
        ("Membuat kue dan roti", "kuliner", "Bakso dan Kue Pak Kumis", "aula_kantor", 1, (10, 15)),
        (
            "Pangkas rambut",
            "pangkas_rambut",
            "Gentleman Barbershop Cikokol",
            "lokasi_mitra",
            2,
            (6, 10),
        ),
        (
            "Pijat refleksi",
            "pijat_refleksi",
            "Pelayanan Kasih Gereja Kristus Tangerang",
            "lokasi_mitra",
            2,
            (8, 12),
        ),
    ],
    "jakarta-timur-utara": [
        (
            "Perbengkelan sepeda motor",
            "otomotif",
            "LPK Bahari Teknik Jakarta",
            "lokasi_mitra",
            5,
            (8, 12),
        ),
        ("Pengelasan dasar", "las", "LPK Bahari Teknik Jakarta", "lokasi_mitra", 5, (6, 10)),
        (
            "Pengolahan hasil laut",
            "perikanan",
            "Koperasi Nelayan Pulau Pramuka",
            "lokasi_mitra",
            3,
            (8, 12),
        ),
        ("Tata rias dan salon", "tata_rias", None, "aula_kantor", 2, (8, 12)),
    ],
}
# The main skill fields run every month or two in several offices, so each gathers
# enough trained clients for the national what-works page to compare (at least
# MIN_GROUP matched); the other fields stay small and honestly show "too few".
MAIN_FIELDS = frozenset({"kuliner", "perikanan", "otomotif", "tata_rias"})
MAIN_SESSIONS, OTHER_SESSIONS = (8, 10), (2, 4)  # a year
# Share of followed-up participants applying the skill, by field (others: DEFAULT_APPLY).
APPLY = {
    "tata_rias": 0.5,
    "pijat_refleksi": 0.45,
    "pangkas_rambut": 0.35,
    "kuliner": 0.25,
    "otomotif": 0.3,
    "las": 0.25,
    "barista": 0.08,
    "perikanan": 0.1,
    "pembibitan": 0.08,
    "pertanian": 0.12,
}
RURAL_APPLY = {"pertanian": 0.4, "kuliner": 0.35}  # Lombok clients farm and sell at home
RURAL = {"mataram"}
DEFAULT_APPLY = 0.2
SECTOR = {
    "kuliner": "kuliner",
    "pertanian": "pertanian",
    "perikanan": "perikanan",
    "pembibitan": "pertanian",
    "tata_rias": "jasa",
    "pijat_refleksi": "jasa",
    "pangkas_rambut": "jasa",
    "otomotif": "jasa",
    "las": "industri",
    "cuci_kendaraan": "jasa",
    "menjahit": "industri",
    "pertukangan": "konstruksi",
}
# The generator's known effect of a training on work (portal/whatworks finds these):
# a client's chance of working at a check from the 4th to the 8th month after attending
# a session is WORK_BASE + WORK_EFFECT[skill field] (0 for fields not named), and
# WORK_BASE at any other time. Make-up, reflexology and motorbike repair help; barista,
# seedlings and fish farming do not (the field studies' "not applied").
WORK_BASE = 0.35
WORK_EFFECT = {
    "tata_rias": 0.35,
    "pijat_refleksi": 0.3,
    "otomotif": 0.3,
    "kuliner": 0.25,
    "pertanian": 0.2,
    "barista": 0.0,
    "pembibitan": 0.0,
    "perikanan": 0.0,
}
# And on re-offending after guidance: a client who finished guidance offends again
# within a year with chance OFFENCE_BASE, plus the OFFENCE_EFFECT of a field attended
# during it: cooking, which most often leads to a stall of one's own, and make-up and
# motorbike repair lower it; fish processing, barista and seedlings do not.
OFFENCE_BASE = 0.25
OFFENCE_EFFECT = {"kuliner": -0.15, "tata_rias": -0.12, "otomotif": -0.12}
# Placements: any adult client under guidance is placed by a partner with chance
# PLACEMENT_BASE at some time in it; an attended training adds PLACEMENT_EFFECT of its
# field, a placement one to three months after the session (the trainer's own firm
# when it places people, else another partner of the office).
PLACEMENT_BASE = 0.05
PLACEMENT_EFFECT = {"kuliner": 0.3, "tata_rias": 0.2, "otomotif": 0.15, "las": 0.25}
YEARS = 4
# Sessions before 1 January two years ago are headcounts only (the old spreadsheets);
# later ones name their participants, so the what-works pages' default cohort years
# (this year and the two before) hold named participants throughout.
HEADCOUNT_ONLY_YEARS = 2
RECORDER = "Data contoh"


def seed_trainings(office: Office, rng: random.Random, pks: list[User]) -> None:
    today = office_today()
    partners = {p.name: p.id for p in db.session.scalars(select(Partner))}
    venue = db.session.scalar(select(Venue).order_by(Venue.id))
    apply = {**APPLY, **(RURAL_APPLY if office.slug in RURAL else {})}
    people, follow_ups = [], []
    for title, skill, partner, venue_kind, days, size in PROGRAMS.get(office.slug, []):
        if venue_kind == "griya_abhipraya" and venue is None:
            venue_kind = "aula_kantor"
        training = Training(
            title=title,
            skill_field=skill,
            partner_id=partners.get(partner),
            description=f"Pelatihan {days} hari.",
        )
        db.session.add(training)
        sessions = MAIN_SESSIONS if skill in MAIN_FIELDS else OTHER_SESSIONS
        for start in _session_dates(rng, today, sessions):
            old = start.year < today.year - HEADCOUNT_ONLY_YEARS
            budget = rng.randrange(1_500_000, 9_000_000, 250_000)
            session = TrainingSession(
                training=training,
                start_date=start,
                end_date=start + timedelta(days=days - 1),
                venue_kind=venue_kind,
                # Old spreadsheet records give a headcount and, often, no budget.
                budget=None if old and start.month % 2 else budget,
                venue_id=venue.id if venue_kind == "griya_abhipraya" else None,
                headcount=rng.randint(*size) if old else None,
            )
            db.session.add(session)
            if not old:
                people.append((session, rng.randint(*size)))
    db.session.flush()
    # Sessions fill in date order, whoever runs them: a client takes one training, so a
    # trainer listed first must not take every interested client before the others.
    people.sort(key=lambda p: (p[0].start_date, p[0].id))
    # Trainings are offered to the clients whose Litmas found an interest in independence
    # training (about half): the other half are never trained, as in the field studies,
    # and are the comparison clients the what-works pages need.
    interested = {
        c for c in db.session.scalars(select(Client.id).order_by(Client.id)) if rng.random() < 0.5
    }
    rows, meta = [], []
    trained: set[int] = set()  # one training each: a field's figures carry its own effect
    # Who was under guidance on each session's first day: the enrol form's SQL rule,
    # asked once for every session (a query per session cost seconds).
    under = defaultdict(list)
    for session_id, client_id in db.session.execute(
        select(TrainingSession.id, Client.id)
        .join(Client, under_guidance_on(TrainingSession.start_date))
        .where(TrainingSession.id.in_([s.id for s, _ in people]), Client.category != "anak")
        .order_by(TrainingSession.id, Client.id)
    ):
        under[session_id].append(client_id)
    for session, n in people:
        eligible = [c for c in under[session.id] if c in interested and c not in trained]
        future = session.start_date > today
        for client_id in rng.sample(eligible, min(n, len(eligible))):
            trained.add(client_id)
            attended = not future and rng.random() < 0.9
            completed = attended and rng.random() < 0.85
            rows.append(
                {
                    "session_id": session.id,
                    "client_id": client_id,
                    "attended": attended,
                    "completed": completed,
                    "certificate": completed,
                    "transport_money": rng.choice([50_000, 75_000, 100_000]) if attended else 0,
                }
            )
            meta.append((session, attended))
    if not rows:
        return
    ids = db.session.scalars(insert(Participant).returning(Participant.id), rows).all()
    for pid, (session, attended) in zip(ids, meta, strict=True):
        if attended:
            follow_ups += _outcomes(rng, pid, session, apply, today)
    if follow_ups:
        db.session.execute(insert(FollowUp), follow_ups)


def _session_dates(rng: random.Random, today: date, per_year: tuple[int, int]) -> list[date]:
    """Some sessions a year over the last YEARS years, sometimes one ahead."""
    dates = []
    for year_back in range(YEARS):
        for _ in range(rng.randint(*per_year)):
            dates.append(today - timedelta(days=365 * year_back + rng.randint(5, 360)))
    if rng.random() < 0.5:
        dates.append(today + timedelta(days=rng.randint(7, 40)))
    return sorted(dates)


def _outcomes(
    rng: random.Random,
    participant_id: int,
    session: TrainingSession,
    apply: dict[str, float],
    today: date,
) -> list[dict]:
    """Follow-ups whose window has passed, most recorded; recent ones left due."""
    skill = session.training.skill_field
    rows, applying = [], rng.random() < apply.get(skill, DEFAULT_APPLY)
    for stage, chance in ((3, 0.8), (6, 0.6)):
        due_from, due_to = window(session.end_date, stage)
        if due_to > today or rng.random() > chance:
            continue
        day = due_from + timedelta(days=rng.randint(0, (due_to - due_from).days))
        work = _work(rng, applying) if stage == 3 else _work_at_six_months(rng, skill)
        rows.append(
            {
                "participant_id": participant_id,
                "stage": stage,
                "followed_on": day,
                "applying_skill": applying,
                "work_status": work,
                "sector": (
                    SECTOR.get(skill, "lainnya")
                    if applying
                    else rng.choice(["perdagangan", "transportasi", "konstruksi", "industri"])
                )
                if work == vocab.BEKERJA
                else None,
                "income_band": rng.choice(["lt1", "1to2", "2to35"])
                if work != vocab.TIDAK_BEKERJA
                else None,
                "note": "",
                "recorded_by": RECORDER,
            }
        )
    return rows


def _work_at_six_months(rng: random.Random, skill: str) -> str:
    if rng.random() < WORK_BASE + WORK_EFFECT.get(skill, 0.0):
        return rng.choice([vocab.BEKERJA, vocab.WIRAUSAHA])
    return vocab.TIDAK_BEKERJA


def _work(rng: random.Random, applying: bool) -> str:
    if applying:
        return rng.choices([vocab.WIRAUSAHA, vocab.BEKERJA, vocab.TIDAK_BEKERJA], [5, 4, 1])[0]
    return rng.choices([vocab.BEKERJA, vocab.WIRAUSAHA, vocab.TIDAK_BEKERJA], [3, 1, 6])[0]
