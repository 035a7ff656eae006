"""Synthetic partner networks for `flask demo seed`, modelled on the four field studies.

Purwokerto: local businesses that train and employ clients, an LPK, a Griya
Abhipraya with a food stall. Mataram: Griya Abhipraya Mandalika with cake making
and water-spinach farming. Tangerang: eight Pokmas partners. Jakarta Timur-Utara:
a few partners across a wide territory. Names are invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.auth.models import User
from portal.clients.models import Client
from portal.clients.operations import office_today
from portal.demo.dates import between, under_guidance
from portal.extensions import db
from portal.offices.models import Office
from portal.partners.models import Agreement, Partner, Placement, Venue
from portal.trainings.demo import PLACEMENT_BASE, PLACEMENT_EFFECT
from portal.trainings.models import Participant, Training, TrainingSession

# (name, kind, contact, services)
PARTNERS = {
    "purwokerto": [
        (
            "Rumah Makan dan Cuci Mobil Sari Rasa",
            "badan_usaha",
            "Bapak Hadi Susanto",
            ["pelatihan", "penyaluran_kerja", "magang"],
        ),
        (
            "Angkringan Mas Bejo",
            "badan_usaha",
            "Bapak Bejo Santoso",
            ["pelatihan", "penyaluran_kerja"],
        ),
        ("LPK Satria Terampil Banyumas", "lpk", "Ibu Ratna Wulandari", ["pelatihan"]),
        (
            "Paguyuban Pengrajin Kayu Karanglewas",
            "kelompok_masyarakat",
            "Bapak Tarno",
            ["pelatihan", "magang", "pemasaran_produk"],
        ),
    ],
    "mataram": [
        (
            "Kelompok Wanita Tani Mandalika",
            "kelompok_masyarakat",
            "Ibu Baiq Nurhayati",
            ["pelatihan", "pemasaran_produk"],
        ),
        (
            "Toko Kue Sasak Manis",
            "badan_usaha",
            "Ibu Lale Sumiati",
            ["pelatihan", "penyaluran_kerja", "pemasaran_produk"],
        ),
        (
            "Dinas Sosial Kota Mataram",
            "instansi_pemerintah",
            "Bapak Lalu Ahmad Zaini",
            ["dukungan_psikososial", "rumah_singgah"],
        ),
    ],
    "tangerang": [
        (
            "Dinas Tenaga Kerja Kabupaten Tangerang",
            "instansi_pemerintah",
            "Bapak Agus Riyanto",
            ["pelatihan", "penyaluran_kerja"],
        ),
        ("PT Benih Unggul Nusantara", "badan_usaha", "Ibu Maria Kristina", ["pelatihan", "magang"]),
        (
            "Yayasan Harapan Baru Tangerang",
            "lsm_lbh",
            "Bapak Yohanes Pratama",
            ["dukungan_psikososial", "rumah_singgah"],
        ),
        ("LBH Masyarakat Tangerang", "lsm_lbh", "Ibu Siti Rahmawati", ["bantuan_hukum"]),
        ("LPK Cahaya Kreasi", "lpk", "Ibu Dewi Anggraini", ["pelatihan"]),
        (
            "Pelayanan Kasih Gereja Kristus Tangerang",
            "komunitas_keagamaan",
            "Pdt. Samuel Tan",
            ["pelatihan", "dukungan_psikososial"],
        ),
        (
            "Bakso dan Kue Pak Kumis",
            "badan_usaha",
            "Bapak Slamet Riyadi",
            ["pelatihan", "penyaluran_kerja"],
        ),
        (
            "Gentleman Barbershop Cikokol",
            "badan_usaha",
            "Bapak Rizky Firmansyah",
            ["pelatihan", "magang", "penyaluran_kerja"],
        ),
    ],
    "jakarta-timur-utara": [
        (
            "Majelis Taklim Al-Ikhlas Cakung",
            "komunitas_keagamaan",
            "Ustaz Abdul Rahman",
            ["dukungan_psikososial"],
        ),
        ("LPK Bahari Teknik Jakarta", "lpk", "Bapak Hendra Gunawan", ["pelatihan", "magang"]),
        (
            "Koperasi Nelayan Pulau Pramuka",
            "kelompok_masyarakat",
            "Bapak Mahmud",
            ["pelatihan", "pemasaran_produk", "penyaluran_kerja"],
        ),
    ],
}
# (name, address, beds, training places, partner indexes, note)
VENUES = {
    "purwokerto": [
        (
            "Griya Abhipraya Satria",
            "Jl. Gerilya, Purwokerto Selatan",
            6,
            20,
            [1],
            "Warung makan untuk klien yang sudah dilatih.",
        )
    ],
    "mataram": [
        (
            "Griya Abhipraya Mandalika",
            "Jl. Majapahit, Mataram",
            8,
            15,
            [0, 1],
            "Kebun kangkung dan dapur kue.",
        )
    ],
}
POSITIONS = {
    "kerja": [
        "Juru masak",
        "Pencuci mobil",
        "Pelayan",
        "Kasir",
        "Tukang cukur",
        "Staf gudang",
        "Penjual",
    ],
    "magang": ["Magang dapur", "Magang bengkel", "Magang pembibitan", "Magang salon"],
}


def seed_partners(office: Office, rng: random.Random, pks: list[User]) -> None:
    today = office_today()
    partners = [
        Partner(
            name=name,
            kind=kind,
            contact_person=contact,
            services=services,
            phone=f"08{rng.randint(10**8, 10**10 - 1)}",
            address=rng.choice(office.territory),
        )
        for name, kind, contact, services in PARTNERS.get(office.slug, [])
    ]
    db.session.add_all(partners)
    db.session.flush()
    db.session.add_all(_agreements(office, rng, partners, today))
    db.session.add_all(
        Venue(
            name=name,
            address=address,
            beds=beds,
            training_places=places,
            partner_ids=[partners[i].id for i in idx],
            note=note,
        )
        for name, address, beds, places, idx, note in VENUES.get(office.slug, [])
    )
    db.session.flush()
    _placements(rng, partners, today)


def _agreements(
    office: Office, rng: random.Random, partners: list[Partner], today: date
) -> list[Agreement]:
    """An expired first agreement for most, a current one for all; a few end soon."""
    rows = []
    for i, p in enumerate(partners, start=1):
        start = today - timedelta(days=rng.randint(200, 700))
        soon = rng.random() < 0.25
        end = today + timedelta(days=rng.randint(10, 55) if soon else rng.randint(150, 900))
        number = f"W.PAS-{office.slug[:3].upper()}/PKS/{start.year}/{i:03d}"
        rows.append(
            Agreement(
                partner=p,
                number=number,
                start_date=start,
                end_date=end,
                services=p.services,
                document_ref=f"Arsip Bimker {start.year}",
            )
        )
        if rng.random() < 0.7:
            old_start = start - timedelta(days=730)
            rows.append(
                Agreement(
                    partner=p,
                    number=f"{number}-L",
                    start_date=old_start,
                    end_date=start - timedelta(days=1),
                    services=p.services,
                    document_ref=f"Arsip Bimker {old_start.year}",
                )
            )
    return rows


def _placements(rng: random.Random, partners: list[Partner], today: date) -> None:
    hosts = [p for p in partners if {"penyaluran_kerja", "magang"} & set(p.services)]
    if not hosts:
        return
    clients = db.session.execute(
        select(Client.id, Client.guidance_start)
        .where(Client.category != "anak")
        .order_by(Client.id)
    ).all()
    rows = []
    for cid, start in rng.sample(clients, min(len(clients), 6 + 2 * len(hosts))):
        host = rng.choice(hosts)
        kind = "magang" if "magang" in host.services and rng.random() < 0.4 else "kerja"
        begin = start + timedelta(days=rng.randint(30, 120))
        if begin > today:
            continue
        finish = begin + timedelta(days=rng.randint(60, 240))
        outcome = (
            "berlangsung"
            if finish > today
            else rng.choices(["selesai", "dipekerjakan", "berhenti"], [4, 3, 3])[0]
        )
        rows.append(
            {
                "client_id": cid,
                "partner_id": host.id,
                "kind": kind,
                "position": rng.choice(POSITIONS[kind]),
                "start_date": begin,
                "end_date": None if finish > today else finish,
                "outcome": outcome,
                "note": "",
            }
        )
    if rows:
        db.session.execute(insert(Placement), rows)


def seed_training_placements(office: Office, rng: random.Random, pks: list[User]) -> None:
    """Bulk, after the trainings: placements with the chance the trainings demo states.
    Any adult may be placed at some time in guidance (PLACEMENT_BASE); a client who
    attended a session is placed one to three months after it (by the end of guidance)
    with PLACEMENT_EFFECT of its field, by the trainer when it places people, else by
    another host partner."""
    today = office_today()
    partners = db.session.scalars(select(Partner).order_by(Partner.id)).all()
    hosts = [p for p in partners if {"penyaluran_kerja", "magang"} & set(p.services)]
    if not hosts:
        return
    by_id = {p.id: p for p in hosts}
    first: dict[int, tuple] = {}
    for client_id, day, skill, partner_id in db.session.execute(
        select(
            Participant.client_id,
            TrainingSession.start_date,
            Training.skill_field,
            Training.partner_id,
        )
        .join(Participant.session)
        .join(TrainingSession.training)
        .where(Participant.attended.is_(True))
        .order_by(TrainingSession.start_date, Participant.id)
    ):
        first.setdefault(client_id, (day, skill, partner_id))
    rows = []
    for client in db.session.scalars(
        select(Client).where(Client.category != "anak").order_by(Client.id)
    ):
        begin, last = under_guidance(client, today)
        trained = first.get(client.id)
        if trained and rng.random() < PLACEMENT_EFFECT.get(trained[1], 0.0):
            # before the guidance ends: the PK arranges it while the client is a client
            day = min(last, trained[0] + timedelta(days=rng.randint(30, 90)))
            host = by_id.get(trained[2]) or rng.choice(hosts)
        elif rng.random() < PLACEMENT_BASE:
            day, host = between(rng, begin, last), rng.choice(hosts)
        else:
            continue
        if day > last:
            continue
        kind = "magang" if "magang" in host.services and rng.random() < 0.4 else "kerja"
        finish = day + timedelta(days=rng.randint(60, 240))
        rows.append(
            {
                "client_id": client.id,
                "partner_id": host.id,
                "kind": kind,
                "position": rng.choice(POSITIONS[kind]),
                "start_date": day,
                "end_date": None if finish > today else finish,
                "outcome": "berlangsung"
                if finish > today
                else rng.choices(["selesai", "dipekerjakan", "berhenti"], [4, 3, 3])[0],
                "note": "",
            }
        )
    if rows:
        db.session.execute(insert(Placement), rows)
