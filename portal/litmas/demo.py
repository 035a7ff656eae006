"""Synthetic Litmas reports for `flask demo seed`.

Most clients have the report that brought them into guidance, written by their PK
before guidance began and final; clients who arrived in the last two months often
still have it as a draft (so the PK worklist shows Litmas pending). Long guidance
gets an evaluation report after a year, and some closed files a closing report.
Interests follow what each office's field study says clients there want. Rows are
bulk-inserted so seeding stays fast.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.auth.models import User
from portal.bulk import insert_returning_ids
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import office_today
from portal.demo.dates import between, pick, under_guidance
from portal.extensions import db
from portal.litmas import vocab
from portal.litmas.models import Litmas, LitmasInterest
from portal.litmas.requests.demo import seed_requests
from portal.offices.models import Office
from portal.vocab.skills import skill_label

RECENT_DAYS = 60
DRAFT_SHARE_RECENT = 0.5
NO_LITMAS_SHARE = {True: 0.05, False: 0.15}  # active files / closed (older, partly on paper)
PURPOSE_OF_PROGRAM = {
    "pb": "pembebasan_bersyarat",
    "cb": "cuti_bersyarat",
    "cmb": "cuti_menjelang_bebas",
    "asimilasi": "asimilasi",
    "diversi": "diversi",
    "pidana_bersyarat": "pembimbingan_awal",
    "pidana_pengawasan": "pembimbingan_awal",
}
INTERESTS = {
    "purwokerto": {
        "kuliner": 5,
        "menjahit": 3,
        "pertukangan": 3,
        "digital": 3,
        "cuci_kendaraan": 3,
        "wirausaha": 2,
        "otomotif": 2,
    },
    "mataram": {
        "pertanian": 5,
        "kuliner": 4,
        "perikanan": 3,
        "peternakan": 2,
        "kerajinan": 2,
        "wirausaha": 1,
    },
    "tangerang": {
        "tata_rias": 3,
        "pijat_refleksi": 3,
        "kuliner": 4,
        "barista": 2,
        "pangkas_rambut": 3,
        "perikanan": 1,
        "pembibitan": 1,
        "otomotif": 2,
    },
    "jakarta-timur-utara": {
        "otomotif": 4,
        "digital": 3,
        "kuliner": 3,
        "pangkas_rambut": 3,
        "las": 2,
        "cuci_kendaraan": 2,
        "wirausaha": 3,
    },
}
HOUSEHOLD = ["orang tua", "istri dan anak-anaknya", "kakak kandung", "nenek", "keluarga besar"]
RECEPTION = [
    "Keluarga dan ketua RT menyatakan bersedia menerima dan ikut mengawasi klien.",
    "Masyarakat sekitar tidak keberatan atas kembalinya klien.",
    "Keluarga menjamin klien akan memenuhi kewajiban lapor diri.",
]


def seed_litmas(office: Office, rng: random.Random, pks: list[User]) -> None:
    today = office_today()
    weights = INTERESTS.get(office.slug, {"kuliner": 1, "wirausaha": 1})
    reports, skills = [], []
    clients = db.session.scalars(select(Client).where(Client.pk_id.is_not(None)))
    for client in clients:
        active = client.status == client_vocab.AKTIF
        if rng.random() < NO_LITMAS_SHARE[active]:
            continue
        wanted = sorted({pick(rng, weights) for _ in range(rng.randint(1, 3))})
        for report in _reports_of(client, rng, today):
            reports.append(_text(client, report, wanted, rng, today))
            skills.append(wanted)
    ids = insert_returning_ids(Litmas, reports)
    rows = [
        {"litmas_id": i, "skill": s} for i, wanted in zip(ids, skills, strict=True) for s in wanted
    ]
    if rows:
        db.session.execute(insert(LitmasInterest), rows)
    seed_requests(office, rng, pks)


def _reports_of(client: Client, rng: random.Random, today: date) -> list[dict]:
    """(purpose, written_on, final?) of each report this client has."""
    start, last = under_guidance(client, today)
    written = max(
        client.guidance_start - timedelta(days=rng.randint(20, 90)),
        client.court_decision_date or date.min,
    )
    recent = (today - client.guidance_start).days < RECENT_DAYS
    final = not (recent and rng.random() < DRAFT_SHARE_RECENT)
    first = {
        "purpose": PURPOSE_OF_PROGRAM.get(client.program, "pembimbingan_awal"),
        # a draft is a report begun since the client arrived and not yet finished
        "written_on": min(written, today) if final else between(rng, start, today),
        "final": final,
    }
    reports = [first]
    if (last - start).days > 400 and rng.random() < 0.5:
        reports.append(
            {
                "purpose": "pembimbingan_lanjutan",
                "written_on": between(rng, start + timedelta(days=330), last),
                "final": True,
            }
        )
    if client.status == client_vocab.SELESAI and rng.random() < 0.3:
        reports.append(
            {
                "purpose": "pengakhiran",
                "written_on": max(start, last - timedelta(days=rng.randint(5, 30))),
                "final": True,
            }
        )
    return reports


def _text(client: Client, report: dict, wanted: list[str], rng: random.Random, today: date) -> dict:
    """A report's columns. A final one is complete (background, needs, recommendation);
    a draft usually lacks its recommendation still."""
    interests = ", ".join(str(skill_label(s)).lower() for s in wanted)
    work = client.work_before or "tidak bekerja"
    background = (
        f"Klien tinggal bersama {rng.choice(HOUSEHOLD)} di Kelurahan {client.kelurahan}, "
        f"{client.kecamatan}. Pekerjaan sebelum menjalani pidana: {work.lower()}. "
        f"{rng.choice(RECEPTION)}"
    )
    needs = (
        f"Klien membutuhkan bimbingan kepribadian dan berminat pada keterampilan "
        f"{interests} agar dapat bekerja atau membuka usaha setelah bimbingan."
    )
    if report["purpose"] == "pengakhiran":
        recommendation = "Bimbingan diakhiri; klien telah memenuhi seluruh kewajibannya."
    elif report["purpose"] == "pembimbingan_lanjutan":
        recommendation = "Bimbingan dilanjutkan ke tahap berikutnya dengan wajib lapor bulanan."
    else:
        recommendation = (
            f"Klien layak menjalani program "
            f"{client_vocab.label(client_vocab.PROGRAMS, client.program)} "
            f"dengan pengikutsertaan pada pelatihan {interests}."
        )
    final = report["final"]
    written_on = report["written_on"]
    return {
        "client_id": client.id,
        "pk_id": client.pk_id,
        "written_on": written_on,
        "purpose": report["purpose"],
        "background": background,
        "needs": needs,
        "recommendation": recommendation if final or rng.random() < 0.3 else "",
        "status": vocab.FINAL if final else vocab.DRAFT,
        "finalised_on": min(written_on + timedelta(days=rng.randint(1, 14)), today)
        if final
        else None,
    }
