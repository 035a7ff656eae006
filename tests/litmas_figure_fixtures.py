"""Litmas requests whose figures for 2026-Q1 (1 January – 31 March 2026) are worked out
on paper. Times are each office's own clock; deadlines come from the purpose's rule
(`deadlines.due_at`), as the operations store them.

Purwokerto (WIB = UTC+7):
  P1   diversi, received 28/03 16.00, delivered 31/03 15.30 (due 31/03 16.00)  on time
  P2-6 asimilasi, received 05/01 08.00, PK 06/01 08.00, delivered 12/01 14.00  on time x5
  P7   pemindahan, PK 24/03 09.00 (due 31/03 09.00), delivered 31/03 23.30     late
       (23.30 WIB is 16.30 UTC: still 31 March, Q1)
  P8   sidang dewasa, received 01/01 00.30 (31/12/2025 in UTC!), open         received Q1
  => received 8, delivered 7, on time 6 (85.7%)
Mataram (WITA = UTC+8):
  M1   diversi, received 28/03 16.00, delivered 31/03 15.30 (due 31/03 16.00)  on time
  M2   diversi, received 28/03 16.00, delivered 31/03 16.30                    late
       (16.30 WITA is 08.30 UTC, before Purwokerto's deadline of 09.00 UTC: read in
       the wrong zone it would pass)
  M3-6 PB, received 02/02 08.00, PK 03/02 09.00, delivered 09/02 10.00          on time x4
  M7   asimilasi, PK 24/03 09.00, delivered 01/04 00.30 WITA (31/03 16.30 UTC)  late, Q2
  M8   CB, received 25/03 10.00, PK 25/03 11.00, open
  => received 8, delivered 6, on time 5; in Q2 one delivered, none on time
Jakarta Timur-Utara (WIB): J1-3 asimilasi delivered in time      received 3, delivered 3
Tangerang (WIB): T1-2 received 10/03, no PK yet                   received 2
National: received 21, delivered 16, on time 14 (87.5%).

Suppression (regions in the order Banten, DKI Jakarta, Jawa Tengah, NTB):
  received  21 = 2 (Banten, hidden) + 3 (DKI, hidden) + 8 + 8: two hidden parts, nothing more.
  delivered 16 = 0 + 3 (DKI, hidden) + 7 + 6: one hidden part, so the smallest other
            (NTB, 6) is hidden, and with it Mataram's row: Mataram's rate is withheld.
  on time   14 = 0 + 3 (hidden) + 6 + 5: NTB (5) hidden likewise.
  Purwokerto's 6 / 7 = 85.7% and the national 14 / 16 = 87.5% are shown.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from portal.extensions import db
from portal.litmas.requests import deadlines, vocab
from portal.litmas.requests.models import LitmasRequest
from portal.offices.models import Office
from portal.tenancy import office_scope

PERIOD = "2026-Q1"
ZONES = {"purwokerto": "Asia/Jakarta", "mataram": "Asia/Makassar"}
_serial = iter(range(1, 100_000))


def local(zone: str, day: tuple[int, int, int], at: tuple[int, int]) -> datetime:
    return deadlines.to_utc(date(*day), time(*at), zone)


def request_row(
    zone: str,
    purpose: str,
    received: tuple,
    appointed: tuple | None = None,
    delivered: tuple | None = None,
    pk_id: int | None = None,
) -> LitmasRequest:
    """A request as the operations leave it: the deadline by the rule, the status by
    where it stands."""
    n = next(_serial)
    received_at = local(zone, *received)
    appointed_at = local(zone, *appointed) if appointed else None
    delivered_at = local(zone, *delivered) if delivered else None
    child = vocab.PURPOSES[purpose].child_only
    if delivered_at:
        status = vocab.TERKIRIM
    elif pk_id:
        status = vocab.DIKERJAKAN
    else:
        status = vocab.BARU
    return LitmasRequest(
        requester_kind="penyidik" if child else "lapas",
        requester_institution="Polres Uji" if child else "Lapas Uji",
        letter_number=f"UJI/{n:04d}/2026",
        letter_date=received_at.date(),
        purpose=purpose,
        received_at=received_at,
        person_name=f"Orang Uji {n}",
        category="anak" if child else "dewasa",
        pk_id=pk_id,
        appointed_at=appointed_at or (received_at if pk_id and child else None),
        due_at=deadlines.due_at(purpose, received_at, appointed_at),
        status=status,
        completed_at=delivered_at,
        delivered_at=delivered_at,
        delivery_means="langsung" if delivered_at else None,
    )


def build_litmas_dataset(app, make_user) -> dict[str, int]:
    pks = {
        slug: make_user("pk", office=slug)
        for slug in ("purwokerto", "mataram", "jakarta-timur-utara")
    }
    wib, wita = "Asia/Jakarta", "Asia/Makassar"
    rows = {
        "purwokerto": [
            request_row(
                wib, "diversi", ((2026, 3, 28), (16, 0)), None, ((2026, 3, 31), (15, 30)), 1
            ),
            *[
                request_row(
                    wib,
                    "asimilasi",
                    ((2026, 1, 5), (8, 0)),
                    ((2026, 1, 6), (8, 0)),
                    ((2026, 1, 12), (14, 0)),
                    1,
                )
                for _ in range(5)
            ],
            request_row(
                wib,
                "pemindahan",
                ((2026, 3, 20), (8, 0)),
                ((2026, 3, 24), (9, 0)),
                ((2026, 3, 31), (23, 30)),
                1,
            ),
            request_row(wib, "sidang_dewasa", ((2026, 1, 1), (0, 30))),
        ],
        "mataram": [
            request_row(
                wita, "diversi", ((2026, 3, 28), (16, 0)), None, ((2026, 3, 31), (15, 30)), 1
            ),
            request_row(
                wita, "diversi", ((2026, 3, 28), (16, 0)), None, ((2026, 3, 31), (16, 30)), 1
            ),
            *[
                request_row(
                    wita,
                    "pembebasan_bersyarat",
                    ((2026, 2, 2), (8, 0)),
                    ((2026, 2, 3), (9, 0)),
                    ((2026, 2, 9), (10, 0)),
                    1,
                )
                for _ in range(4)
            ],
            request_row(
                wita,
                "asimilasi",
                ((2026, 3, 20), (8, 0)),
                ((2026, 3, 24), (9, 0)),
                ((2026, 4, 1), (0, 30)),
                1,
            ),
            request_row(
                wita, "cuti_bersyarat", ((2026, 3, 25), (10, 0)), ((2026, 3, 25), (11, 0)), None, 1
            ),
        ],
        "jakarta-timur-utara": [
            request_row(
                wib,
                "asimilasi",
                ((2026, 2, 2), (8, 0)),
                ((2026, 2, 2), (10, 0)),
                ((2026, 2, 5), (10, 0)),
                1,
            )
            for _ in range(3)
        ],
        "tangerang": [request_row(wib, "lainnya", ((2026, 3, 10), (9, 0))) for _ in range(2)],
    }
    with app.app_context():
        ids = dict(db.session.execute(select(Office.slug, Office.id)).all())
        for slug, requests in rows.items():
            with office_scope(ids[slug]):
                for request in requests:
                    if request.pk_id:
                        request.pk_id = pks[slug]
                db.session.add_all(requests)
                db.session.commit()
        db.session.remove()
    return ids
