"""Partners with a valid agreement at period end; placements and internships started."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.indicators.measures.monthly import month_key, sum_into_periods
from portal.indicators.periods import Period
from portal.partners.models import Agreement, Placement


def compute(periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    agreements = db.session.execute(
        select(Agreement.partner_id, Agreement.start_date, Agreement.end_date)
    ).all()
    year, month = month_key(Placement.start_date)
    rows = db.session.execute(
        select(year, month, Placement.kind, func.count())
        .select_from(Placement)
        .group_by(year, month, Placement.kind)
    ).all()
    per_month: dict = defaultdict(lambda: defaultdict(float))
    for y, m, kind, n in rows:
        per_month[(int(y), int(m))][f"partners.placements.{kind}"] += n
    result = sum_into_periods(per_month, periods)
    for period in periods:
        day = min(period.end, today)
        valid = {p for p, start, end in agreements if start <= day <= end}
        result[period.key]["partners.with_agreement"] = len(valid)
    return result
