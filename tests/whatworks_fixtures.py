"""Tangerang trainees and look-alikes whose matching and rates are worked out on paper.

Everyone is a man, adult, born 1 Jan 1990 (35 in 2025: age band 30+), convicted of
theft (not narcotics), on parole (pb: from prison), under guidance since 1 Jun 2024
(over 6 months on the days that matter), who worked before prison: one stratum.

- Training "Tata rias" (tata_rias) by partner "Salon Melati" (badan_usaha), session
  10 Feb 2025 (quarter 2025-Q1, whose reference day is 15 Feb 2025).
- T1..T60 attended, T1..T50 completed; a work record 182 days later: T1..T45 working.
  T1..T10 placed with Salon Melati on 1 Mar 2025.
- U1: a woman, attended the same session: no comparison client shares her stratum,
  so she is NOT MATCHED.
- X1: attended, then transferred (pindah) on 1 Jun 2025; no work record. His work is
  unknown and his re-offending after guidance is not this office's to know.
- R1: under guidance since 1 Jun 2025 (so no comparison client for 2025-Q1), attended
  a session of the same training 30 days ago: his six-month window has not passed
  (cohort of this year).
- C1..C30: never trained, same stratum; a work record 182 days after 15 Feb 2025:
  C1..C12 working.

Paper, cohort 2025, by skill field "tata_rias":
  trained 62 (T1..T60, U1, X1), completed 50, matched 61, not matched 1 (U1).
  Working at 6 months: known 60 (T1..T60), 45 working = 75.0%.
    Comparison: 60 matched with a known outcome, comparison rate 12/30 = 40.0%,
    weights 60/30 = 2 each, effective size 60²/(60²/30) = 30; difference +35.0 points.
  Placement within 12 months: known 62, placed 10; matched known 61 (T's and X1):
    trained 10/61 = 16.4%, comparison 0/30 = 0%, difference +16.4 points.
  Re-offending after guidance: no one known (T's, U1 still active: window not passed,
    61; X1 transferred: neither).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from sqlalchemy import select

from portal.clients.models import Client
from portal.extensions import db
from portal.offices.models import Office
from portal.outcomes.models import EmploymentRecord
from portal.partners.models import Partner, Placement
from portal.tenancy import office_scope
from portal.trainings.models import Participant, Training, TrainingSession

SESSION_DAY = date(2025, 2, 10)
REFERENCE_DAY = date(2025, 2, 15)
_serial = count(1)


def _person(sex: str = "L", status: str = "aktif", status_date: date | None = None) -> Client:
    n = next(_serial)
    return Client(
        register_number=f"WW-{n:05d}",
        name=f"Klien Uji {n}",
        nik=f"3603{n:012d}",
        sex=sex,
        birth_date=date(1990, 1, 1),
        category="dewasa",
        offence="pencurian",
        program="pb",
        work_before="Buruh harian",
        guidance_start=date(2024, 6, 1),
        guidance_end=date(2027, 1, 1),
        status=status,
        status_date=status_date,
    )


def _work(client: Client, day: date, working: bool) -> EmploymentRecord:
    return EmploymentRecord(
        client_id=client.id,
        recorded_on=day,
        status="bekerja" if working else "tidak_bekerja",
    )


def build(app, today: date) -> dict:
    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.slug == "tangerang"))
        with office_scope(office_id):
            trained = [_person() for _ in range(60)]
            unmatched = _person(sex="P")
            transferred = _person(status="pindah", status_date=date(2025, 6, 1))
            recent = _person()
            recent.guidance_start = date(2025, 6, 1)
            controls = [_person() for _ in range(30)]
            db.session.add_all([*trained, unmatched, transferred, recent, *controls])
            salon = Partner(name="Salon Melati", kind="badan_usaha", services=["pelatihan"])
            db.session.add(salon)
            db.session.flush()
            rias = Training(title="Tata rias", skill_field="tata_rias", partner_id=salon.id)
            db.session.add(rias)
            db.session.flush()
            first = TrainingSession(
                training_id=rias.id,
                start_date=SESSION_DAY,
                end_date=SESSION_DAY + timedelta(days=1),
                venue_kind="lokasi_mitra",
                budget=6_000_000,
            )
            later = TrainingSession(
                training_id=rias.id,
                start_date=today - timedelta(days=30),
                end_date=today - timedelta(days=29),
                venue_kind="lokasi_mitra",
                budget=6_000_000,
            )
            db.session.add_all([first, later])
            db.session.flush()
            for i, person in enumerate([*trained, unmatched, transferred]):
                db.session.add(
                    Participant(
                        session_id=first.id,
                        client_id=person.id,
                        attended=True,
                        completed=i < 50,
                    )
                )
            db.session.add(
                Participant(session_id=later.id, client_id=recent.id, attended=True, completed=True)
            )
            six_months = SESSION_DAY + timedelta(days=182)
            db.session.add_all(_work(p, six_months, i < 45) for i, p in enumerate(trained))
            their_six = REFERENCE_DAY + timedelta(days=182)
            db.session.add_all(_work(p, their_six, i < 12) for i, p in enumerate(controls))
            db.session.add_all(
                Placement(
                    client_id=p.id,
                    partner_id=salon.id,
                    kind="kerja",
                    position="Asisten penata rias",
                    start_date=date(2025, 3, 1),
                    outcome="berlangsung",
                )
                for p in trained[:10]
            )
            db.session.commit()
            ids = {"office_id": office_id, "partner_id": salon.id}
            db.session.remove()
    return ids


def seed_demo_office(app, slug: str = "tangerang") -> None:
    """`flask demo seed` for one office at the size `make run` seeds (DevelopmentConfig),
    with its files closed long ago: enough finished guidances for every outcome."""
    from portal.config import Config
    from portal.demo.seed import seed_demo

    app.config["DEMO_CLIENTS_PER_OFFICE"] = Config.DEMO_CLIENTS_PER_OFFICE
    app.config["DEMO_CLOSED_SCALE"] = Config.DEMO_CLOSED_SCALE
    with app.app_context():
        seed_demo(only=(slug,))
