"""Training and partner data for Tangerang in 2025-Q2, with figures worked out by hand.

- Partner "Salon Melati" (badan usaha): agreement 2025-01-01..2025-12-31 (in force on
  30 June); partner "Kelompok Tani Lama": agreement ended 2024-12-31 (not counted).
- Training "Tata rias" (tata_rias, by Salon Melati): session 2025-04-10, budget
  Rp 6,000,000; 11 enrolled, 10 attended (named), 8 completed, 8 followed up, of whom
  6 apply the skill and 5 work (3 employed, 2 self-employed).
- Training "Barista" (barista, the office itself): headcount-only session 2025-05-05,
  10 attended, budget Rp 4,000,000.
- 5 job placements through Salon Melati started in May 2025; no internships.
=> sessions 2; participations 20 (10 named + 10 headcount); clients trained 10;
   coverage 10 / 32 under guidance = 31.3%; completion 8/10 = 80.0%; follow-up
   coverage 8/10; applying 6/8 = 75.0%; working 5/8 = 62.5%;
   cost per participation Rp 10,000,000 / 20 = Rp 500,000;
   by skill: tata_rias 10, barista 10; by partner kind: badan_usaha 10, kantor 10;
   partners with a valid agreement 1; placements 5.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.clients.models import Client
from portal.extensions import db
from portal.partners.models import Agreement, Partner, Placement
from portal.tenancy import office_scope
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession


def add_training_data(app, office_id: int) -> None:
    d = date
    with app.app_context(), office_scope(office_id):
        clients = db.session.scalars(
            select(Client).where(Client.status == "aktif").order_by(Client.id).limit(11)
        ).all()
        salon = Partner(name="Salon Melati", kind="badan_usaha", services=["pelatihan"])
        tani = Partner(name="Kelompok Tani Lama", kind="kelompok_masyarakat", services=[])
        db.session.add_all([salon, tani])
        db.session.flush()
        db.session.add_all(
            [
                Agreement(
                    partner_id=salon.id,
                    number="PKS/01/2025",
                    start_date=d(2025, 1, 1),
                    end_date=d(2025, 12, 31),
                    services=["pelatihan"],
                ),
                Agreement(
                    partner_id=tani.id,
                    number="PKS/07/2023",
                    start_date=d(2023, 1, 1),
                    end_date=d(2024, 12, 31),
                    services=["pelatihan"],
                ),
            ]
        )
        rias = Training(title="Tata rias", skill_field="tata_rias", partner_id=salon.id)
        barista = Training(title="Barista", skill_field="barista", partner_id=None)
        db.session.add_all([rias, barista])
        db.session.flush()
        first = TrainingSession(
            training_id=rias.id,
            start_date=d(2025, 4, 10),
            end_date=d(2025, 4, 12),
            venue_kind="lokasi_mitra",
            budget=6_000_000,
        )
        second = TrainingSession(
            training_id=barista.id,
            start_date=d(2025, 5, 5),
            end_date=d(2025, 5, 5),
            venue_kind="aula_kantor",
            budget=4_000_000,
            headcount=10,
        )
        db.session.add_all([first, second])
        db.session.flush()
        for i, client in enumerate(clients):
            attended = i < 10
            participant = Participant(
                session_id=first.id,
                client_id=client.id,
                attended=attended,
                completed=attended and i < 8,
            )
            db.session.add(participant)
            db.session.flush()
            if i < 8:
                work = "bekerja" if i < 3 else "wirausaha" if i < 5 else "tidak_bekerja"
                db.session.add(
                    FollowUp(
                        participant_id=participant.id,
                        stage=3,
                        followed_on=d(2025, 7, 20),
                        applying_skill=i < 6,
                        work_status=work,
                    )
                )
        for i, client in enumerate(clients[:5]):
            db.session.add(
                Placement(
                    client_id=client.id,
                    partner_id=salon.id,
                    kind="kerja",
                    position="Asisten penata rias",
                    start_date=d(2025, 5, 2 + i),
                    outcome="berlangsung",
                )
            )
        db.session.commit()
        db.session.remove()
