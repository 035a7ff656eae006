"""Figures broken down for one office beside the nation: training participations by
skill field and by partner kind, Litmas requests received, delivered and delivered in
time by purpose. Each office's parts add up to a published total, so the same
suppression rules apply within the breakdown (a small part is hidden, and a second
one where the first could be had by subtraction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.indicators import suppression
from portal.indicators.display import count_text
from portal.indicators.models import IndicatorFact
from portal.indicators.periods import Period
from portal.litmas.requests.vocab import PURPOSE_LABELS
from portal.offices.models import Office
from portal.partners.vocab import PARTNER_KINDS
from portal.tenancy import all_offices
from portal.vocab.skills import skill_label


@dataclass(frozen=True)
class Dimension:
    title: object
    label: Callable[[str], str]
    total: str  # the published measure the parts add up to
    by: str  # the part's name in the measure: `<total>@<by>:<code>`
    note: object
    empty: object


def _purpose(code: str) -> str:
    return str(PURPOSE_LABELS.get(code, code))


TRAINING_NOTE = _l("Partisipasi bernama dan tanpa nama, menurut sesi yang dimulai dalam periode.")
NO_TRAINING = _l("Tidak ada pelatihan dalam periode ini.")
DIMENSIONS = {
    "skill": Dimension(
        _l("Partisipasi menurut bidang keterampilan"),
        skill_label,
        "train.participations",
        "skill",
        TRAINING_NOTE,
        NO_TRAINING,
    ),
    "partner": Dimension(
        _l("Partisipasi menurut jenis mitra"),
        lambda code: str(PARTNER_KINDS.get(code, _l("Kantor sendiri"))),
        "train.participations",
        "partner",
        TRAINING_NOTE,
        NO_TRAINING,
    ),
}
# Litmas requests by purpose: the three counts side by side in one table.
PURPOSE_MEASURES = ("litmas.received", "litmas.delivered", "litmas.on_time")


@dataclass
class Line:
    label: str
    office: str
    national: str


def _values(period: Period, office_ids: list[int], total: str, prefix: str):
    values: dict[int, dict[str, float]] = defaultdict(dict)
    with all_offices("indicators: breakdown of the offices in the viewer's scope"):
        rows = db.session.execute(
            select(IndicatorFact.office_id, IndicatorFact.measure, IndicatorFact.value).where(
                IndicatorFact.period == period.key,
                IndicatorFact.office_id.in_(office_ids),
                (IndicatorFact.measure == total) | IndicatorFact.measure.startswith(prefix),
            )
        ).all()
    for office_id, measure, value in rows:
        values[office_id][measure] = value
    return values


def _shown(total: float, parts: dict[str, float]) -> dict[str, str]:
    nodes = {code: suppression.Node(v) for code, v in parts.items()}
    suppression.suppress_tree(suppression.Node(total, list(nodes.values())))
    return {code: count_text(parts[code], node.hidden) for code, node in nodes.items()}


def _parts(
    period: Period, office: Office, everyone: list[Office], total: str, by: str
) -> dict[str, tuple[str, str, float]]:
    """{code: (office's figure, national figure, national value)} of the parts of `total`
    that are not zero nationally, each side suppressed within its own total."""
    prefix = f"{total}@{by}:"
    values = _values(period, [o.id for o in everyone], total, prefix)
    national_parts: dict[str, float] = defaultdict(float)
    for office_values in values.values():
        for measure, value in office_values.items():
            if measure.startswith(prefix):
                national_parts[measure[len(prefix) :]] += value
    own = values.get(office.id, {})
    own_parts = {code: own.get(prefix + code, 0.0) for code in national_parts}
    own_text = _shown(own.get(total, 0.0), own_parts)
    national_text = _shown(sum(v.get(total, 0.0) for v in values.values()), national_parts)
    return {
        code: (own_text[code], national_text[code], national_parts[code])
        for code in national_parts
        if national_parts[code]
    }


def lines(period: Period, office: Office, everyone: list[Office], dimension: str) -> list[Line]:
    """One line per skill field (or partner kind) with participations in the period."""
    found = DIMENSIONS[dimension]
    parts = _parts(period, office, everyone, found.total, found.by)
    return [
        Line(found.label(code), own, national)
        for code, (own, national, _value) in sorted(parts.items(), key=lambda kv: -kv[1][2])
    ]


@dataclass
class PurposeLine:
    label: str
    office: list[str]  # received, delivered, delivered on time
    national: list[str]


def purpose_lines(period: Period, office: Office, everyone: list[Office]) -> list[PurposeLine]:
    """Litmas requests received, delivered and delivered on time, one line per purpose
    with any of them in the period; each column is suppressed within its own total."""
    columns = [_parts(period, office, everyone, m, "purpose") for m in PURPOSE_MEASURES]
    received = columns[0]
    codes = sorted(
        {code for column in columns for code in column},
        key=lambda c: (-received.get(c, ("", "", 0.0))[2], _purpose(c)),
    )
    return [
        PurposeLine(
            _purpose(code),
            [column[code][0] if code in column else "0" for column in columns],
            [column[code][1] if code in column else "0" for column in columns],
        )
        for code in codes
    ]


def all_lines(period: Period, office: Office, everyone: list[Office]) -> dict:
    """{dimension: (its Dimension, lines)} for every breakdown, as the pages show them."""
    return {
        dimension: (found, lines(period, office, everyone, dimension))
        for dimension, found in DIMENSIONS.items()
    }
