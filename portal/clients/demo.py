"""Synthetic case files for `flask demo seed`: invented people, realistic proportions.

Clients are registered and their status changed by the rules of `operations` (checked
one by one, written in bulk as an import writes), so demo data obeys the same rules as
data typed into the forms. Besides the current caseload, each office keeps files closed
more than a year ago, whose re-offending after guidance is known (what works).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import bindparam, insert, select, update

from portal.audit.operations import record_many
from portal.auth.models import User
from portal.clients import operations, vocab
from portal.clients.models import Client, ClientStatusChange
from portal.demo.dates import between, pick
from portal.demo.names import person_name
from portal.demo.places import address_in
from portal.extensions import db
from portal.offices.models import Office
from portal.reporting.models import ReportDue

ANAK_SHARE = 0.05
# Dukcapil region codes (province + kabupaten/kota) for the founding offices' territory.
REGION_CODES = {
    "Kabupaten Cilacap": "3301",
    "Kabupaten Banyumas": "3302",
    "Kabupaten Purbalingga": "3303",
    "Kabupaten Banjarnegara": "3304",
    "Kota Mataram": "5271",
    "Kabupaten Lombok Barat": "5201",
    "Kabupaten Lombok Tengah": "5202",
    "Kabupaten Lombok Timur": "5203",
    "Kabupaten Lombok Utara": "5208",
    "Kabupaten Tangerang": "3603",
    "Kota Tangerang": "3671",
    "Kota Tangerang Selatan": "3674",
    "Kabupaten Administrasi Kepulauan Seribu": "3101",
    "Kota Administrasi Jakarta Timur": "3172",
    "Kota Administrasi Jakarta Utara": "3175",
}
ADULT_PROGRAMS = {
    "pb": 40,
    "cb": 10,
    "cmb": 8,
    "asimilasi": 27,
    "pidana_bersyarat": 9,
    "pidana_pengawasan": 6,
}
ANAK_PROGRAMS = {"diversi": 45, "pb": 30, "asimilasi": 15, "pidana_pengawasan": 10}
MONTHS = {
    "pb": (12, 36),
    "cb": (3, 8),
    "cmb": (3, 6),
    "asimilasi": (3, 12),
    "pidana_bersyarat": (6, 24),
    "pidana_pengawasan": (6, 12),
    "diversi": (3, 6),
}
OFFENCES = {
    "narkotika": 34,
    "pencurian": 24,
    "penipuan": 7,
    "penggelapan": 6,
    "penganiayaan": 8,
    "perampokan": 3,
    "kesusilaan": 3,
    "perlindungan_anak": 2,
    "kdrt": 2,
    "korupsi": 2,
    "perjudian": 3,
    "lalu_lintas": 2,
    "ite": 1,
    "senjata_tajam": 2,
    "pembunuhan": 1,
}
WORK = [
    "Buruh harian",
    "Pedagang",
    "Ojek daring",
    "Petani",
    "Nelayan",
    "Sopir",
    "Tidak bekerja",
    "Karyawan swasta",
    "Tukang bangunan",
    "Pelajar",
    "Montir",
    "Penjaga toko",
]
INSTITUTIONS = {
    "purwokerto": [
        "Lapas Kelas IIA Purwokerto",
        "Rutan Kelas IIB Purbalingga",
        "Lapas Kelas IIB Cilacap",
        "Rutan Kelas IIB Banjarnegara",
    ],
    "mataram": ["Lapas Kelas IIA Mataram", "Rutan Kelas IIA Praya", "Lapas Kelas IIB Selong"],
    "tangerang": [
        "Lapas Kelas I Tangerang",
        "Lapas Pemuda Kelas IIA Tangerang",
        "Rutan Kelas I Tangerang",
        "LPKA Kelas I Tangerang",
    ],
    "jakarta-timur-utara": [
        "Rutan Kelas I Cipinang",
        "Lapas Narkotika Kelas IIA Jakarta",
        "Lapas Kelas I Cipinang",
        "Rutan Kelas I Jakarta Pusat",
    ],
}

REVOCATION_REASONS = [
    "Tidak memenuhi wajib lapor tiga kali berturut-turut.",
    "Melakukan tindak pidana baru.",
    "Melanggar syarat khusus pembimbingan.",
]
# Why a finished file was revoked: a new offence most often (the re-offending during
# guidance that the what-works pages compare).
REVOCATION_CAUSES = [REVOCATION_REASONS[1], *REVOCATION_REASONS]
# Why a finished file was revoked: a new offence most often (the re-offending during
# guidance that the what-works pages compare).
REVOCATION_CAUSES = [REVOCATION_REASONS[1], *REVOCATION_REASONS]
CODES = {
    "pb": "PB",
    "cb": "CB",
    "cmb": "CMB",
    "asimilasi": "AS",
    "pidana_bersyarat": "PBS",
    "pidana_pengawasan": "PPW",
    "diversi": "DIV",
}


def _nik(rng: random.Random, kabupaten: str, birth: date, sex: str) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return (
        f"{REGION_CODES.get(kabupaten, '3302')}{rng.randint(1, 30):02d}"
        f"{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 9999):04d}"
    )


# Files closed more than a year ago, beside the current caseload: their guidance (and
# the trainings taken during it) ended long enough ago for re-offending within twelve
# months after guidance to be known, which the what-works pages compare. As a share of
# DEMO_CLIENTS_PER_OFFICE; Tangerang, the busiest office, keeps the most, so its own
# partners gather enough finished clients to be compared on its page.
PAST_SHARE = {"tangerang": 3.0}
DEFAULT_PAST_SHARE = 0.6
PAST_ENDED_DAYS = (380, 800)  # the guidance ended this many days ago


def seed_clients(office: Office, rng: random.Random, pks: list[User]) -> None:
    """In bulk, through the rules an import obeys (`check_new_client`, `insert_clients`):
    each file is checked as the form checks it; then the status changes (see
    `_change_statuses`)."""
    today = operations.office_today()
    institutions = INSTITUTIONS.get(office.slug, ["Lapas setempat"])
    size = current_app.config["DEMO_CLIENTS_PER_OFFICE"]
    scale = current_app.config["DEMO_CLOSED_SCALE"]
    past = round(size * scale * PAST_SHARE.get(office.slug, DEFAULT_PAST_SHARE))
    lookups = operations.Lookups.load()
    rows, histories = [], []
    for i in range(size + past):
        closed = i >= size
        anak = not closed and rng.random() < ANAK_SHARE
        sex = "L" if rng.random() < 0.9 else "P"
        program = pick(rng, ANAK_PROGRAMS if anak else ADULT_PROGRAMS)
        if closed:
            end = today - timedelta(days=rng.randint(*PAST_ENDED_DAYS))
            start = end - timedelta(days=30 * rng.randint(*MONTHS[program]))
        else:
            start = today - timedelta(days=int(4 * 365 * rng.random() ** 2))  # most recent
        age = rng.randint(14, 16) if anak else rng.randint(19, 62)
        birth = start - timedelta(days=age * 365 + rng.randint(5, 355))
        if not closed:
            end = start + timedelta(days=30 * rng.randint(*MONTHS[program]))
        place = address_in(rng, office.territory)
        decided = start - timedelta(days=rng.randint(60, 120 if anak else 900))
        data = dict(
            register_number=f"W.{i + 1:04d}/{CODES[program]}/{start.year}",
            name=person_name(rng, office.slug, sex),
            sex=sex,
            birth_date=birth,
            nik=_nik(rng, place["kabupaten"], birth, sex),
            street=place["street"],
            kelurahan=place["kelurahan"],
            kecamatan=place["kecamatan"],
            kabupaten_kota=place["kabupaten"],
            phone=f"08{rng.randint(10**8, 10**10 - 1)}",
            education=rng.choice(["sd", "smp", "smp"] if anak else list(vocab.EDUCATION)),
            marital_status="belum_kawin" if anak else rng.choice(list(vocab.MARITAL)),
            dependants=0 if anak else rng.choice([0, 0, 1, 2, 2, 3, 4, 5]),
            work_before="Pelajar" if anak else rng.choice(WORK),
            offence=pick(rng, OFFENCES),
            court_decision_number=f"{rng.randint(1, 999)}/Pid.{'Sus-Anak' if anak else 'B'}"
            f"/{decided.year}/PN",
            court_decision_date=decided,
            sentence_months=rng.randint(3, 12) if anak else rng.randint(8, 96),
            origin_institution="" if program == "diversi" else rng.choice(institutions),
            program=program,
            guidance_start=start,
            guidance_end=end,
            pk_id=rng.choice(pks).id,
        )
        rows.append(operations.check_new_client(data, lookups))
        histories.append(_history(rng, start, end, today))
    ids = operations.insert_clients(rows)
    _change_statuses(dict(zip(ids, histories, strict=True)))


def _change_statuses(histories: dict[int, tuple | None]) -> None:
    """Each change checked by `check_status_change`, as the form checks it, and written
    in bulk as `change_status` writes it one by one: the new status, its history row,
    its audit event, and the due dates after it cancelled (none has a report yet: the
    files were registered a moment ago)."""
    changes, events, cancels = [], [], []
    clients = db.session.scalars(select(Client).where(Client.id.in_(list(histories))))
    for client in sorted(clients, key=lambda c: c.id):
        history = histories.get(client.id)
        if history is None:
            continue
        status, on, reason = history
        reason = operations.check_status_change(client, status, on, reason)
        changes.append(
            {
                "client_id": client.id,
                "changed_on": on,
                "from_status": client.status,
                "to_status": status,
                "reason": reason,
                "by_user_id": None,
                "by_user_name": "sistem",
            }
        )
        events.append(
            (
                client.id,
                f"Status klien {client.register_number}: {client.status} → {status}",
                {"from": client.status, "to": status, "on": on.isoformat()},
            )
        )
        cancels.append({"client": client.id, "after": on})
        client.status, client.status_date = status, on
    if not changes:
        return
    db.session.flush()
    db.session.execute(insert(ClientStatusChange), changes)
    record_many("status", "client", events)
    db.session.execute(
        update(ReportDue.__table__)
        .where(
            ReportDue.client_id == bindparam("client"),
            ReportDue.due_on > bindparam("after"),
            ReportDue.cancelled.is_(False),
        )
        .values(cancelled=True),
        cancels,
    )


def _history(rng: random.Random, start: date, end: date, today: date) -> tuple | None:
    """The status change a file's history holds, if any: (status, date, reason)."""
    roll = rng.random()
    if end <= today:
        if roll < 0.8:
            return vocab.SELESAI, end, "Masa bimbingan berakhir."
        if roll < 0.95:
            return vocab.DICABUT, between(rng, start, end), rng.choice(REVOCATION_CAUSES)
        return (
            vocab.PINDAH,
            between(rng, start, end),
            "Pindah domisili ke luar wilayah kerja Bapas.",
        )
    if roll < 0.05:
        return (
            vocab.DICABUT,
            between(rng, start, today),
            "Tidak memenuhi wajib lapor tiga kali berturut-turut.",
        )
    if roll < 0.07:
        return (
            vocab.PINDAH,
            between(rng, start, today),
            "Pindah domisili ke luar wilayah kerja Bapas.",
        )
    if roll < 0.075:
        return vocab.MENINGGAL, between(rng, start, today), "Meninggal dunia karena sakit."
    return None
