"""Synthetic case files for `flask demo seed`: invented people, realistic proportions.

Clients are registered and their status changed through `operations`, so demo data
obeys the same rules as data typed into the forms.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from flask import current_app

from portal.auth.models import User
from portal.clients import operations, vocab
from portal.demo.dates import between, pick
from portal.demo.names import person_name
from portal.demo.places import address_in
from portal.offices.models import Office

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


def seed_clients(office: Office, rng: random.Random, pks: list[User]) -> None:
    today = operations.office_today()
    institutions = INSTITUTIONS.get(office.slug, ["Lapas setempat"])
    for i in range(current_app.config["DEMO_CLIENTS_PER_OFFICE"]):
        anak = rng.random() < ANAK_SHARE
        sex = "L" if rng.random() < 0.9 else "P"
        program = pick(rng, ANAK_PROGRAMS if anak else ADULT_PROGRAMS)
        start = today - timedelta(days=int(4 * 365 * rng.random() ** 2))  # most recent
        age = rng.randint(14, 16) if anak else rng.randint(19, 62)
        birth = start - timedelta(days=age * 365 + rng.randint(5, 355))
        end = start + timedelta(days=30 * rng.randint(*MONTHS[program]))
        place = address_in(rng, office.territory)
        decided = start - timedelta(days=rng.randint(60, 120 if anak else 900))
        client = operations.create_client(
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
        _seed_history(client, rng, today)


def _seed_history(client, rng: random.Random, today: date) -> None:
    start, end, roll = client.guidance_start, client.guidance_end, rng.random()
    if end <= today:
        if roll < 0.84:
            operations.change_status(client, vocab.SELESAI, end, "Masa bimbingan berakhir.")
        elif roll < 0.95:
            operations.change_status(
                client, vocab.DICABUT, between(rng, start, end), rng.choice(REVOCATION_REASONS)
            )
        else:
            operations.change_status(
                client,
                vocab.PINDAH,
                between(rng, start, end),
                "Pindah domisili ke luar wilayah kerja Bapas.",
            )
    elif roll < 0.05:
        operations.change_status(
            client,
            vocab.DICABUT,
            between(rng, start, today),
            "Tidak memenuhi wajib lapor tiga kali berturut-turut.",
        )
    elif roll < 0.07:
        operations.change_status(
            client,
            vocab.PINDAH,
            between(rng, start, today),
            "Pindah domisili ke luar wilayah kerja Bapas.",
        )
    elif roll < 0.075:
        operations.change_status(
            client, vocab.MENINGGAL, between(rng, start, today), "Meninggal dunia karena sakit."
        )
