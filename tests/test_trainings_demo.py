"""Demo partners and trainings: realistic, and obeying the same rules as typed data."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.clients.models import Client
from portal.clients.operations import office_today
from portal.extensions import db
from portal.partners.models import Agreement, Partner, Placement
from portal.trainings import figures
from portal.trainings.models import FollowUp, Participant, TrainingSession
from portal.trainings.operations import under_guidance_on


def test_demo_offices_get_partners_trainings_and_outcomes(runner, office_run):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0

    def check():
        today = office_today()
        count = lambda model: db.session.scalar(select(func.count(model.id)))  # noqa: E731
        ineligible = db.session.scalar(
            select(func.count(Participant.id))
            .join(Participant.session)
            .join(Client, Client.id == Participant.client_id)
            .where(~under_guidance_on(TrainingSession.start_date))
        )
        headcount_named = db.session.scalar(
            select(func.count(Participant.id))
            .join(Participant.session)
            .where(TrainingSession.headcount.is_not(None))
        )
        early = db.session.scalar(
            select(func.count(FollowUp.id))
            .join(FollowUp.participant)
            .join(Participant.session)
            .where(FollowUp.followed_on < TrainingSession.end_date)
        )
        expiring = db.session.scalar(
            select(func.count(Agreement.id)).where(
                Agreement.end_date.between(today, today + timedelta(days=60))
            )
        )
        expired = db.session.scalar(
            select(func.count(Agreement.id)).where(Agreement.end_date < today)
        )
        total = figures.total()
        by_skill = {f.key: f for f in figures.figures("skill")}
        return (
            count(Partner),
            count(Placement),
            ineligible,
            headcount_named,
            early,
            expiring + expired,
            total,
            by_skill,
        )

    partners, placements, ineligible, mixed, early, flagged, total, by_skill = office_run(
        "tangerang", check
    )
    assert partners == 8 and placements > 0
    assert ineligible == 0 and mixed == 0 and early == 0
    assert flagged > 0
    assert total.headcount_sessions > 0 and total.followed > 0
    # make-up is applied far more often than barista training (the Tangerang study)
    assert by_skill["tata_rias"].applying_rate > by_skill["barista"].applying_rate
    assert office_run("mataram", lambda: db.session.scalar(select(func.count(Partner.id)))) == 3
