"""Litmas requests received, delivered, and delivered within the legal deadline.

A request belongs to a period by the office's own calendar: its receipt (or delivery)
time read in the office's zone, so a letter received at 00.30 WITA on 1 April counts
in April at Bapas Mataram although it is still 31 March in UTC. "Delivered in time"
compares the delivery with the deadline the portal computed by the purpose's rule
(`portal.litmas.requests.deadlines`), never with a typed one.

Breakdowns by purpose are kept as `litmas.<what>@purpose:<code>`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.indicators.measures.monthly import sum_into_periods
from portal.indicators.periods import Period
from portal.litmas.requests.deadlines import to_local
from portal.litmas.requests.models import LitmasRequest
from portal.litmas.requests.operations import office_timezone

RECEIVED, DELIVERED, ON_TIME = "litmas.received", "litmas.delivered", "litmas.on_time"


def _add(values: dict, measure: str, purpose: str) -> None:
    values[measure] += 1
    values[f"{measure}@purpose:{purpose}"] += 1


def compute(periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    zone = office_timezone()
    rows = db.session.execute(
        select(
            LitmasRequest.purpose,
            LitmasRequest.received_at,
            LitmasRequest.delivered_at,
            LitmasRequest.due_at,
        )
    ).all()
    per_month: dict = defaultdict(lambda: defaultdict(float))
    for purpose, received_at, delivered_at, due_at in rows:
        received = to_local(received_at, zone).date()
        if received <= today:
            _add(per_month[(received.year, received.month)], RECEIVED, purpose)
        if delivered_at is None:
            continue
        delivered = to_local(delivered_at, zone).date()
        if delivered > today:
            continue
        values = per_month[(delivered.year, delivered.month)]
        _add(values, DELIVERED, purpose)
        if due_at is not None and delivered_at <= due_at:
            _add(values, ON_TIME, purpose)
    return sum_into_periods(per_month, periods)
