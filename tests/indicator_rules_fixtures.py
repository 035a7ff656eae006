"""Trainings of 2025-Q2 for the follow-up-due and budget rules, worked out by hand.

The figures are computed as of TODAY = 1 August 2025 (the 3-month follow-up window
opens on day 80 after a session's last day).

Tangerang:
  A "Tata rias"  2025-04-10..12, budget Rp6.000.000, 10 named attendees, 8 followed up
                 -> window opened 1 July: due
  B "Menjahit"   2025-06-20, budget NOT RECORDED, 6 named attendees, none followed up
                 -> window opens 8 September: not due yet
  C "Barista"    2025-05-05, budget Rp4.000.000, headcount 10
  D "Pijat"      2025-06-02, budget Rp0 (recorded: a free session), headcount 5
  E "Pangkas"    2025-06-03, budget NOT RECORDED, headcount 5
  => follow-up coverage 8 / 10 due = 80.0% (6 not due yet; the old rule gave 8/16 = 50%)
     cost per participation (6.000.000 + 4.000.000 + 0) / (10 + 10 + 5) = Rp400.000,
     11 participations without a recorded budget (B 6 + E 5); the old rule gave
     10.000.000 / 36 = Rp277.778.
Mataram:
  M1 "Kue"       2025-05-10, budget NOT RECORDED, headcount 12
  M2 "Kangkung"  2025-06-25, budget NOT RECORDED, 5 named attendees -> not due yet
  => cost per participation: not recorded (17 participations without a budget), never Rp0;
     follow-up coverage: nothing due yet (5 not due), never 0%.
National: coverage 8 / 10 (11 not due); cost 10.000.000 / 25 (28 without a budget).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.clients.models import Client
from portal.extensions import db
from portal.tenancy import office_scope
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession

TODAY = date(2025, 8, 1)


def _session(title, skill, start, end, budget, headcount=None):
    training = Training(title=title, skill_field=skill)
    db.session.add(training)
    db.session.flush()
    session = TrainingSession(
        training_id=training.id,
        start_date=start,
        end_date=end,
        venue_kind="aula_kantor",
        budget=budget,
        headcount=headcount,
    )
    db.session.add(session)
    db.session.flush()
    return session


def _attend(session, clients, followed=0):
    for i, client in enumerate(clients):
        participant = Participant(session_id=session.id, client_id=client.id, attended=True)
        db.session.add(participant)
        db.session.flush()
        if i < followed:
            db.session.add(
                FollowUp(
                    participant_id=participant.id,
                    stage=3,
                    followed_on=date(2025, 7, 15),
                    applying_skill=True,
                    work_status="bekerja",
                )
            )


def _active(count):
    return db.session.scalars(
        select(Client).where(Client.status == "aktif").order_by(Client.id).limit(count)
    ).all()


def add_rule_trainings(app, ids: dict) -> None:
    d = date
    with app.app_context():
        with office_scope(ids["tangerang"]):
            clients = _active(16)
            a = _session("Tata rias", "tata_rias", d(2025, 4, 10), d(2025, 4, 12), 6_000_000)
            _attend(a, clients[:10], followed=8)
            b = _session("Menjahit", "menjahit", d(2025, 6, 20), d(2025, 6, 20), None)
            _attend(b, clients[10:16])
            _session("Barista", "barista", d(2025, 5, 5), d(2025, 5, 5), 4_000_000, 10)
            _session("Pijat", "pijat_refleksi", d(2025, 6, 2), d(2025, 6, 2), 0, 5)
            _session("Pangkas", "pangkas_rambut", d(2025, 6, 3), d(2025, 6, 3), None, 5)
            db.session.commit()
        with office_scope(ids["mataram"]):
            _session("Kue", "kuliner", d(2025, 5, 10), d(2025, 5, 10), None, 12)
            m2 = _session("Kangkung", "pertanian", d(2025, 6, 25), d(2025, 6, 25), None)
            _attend(m2, _active(5))
            db.session.commit()
        db.session.remove()
