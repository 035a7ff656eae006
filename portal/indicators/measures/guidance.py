"""Guidance sessions held, by kind (kepribadian, kemandirian) and format (group)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.guidance import vocab
from portal.guidance.models import GuidanceSession
from portal.indicators.measures.monthly import month_key, sum_into_periods
from portal.indicators.periods import Period


def compute(periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    year, month = month_key(GuidanceSession.held_on)
    rows = db.session.execute(
        select(year, month, GuidanceSession.kind, GuidanceSession.format, func.count())
        .select_from(GuidanceSession)
        .where(GuidanceSession.held_on <= today)
        .group_by(year, month, GuidanceSession.kind, GuidanceSession.format)
    ).all()
    per_month: dict = defaultdict(lambda: defaultdict(float))
    for y, m, kind, fmt, n in rows:
        values = per_month[(int(y), int(m))]
        values["guidance.sessions"] += n
        values[f"guidance.{kind}"] += n
        if fmt == vocab.GROUP:
            values["guidance.group"] += n
    return sum_into_periods(per_month, periods)
