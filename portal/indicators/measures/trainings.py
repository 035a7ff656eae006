"""Training measures, by the month a session starts, on the trainings module's own
definitions (`portal/trainings/figures.py`): the office overview and the regional
indicators cannot drift apart.

Breakdowns are kept as measures named `train.<what>@skill:<field>` and
`train.<what>@partner:<partner kind>` ("kantor" when the office trains itself).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
from sqlalchemy import select

from portal.extensions import db
from portal.indicators.measures.intervals import within
from portal.indicators.measures.monthly import month_key, sum_into_periods
from portal.indicators.periods import Period
from portal.partners.models import Partner
from portal.trainings import figures
from portal.trainings.models import Participant, Training, TrainingSession

OFFICE_ITSELF = "kantor"
HEADLINE = (
    "sessions",
    "headcount",
    "budget",
    "named",
    "completed",
    "followed",
    "applying",
    "working",
    "participations",
    "followup_due",
    "followup_not_due",
    "budgeted_participations",
    "unbudgeted_participations",
)


def _per_month(today: date) -> dict:
    year, month = month_key(TrainingSession.start_date)
    keyed = figures.grouped(
        (year, month, Training.skill_field, Training.partner_id),
        [TrainingSession.start_date <= today],
        today,
    )
    kinds = dict(db.session.execute(select(Partner.id, Partner.kind)).all())
    per_month: dict = defaultdict(lambda: defaultdict(float))
    for (y, m, skill, partner_id), f in keyed.items():
        values = per_month[(int(y), int(m))]
        for name in HEADLINE:
            values[f"train.{name}"] += getattr(f, name)
        kind = kinds.get(partner_id, OFFICE_ITSELF) if partner_id else OFFICE_ITSELF
        for name in ("sessions", "participations"):
            values[f"train.{name}@skill:{skill}"] += getattr(f, name)
            values[f"train.{name}@partner:{kind}"] += getattr(f, name)
    return per_month


def _unique_clients(periods: list[Period], today: date) -> dict[str, int]:
    """Distinct named attendees per period (not additive over months)."""
    rows = db.session.execute(
        select(Participant.client_id, TrainingSession.start_date)
        .join(Participant.session)
        .where(Participant.attended.is_(True), TrainingSession.start_date <= today)
    ).all()
    clients = np.array([r[0] for r in rows], dtype=np.int64)
    days = np.array([r[1].toordinal() for r in rows], dtype=np.int64)
    return {p.key: int(np.unique(clients[within(days, p)]).size) for p in periods}


def compute(periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    result = sum_into_periods(_per_month(today), periods)
    for key, unique in _unique_clients(periods, today).items():
        result[key]["train.unique_clients"] = unique
    return result
