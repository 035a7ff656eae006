"""Wajib lapor compliance: reports attended over reports due, by the month they fell due.

"Due" and "attended" are the reporting module's own rules (`counts_as_due`,
`counts_as_attended` in `portal.reporting.operations`; a late report is not attended):
a due date counts once its window has closed or it has been met; cancelled due dates
never count. A due date belongs to the month of its date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.indicators.measures.monthly import month_key, sum_into_periods
from portal.indicators.periods import Period
from portal.reporting.models import Report, ReportDue
from portal.reporting.operations import counts_as_attended, counts_as_due


def compute(periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    year, month = month_key(ReportDue.due_on)
    rows = db.session.execute(
        select(
            year,
            month,
            func.count(ReportDue.id).filter(counts_as_due(today)),
            func.count(Report.id).filter(counts_as_attended()),
        )
        .select_from(ReportDue)
        .outerjoin(Report, Report.due_id == ReportDue.id)
        .where(ReportDue.cancelled.is_(False))
        .group_by(year, month)
    ).all()
    per_month = defaultdict(dict)
    for y, m, due, attended in rows:
        per_month[(int(y), int(m))] = {"reporting.due": due, "reporting.attended": attended}
    return sum_into_periods(per_month, periods)
