"""A small hand-made dataset whose indicator values are worked out on paper.

Period 2025-Q2 (1 April – 30 June 2025).

Purwokerto (PKs p1, p2):
  c1 2025-01-01..2025-12-31 aktif, p1           -> active at 30 June
  c2 2025-03-01..2026-03-01 dicabut 2025-05-10  -> ended in Q2, revoked
  c3 2024-06-01..2025-05-31 selesai 2025-05-31  -> ended in Q2
  c4 2025-06-15..2026-06-15 aktif, p2           -> active at 30 June
  c5 2025-07-01..2026-07-01 aktif               -> not yet under guidance
  c6 2024-01-01..2025-04-15 aktif, no PK        -> under guidance in Q2, not at its end
  c7 2025-02-01..2026-02-01 pindah 2025-06-01   -> ended in Q2 (transfer)
  c8 2025-01-01..2026-01-01 meninggal 2025-05-01 -> not in the ended cohort
  => active 2, PKs 2, under guidance 7, ended 3, revoked 1.
Tangerang (PKs t1, t2): 20 active (10 each), 12 ended in Q2 (6 dicabut, 6 selesai).
  => active 20, PKs 2 (10.0 per PK), ended 12, revoked 6 (50%, 95% CI 25.4–74.6%).
Mataram (PK m1): 8 active, 8 ended in Q2 (5 dicabut, 3 selesai).
National: active 30, PKs 5 (6.0), ended 23, revoked 12 (52.2%).

Re-offending (new offences only), Tangerang: 5 of the 6 revoked clients offended
during their stretch; 5 of the 6 who completed offended within a year after (and one
more has only a technical violation, which does not count).
  => during guidance 5/12 in Tangerang, 5/23 nationally; within 12 months 5/6 in
     Tangerang (the 2025-Q2 cohort's year has passed), 5/10 nationally.
Guidance sessions, Tangerang in Q2: 6 individual kepribadian, 5 group kemandirian.

Suppression: Purwokerto's 2 active and 1 revoked are hidden; so that they cannot be
had by subtraction from the national total, the smallest other region (Mataram,
8 and 5) is hidden with its office; Tangerang stays visible.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.clients.models import Client
from portal.extensions import db
from portal.guidance.models import GuidanceSession
from portal.offices.models import Office
from portal.outcomes.models import ReoffendingEvent
from portal.tenancy import office_scope

PERIOD = "2025-Q2"
_serial = iter(range(1, 100_000))


def _client(office_id, start, end, status="aktif", status_date=None, pk=None):
    n = next(_serial)
    return Client(
        office_id=office_id,
        register_number=f"REG-{n:05d}",
        name=f"Klien Uji {n}",
        nik=f"3302{n:012d}",
        sex="L",
        birth_date=date(1990, 1, 1),
        category="dewasa",
        offence="pencurian",
        program="pb",
        guidance_start=start,
        guidance_end=end,
        status=status,
        status_date=status_date,
        pk_id=pk,
    )


def _event(client, day, kind="tindak_pidana_baru"):
    return ReoffendingEvent(client_id=client.id, occurred_on=day, kind=kind, source="kepolisian")


def build_dataset(app, make_user) -> dict:
    p1, p2 = make_user("pk", office="purwokerto"), make_user("pk", office="purwokerto")
    t1, t2 = make_user("pk", office="tangerang"), make_user("pk", office="tangerang")
    m1 = make_user("pk", office="mataram")
    d = date
    with app.app_context():
        ids = dict(db.session.execute(select(Office.slug, Office.id)).all())
        with office_scope(ids["purwokerto"]):
            db.session.add_all(
                [
                    _client(None, d(2025, 1, 1), d(2025, 12, 31), pk=p1),
                    _client(None, d(2025, 3, 1), d(2026, 3, 1), "dicabut", d(2025, 5, 10), p1),
                    _client(None, d(2024, 6, 1), d(2025, 5, 31), "selesai", d(2025, 5, 31), p2),
                    _client(None, d(2025, 6, 15), d(2026, 6, 15), pk=p2),
                    _client(None, d(2025, 7, 1), d(2026, 7, 1)),
                    _client(None, d(2024, 1, 1), d(2025, 4, 15)),
                    _client(None, d(2025, 2, 1), d(2026, 2, 1), "pindah", d(2025, 6, 1), p1),
                    _client(None, d(2025, 1, 1), d(2026, 1, 1), "meninggal", d(2025, 5, 1)),
                ]
            )
            db.session.commit()
        with office_scope(ids["tangerang"]):
            for i in range(20):
                db.session.add(_client(None, d(2025, 1, 1), d(2026, 1, 1), pk=t1 if i < 10 else t2))
            ended = []
            for i in range(12):
                status = "dicabut" if i < 6 else "selesai"
                ended.append(
                    _client(None, d(2024, 7, 1), d(2025, 7, 1), status, d(2025, 5, 1 + i), t1)
                )
            db.session.add_all(ended)
            db.session.flush()
            for i, client in enumerate(ended[:5]):  # revoked, offended during guidance
                db.session.add(_event(client, d(2025, 4, 1 + i)))
            for i, client in enumerate(ended[6:11]):  # completed, offended within a year
                db.session.add(_event(client, d(2025, 9, 1 + i)))
            db.session.add(_event(ended[11], d(2025, 8, 1), "pelanggaran_teknis"))
            for i in range(11):
                kind = "kepribadian" if i < 6 else "kemandirian"
                db.session.add(
                    GuidanceSession(
                        held_on=d(2025, 4, 2 + i),
                        kind=kind,
                        subtype="konseling" if i < 6 else "bimbingan_karier",
                        format="individu" if i < 6 else "kelompok",
                        stage="awal",
                        pk_id=t1,
                        topic="Sesi uji",
                    )
                )
            db.session.commit()
        with office_scope(ids["mataram"]):
            for i in range(8):
                db.session.add(_client(None, d(2025, 1, 1), d(2026, 1, 1), pk=m1))
                status = "dicabut" if i < 5 else "selesai"
                db.session.add(
                    _client(None, d(2024, 7, 1), d(2025, 7, 1), status, d(2025, 6, 1 + i), m1)
                )
            db.session.commit()
        db.session.remove()
    return ids
