"""Synthetic guidance sessions for `flask demo seed`: the last two years.

Each client meets their PK alone every six weeks or so while under guidance, and
the office holds a few group sessions a month (religious talks, legal awareness,
vocational work) for the clients under guidance that day. Attendance is mostly
hadir, some terlambat, and a few tidak hadir with the reason the PK wrote down.
Only clients under guidance on the session date are listed. Rows are
bulk-inserted so seeding stays fast.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.auth.models import User
from portal.bulk import insert_returning_ids
from portal.clients.models import Client
from portal.clients.operations import office_today
from portal.demo.dates import pick, under_guidance, weekday_between
from portal.extensions import db
from portal.guidance import vocab
from portal.guidance.models import GuidanceSession, SessionAttendance
from portal.offices.models import Office

HISTORY_DAYS = 730
INDIVIDUAL_EVERY_DAYS = (30, 60)
GROUP_PER_MONTH = 3
GROUP_SIZE = (4, 14)
# subtype -> topics a PK writes in the register
TOPICS = {
    "keagamaan": [
        "Ceramah agama: menjauhi narkoba",
        "Pengajian rutin bulanan",
        "Kebaktian dan renungan bersama",
        "Tausiyah tentang tanggung jawab keluarga",
    ],
    "berbangsa": ["Wawasan kebangsaan dan Pancasila", "Upacara Hari Kesadaran Nasional"],
    "hukum": [
        "Penyuluhan hukum: hak dan kewajiban klien",
        "Sosialisasi bahaya narkotika",
        "Syarat pembebasan bersyarat dan akibat pelanggarannya",
    ],
    "intelektual": ["Kejar paket C: pendampingan belajar", "Literasi keuangan keluarga"],
    "sikap_perilaku": [
        "Pengendalian emosi",
        "Evaluasi sikap di lingkungan rumah",
        "Menjaga pergaulan",
    ],
    "konseling": [
        "Konseling individu: penyesuaian diri",
        "Konseling adiksi",
        "Konseling keluarga bersama orang tua",
        "Evaluasi perkembangan bulanan",
    ],
    "pelatihan_vokasi": ["Praktik keterampilan sesuai minat", "Pelatihan kerja singkat"],
    "kerja_produksi": ["Kerja produksi di Griya Abhipraya", "Produksi makanan ringan"],
    "bimbingan_karier": ["Menyusun lamaran kerja", "Informasi lowongan dari mitra"],
    "magang": ["Evaluasi magang di tempat mitra"],
    "rintisan_usaha": ["Menyusun rencana usaha kecil", "Pemasaran produk secara daring"],
}
INDIVIDUAL_SUBTYPES = {
    "konseling": 6,
    "sikap_perilaku": 3,
    "hukum": 1,
    "bimbingan_karier": 2,
    "rintisan_usaha": 1,
}
GROUP_SUBTYPES = {
    "keagamaan": 4,
    "hukum": 3,
    "berbangsa": 1,
    "intelektual": 1,
    "pelatihan_vokasi": 2,
    "kerja_produksi": 2,
    "bimbingan_karier": 1,
}
ATTENDANCE = {
    vocab.INDIVIDUAL: {vocab.HADIR: 86, vocab.TERLAMBAT: 8, vocab.TIDAK_HADIR: 6},
    vocab.GROUP: {vocab.HADIR: 76, vocab.TERLAMBAT: 13, vocab.TIDAK_HADIR: 11},
}
ABSENCE_REASONS = [
    "Sakit, ada surat keterangan dokter.",
    "Bekerja di luar kota.",
    "Mengantar anggota keluarga berobat.",
    "Tidak ada ongkos transportasi.",
    "Tanpa keterangan; sudah ditegur PK melalui telepon.",
    "Menghadiri acara keluarga (pernikahan saudara).",
]
INDIVIDUAL_PLACES = ["Ruang konseling Bapas", "Ruang konseling Bapas", "Rumah klien"]
GROUP_PLACES = {"mataram": "Griya Abhipraya Mandalika", "purwokerto": "Griya Abhipraya Purwokerto"}


def seed_guidance(office: Office, rng: random.Random, pks: list[User]) -> None:
    today = office_today()
    since = today - timedelta(days=HISTORY_DAYS)
    clients = db.session.scalars(select(Client).order_by(Client.id)).all()
    windows = {c.id: _window(c, since, today) for c in clients}
    sessions, attendances = [], []
    for client in clients:
        if client.pk_id is None or windows[client.id] is None:
            continue
        first, last = windows[client.id]
        day = first + timedelta(days=rng.randint(3, 30))
        while day <= last:
            held = weekday_between(rng, day, min(last, day + timedelta(days=4)))
            sessions.append(
                _session(
                    rng, held, client.pk_id, vocab.INDIVIDUAL, client, rng.choice(INDIVIDUAL_PLACES)
                )
            )
            attendances.append([_attendance(rng, client.id, vocab.INDIVIDUAL)])
            day += timedelta(days=rng.randint(*INDIVIDUAL_EVERY_DAYS))
    place = GROUP_PLACES.get(office.slug, "Aula Bapas")
    for _ in range(GROUP_PER_MONTH * HISTORY_DAYS // 30):
        held = weekday_between(rng, since, today)
        pk = rng.choice(pks)
        present = [c for c in clients if _may_join(c, windows[c.id], held, pk)]
        if len(present) < 2:
            continue
        group = rng.sample(present, min(len(present), rng.randint(*GROUP_SIZE)))
        sessions.append(_session(rng, held, pk.id, vocab.GROUP, group[0], place))
        attendances.append([_attendance(rng, c.id, vocab.GROUP) for c in group])
    ids = insert_returning_ids(GuidanceSession, sessions)
    rows = [
        {**row, "session_id": sid}
        for sid, rows in zip(ids, attendances, strict=True)
        for row in rows
    ]
    if rows:
        db.session.execute(insert(SessionAttendance), rows)


def _window(client: Client, since: date, today: date) -> tuple[date, date] | None:
    first, last = under_guidance(client, today)
    first = max(first, since)
    return (first, last) if first <= last else None


def _may_join(client: Client, window: tuple[date, date] | None, held: date, pk: User) -> bool:
    """Under guidance that day; a juvenile only in their own PK's session (their file is
    visible to no other PK)."""
    if window is None or not window[0] <= held <= window[1]:
        return False
    return not client.is_anak or client.pk_id == pk.id


def _stage(client: Client, held: date) -> str:
    elapsed = (held - client.guidance_start).days
    total = max(1, (client.guidance_end - client.guidance_start).days)
    return "awal" if elapsed < total / 3 else "lanjutan" if elapsed < 2 * total / 3 else "akhir"


def _session(
    rng: random.Random, held: date, pk_id: int, fmt: str, client: Client, place: str
) -> dict:
    subtype = pick(rng, INDIVIDUAL_SUBTYPES if fmt == vocab.INDIVIDUAL else GROUP_SUBTYPES)
    kind = vocab.KEPRIBADIAN if subtype in vocab.SUBTYPES[vocab.KEPRIBADIAN] else vocab.KEMANDIRIAN
    return {
        "held_on": held,
        "kind": kind,
        "subtype": subtype,
        "format": fmt,
        "stage": _stage(client, held),
        "pk_id": pk_id,
        "place": place,
        "topic": rng.choice(TOPICS[subtype]),
        "notes": "",
    }


def _attendance(rng: random.Random, client_id: int, fmt: str) -> dict:
    attendance = pick(rng, ATTENDANCE[fmt])
    reason = rng.choice(ABSENCE_REASONS) if attendance == vocab.TIDAK_HADIR else ""
    return {"client_id": client_id, "attendance": attendance, "reason": reason}
