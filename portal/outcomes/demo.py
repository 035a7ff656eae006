"""Synthetic outcomes for `flask demo seed`: work, re-offending and transfers.

Employment follows the field studies: urban clients of Tangerang and Jakarta
Timur-Utara mostly find informal work or start a small business; in Lombok
(Mataram) they farm, fish or work in tourism; Purwokerto is mixed. Each revoked
(dicabut) file has the events that led to the revocation and the revocation itself,
and some clients who finished guidance offend again within a year (fewer after a
cooking training: the known effect the what-works pages find). A couple of
clients move between the founding offices through the real transfer operation,
so both offices hold their side of it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.auth.models import User
from portal.clients import vocab as client_vocab
from portal.clients.models import Client, ClientStatusChange
from portal.clients.operations import office_today
from portal.demo.dates import between, pick, under_guidance
from portal.extensions import db
from portal.offices.models import Office
from portal.outcomes import vocab
from portal.outcomes.models import EmploymentRecord
from portal.outcomes.operations import record_reoffence
from portal.outcomes.transfer import destination_offices, transfer_client
from portal.trainings.demo import (
    OFFENCE_BASE,
    OFFENCE_EFFECT,
    WORK_BASE,
    WORK_EFFECT,
)
from portal.trainings.models import Participant, Training, TrainingSession

NO_RECORD_SHARE = 0.12
FOLLOW_UP_SHARE = 0.25  # closed files the PK checked on again after guidance
TRANSFERS_PER_OFFICE = 1
URBAN = {
    (vocab.BEKERJA, "transportasi", "Ojek daring"): 8,
    (vocab.BEKERJA, "perdagangan", "Penjaga toko kelontong"): 4,
    (vocab.BEKERJA, "konstruksi", "Buruh bangunan harian"): 6,
    (vocab.BEKERJA, "industri", "Buruh pabrik (kontrak)"): 5,
    (vocab.BEKERJA, "jasa", "Karyawan bengkel motor"): 3,
    (vocab.BEKERJA, "jasa", "Petugas cuci mobil"): 2,
    (vocab.WIRAUSAHA, "kuliner", "Warung makan / gorengan"): 5,
    (vocab.WIRAUSAHA, "perdagangan", "Pedagang kaki lima"): 5,
    (vocab.WIRAUSAHA, "jasa", "Pangkas rambut / rias di rumah"): 3,
    (vocab.WIRAUSAHA, "jasa", "Jasa pijat refleksi"): 2,
    (vocab.TIDAK_BEKERJA, None, "Masih mencari pekerjaan"): 10,
}
RURAL_LOMBOK = {
    (vocab.BEKERJA, "pertanian", "Buruh tani padi dan tembakau"): 8,
    (vocab.BEKERJA, "perikanan", "Nelayan tangkap"): 5,
    (vocab.BEKERJA, "pariwisata", "Pekerja homestay / pemandu wisata"): 4,
    (vocab.BEKERJA, "konstruksi", "Buruh bangunan"): 3,
    (vocab.WIRAUSAHA, "pertanian", "Menggarap lahan keluarga (kangkung, cabai)"): 5,
    (vocab.WIRAUSAHA, "peternakan", "Beternak sapi dan kambing"): 3,
    (vocab.WIRAUSAHA, "kuliner", "Menjual kue dan jajanan"): 3,
    (vocab.TIDAK_BEKERJA, None, "Belum bekerja"): 8,
}
MIXED = {
    (vocab.BEKERJA, "pertanian", "Buruh tani"): 4,
    (vocab.BEKERJA, "industri", "Karyawan pabrik rambut palsu"): 4,
    (vocab.BEKERJA, "perdagangan", "Pelayan toko"): 3,
    (vocab.BEKERJA, "konstruksi", "Tukang kayu / bangunan"): 4,
    (vocab.BEKERJA, "kuliner", "Karyawan rumah makan mitra"): 3,
    (vocab.BEKERJA, "jasa", "Petugas cuci mobil mitra"): 2,
    (vocab.WIRAUSAHA, "kuliner", "Angkringan / warung"): 4,
    (vocab.WIRAUSAHA, "jasa", "Jasa jahit"): 2,
    (vocab.WIRAUSAHA, "perdagangan", "Berjualan daring"): 2,
    (vocab.TIDAK_BEKERJA, None, "Belum bekerja"): 8,
}
JOBS = {"tangerang": URBAN, "jakarta-timur-utara": URBAN, "mataram": RURAL_LOMBOK}
INCOME = {None: 2, "lt1": 3, "1-2.5": 5, "2.5-5": 2, "gt5": 0.3}
# why a file was revoked -> what happened first (kind, source, note)
CAUSES = {
    "Melakukan tindak pidana baru.": (
        vocab.TINDAK_PIDANA_BARU,
        "kepolisian",
        "Ditangkap dalam perkara baru.",
    ),
    "Tidak memenuhi wajib lapor tiga kali berturut-turut.": (
        vocab.PELANGGARAN_TEKNIS,
        "laporan_pk",
        "Tidak wajib lapor tiga bulan berturut-turut.",
    ),
    "Melanggar syarat khusus pembimbingan.": (
        vocab.PELANGGARAN_TEKNIS,
        "laporan_pk",
        "Melanggar syarat khusus pembimbingan.",
    ),
}


def seed_employment(office: Office, rng: random.Random, pks: list[User]) -> None:
    """Bulk: a few hundred entries per office, dated inside each client's guidance
    (a first entry soon after arrival, maybe a change later; the checks after a finished
    guidance are `seed_work_checks`')."""
    today = office_today()
    work, idle = _split(JOBS.get(office.slug, MIXED))
    rows = []

    def job(client_id: int, on: date, extra: str = "") -> dict:
        return _job(rng, work if rng.random() < WORK_BASE else idle, client_id, on, extra)

    for client in db.session.scalars(select(Client).order_by(Client.id)):
        if client.is_anak or rng.random() < NO_RECORD_SHARE:
            continue
        first, last = under_guidance(client, today)
        day = min(last, first + timedelta(days=rng.randint(7, 45)))
        rows.append(job(client.id, day))
        if (last - day).days > 120 and rng.random() < 0.5:
            rows.append(job(client.id, between(rng, day + timedelta(days=90), last)))
    if rows:
        db.session.execute(insert(EmploymentRecord), rows)


def _split(jobs: dict) -> tuple[dict, dict]:
    """The office's own mix of work, split in working and not, so the chance of working
    is the generator's (WORK_BASE) for every record alike."""
    work = {k: w for k, w in jobs.items() if k[0] != vocab.TIDAK_BEKERJA}
    return work, {k: w for k, w in jobs.items() if k[0] == vocab.TIDAK_BEKERJA}


def _job(rng: random.Random, jobs: dict, client_id: int, on: date, extra: str = "") -> dict:
    status, sector, note = rng.choices(list(jobs), weights=list(jobs.values()))[0]
    band = None if status == vocab.TIDAK_BEKERJA else pick(rng, INCOME)
    return {
        "client_id": client_id,
        "recorded_on": on,
        "status": status,
        "sector": sector,
        "income_band": band,
        "note": f"{note}. {extra}".strip(),
        "by_user_name": "sistem",
    }


WORK_CHECK_DAYS = 60  # a PK's regular check of a client's work situation
CHECK_NOTE = "Pemeriksaan berkala status pekerjaan."


def seed_work_checks(office: Office, rng: random.Random, pks: list[User]) -> None:
    """Bulk, after the trainings: every adult client's work checked every two months of
    guidance, and for some who finished once three or six months after it, working with
    the chance the trainings demo states (WORK_BASE, plus the skill field's WORK_EFFECT
    from the 4th to the 8th month after an attended session), so the what-works pages
    have comparison clients with known outcomes and a known effect to find (also for a
    client whose guidance ended soon after the training)."""
    today = office_today()
    work, idle = _split(JOBS.get(office.slug, MIXED))
    attended = _attended()
    rows = []
    for client in db.session.scalars(select(Client).order_by(Client.id)):
        if client.is_anak:
            continue
        first, last = under_guidance(client, today)
        day = first + timedelta(days=rng.randint(20, WORK_CHECK_DAYS))
        while day <= last:
            working = rng.random() < WORK_BASE + _work_effect(attended, client.id, day)
            rows.append(_job(rng, work if working else idle, client.id, day, CHECK_NOTE))
            day += timedelta(days=WORK_CHECK_DAYS)
        if client.status == client_vocab.SELESAI and rng.random() < FOLLOW_UP_SHARE:
            later = last + timedelta(days=rng.choice([90, 180]))
            if later <= today:
                working = rng.random() < WORK_BASE + _work_effect(attended, client.id, later)
                rows.append(
                    _job(
                        rng,
                        work if working else idle,
                        client.id,
                        later,
                        "Tindak lanjut setelah bimbingan.",
                    )
                )
    if rows:
        db.session.execute(insert(EmploymentRecord), rows)


def _work_effect(attended: dict, client_id: int, day: date) -> float:
    """WORK_EFFECT of a field attended 4 to 8 months before `day` (the largest)."""
    return max(
        (
            WORK_EFFECT.get(skill, 0.0)
            for start, skill in attended.get(client_id, ())
            if 120 <= (day - start).days <= 244
        ),
        default=0.0,
    )


def _attended() -> dict[int, list[tuple[date, str]]]:
    """Per client, the first day and skill field of every session they attended."""
    attended: dict[int, list[tuple[date, str]]] = {}
    for client_id, day, skill in db.session.execute(
        select(Participant.client_id, TrainingSession.start_date, Training.skill_field)
        .join(Participant.session)
        .join(TrainingSession.training)
        .where(Participant.attended.is_(True))
    ):
        attended.setdefault(client_id, []).append((day, skill))
    return attended


def seed_offences_after(office: Office, rng: random.Random, pks: list[User]) -> None:
    """After the trainings: a new offence within a year after a finished guidance, with
    the chance the trainings demo states (OFFENCE_BASE, plus OFFENCE_EFFECT of a field
    attended during it), the re-offending effect the what-works pages find."""
    today = office_today()
    attended = _attended()
    for client in db.session.scalars(
        select(Client)
        .where(Client.status == client_vocab.SELESAI, Client.category == client_vocab.DEWASA)
        .order_by(Client.id)
    ).all():
        day = client.status_date + timedelta(days=rng.randint(30, 365))
        effect = min(
            (OFFENCE_EFFECT.get(s, 0.0) for _, s in attended.get(client.id, ())), default=0.0
        )
        if day <= today and rng.random() < OFFENCE_BASE + effect:
            record_reoffence(
                client,
                occurred_on=day,
                kind=vocab.TINDAK_PIDANA_BARU,
                source=rng.choice(["kepolisian", "kejaksaan"]),
                note="Ditangkap kembali setelah masa bimbingan berakhir.",
            )


def seed_reoffences(office: Office, rng: random.Random, pks: list[User]) -> None:
    """Through the operation (a few dozen per office): its date rules hold for demo data."""
    revoked = dict(
        db.session.execute(
            select(ClientStatusChange.client_id, ClientStatusChange.reason).where(
                ClientStatusChange.to_status == client_vocab.DICABUT
            )
        ).all()
    )
    for client in db.session.scalars(select(Client).order_by(Client.id)):
        if client.status == client_vocab.DICABUT:
            kind, source, note = CAUSES.get(
                revoked.get(client.id, ""), CAUSES["Melanggar syarat khusus pembimbingan."]
            )
            before = max(
                client.guidance_start, client.status_date - timedelta(days=rng.randint(7, 45))
            )
            record_reoffence(client, occurred_on=before, kind=kind, source=source, note=note)
            record_reoffence(
                client,
                occurred_on=client.status_date,
                kind=vocab.PENCABUTAN,
                source="laporan_pk",
                note="Program dicabut; klien kembali ke Lapas.",
            )


def seed_transfers(office: Office, rng: random.Random, pks: list[User]) -> None:
    """A transfer or two to another founding office, the way an administrator makes one.

    Runs before the seeders that write histories, so those see the client leave on
    the transfer date. The transfer leaves the session's identity map empty.
    """
    today = office_today()
    candidates = db.session.scalars(
        select(Client)
        .where(
            Client.status == client_vocab.AKTIF,
            Client.category == client_vocab.DEWASA,
            Client.guidance_start < today - timedelta(days=120),
            Client.guidance_end > today + timedelta(days=60),
        )
        .order_by(Client.id)
    ).all()
    destinations = [o.id for o in destination_offices()]
    chosen = [c.id for c in rng.sample(candidates, min(TRANSFERS_PER_OFFICE, len(candidates)))]
    for client_id in chosen:
        on = today - timedelta(days=rng.randint(5, 40))
        transfer_client(
            db.session.get(Client, client_id),
            rng.choice(destinations),
            on,
            "Klien pindah domisili mengikuti keluarga.",
        )
