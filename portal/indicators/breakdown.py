"""Training participations by skill field and by partner kind, for one office beside the
nation. Each office's parts add up to its published participations, so the same
suppression rules apply within the breakdown (a small part is hidden, and a second
one where the first could be had by subtraction)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.indicators import suppression
from portal.indicators.display import count_text
from portal.indicators.models import IndicatorFact
from portal.indicators.periods import Period
from portal.offices.models import Office
from portal.partners.vocab import PARTNER_KINDS
from portal.tenancy import all_offices
from portal.vocab.skills import skill_label

DIMENSIONS = {
    "skill": (_l("Partisipasi menurut bidang keterampilan"), skill_label),
    "partner": (
        _l("Partisipasi menurut jenis mitra"),
        lambda code: str(PARTNER_KINDS.get(code, _l("Kantor sendiri"))),
    ),
}
TOTAL = "train.participations"


@dataclass
class Line:
    label: str
    office: str
    national: str


def _values(period: Period, office_ids: list[int], prefix: str):
    values: dict[int, dict[str, float]] = defaultdict(dict)
    with all_offices("indicators: training breakdown of the offices in the viewer's scope"):
        rows = db.session.execute(
            select(IndicatorFact.office_id, IndicatorFact.measure, IndicatorFact.value).where(
                IndicatorFact.period == period.key,
                IndicatorFact.office_id.in_(office_ids),
                (IndicatorFact.measure == TOTAL) | IndicatorFact.measure.startswith(prefix),
            )
        ).all()
    for office_id, measure, value in rows:
        values[office_id][measure] = value
    return values


def _shown(total: float, parts: dict[str, float]) -> dict[str, str]:
    nodes = {code: suppression.Node(v) for code, v in parts.items()}
    suppression.suppress_tree(suppression.Node(total, list(nodes.values())))
    return {code: count_text(parts[code], node.hidden) for code, node in nodes.items()}


def lines(period: Period, office: Office, everyone: list[Office], dimension: str) -> list[Line]:
    """One line per skill field (or partner kind) with participations in the period."""
    prefix = f"{TOTAL}@{dimension}:"
    values = _values(period, [o.id for o in everyone], prefix)
    national_parts: dict[str, float] = defaultdict(float)
    for office_values in values.values():
        for measure, value in office_values.items():
            if measure.startswith(prefix):
                national_parts[measure[len(prefix) :]] += value
    own = values.get(office.id, {})
    own_parts = {code: own.get(prefix + code, 0.0) for code in national_parts}
    own_text = _shown(own.get(TOTAL, 0.0), own_parts)
    national_text = _shown(sum(v.get(TOTAL, 0.0) for v in values.values()), national_parts)
    label = DIMENSIONS[dimension][1]
    return [
        Line(label(code), own_text[code], national_text[code])
        for code in sorted(national_parts, key=lambda c: -national_parts[c])
        if national_parts[code]
    ]


def all_lines(period: Period, office: Office, everyone: list[Office]) -> dict:
    """{dimension: (title, lines)} for every breakdown, as the pages show them."""
    return {
        dimension: (title, lines(period, office, everyone, dimension))
        for dimension, (title, _label) in DIMENSIONS.items()
    }
