"""The forest plot: each group's difference from its comparison, with its 95% interval.

One row per group (skill field, partner kind or partner) that has a comparison, a
vertical line at "no difference", and the interval's whiskers: a reader sees at a
glance which groups are followed by more work or less re-offending than comparable
clients, and how sure that is. Drawn with the indicators' SVG kit (server-side,
hover tips, a text alternative); the table beside it holds every value.
"""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from portal.formatting import number, percent
from portal.indicators.charts import ABOVE, BELOW, REFERENCE, WITHIN
from portal.indicators.svg import INK, MUTED, Scale, Svg, clip_text, nice_ticks
from portal.whatworks.results import Group, Outcome


def points(value: float) -> str:
    """A difference in percentage points, signed: "+12,5 poin"."""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return _("%(sign)s%(value)s poin", sign=sign, value=number(abs(value) * 100, 1))


def tip(group: Group, outcome: Outcome) -> str:
    e = outcome.estimate
    return _(
        "%(group)s: %(trained)s terlatih, %(comparison)s pembanding; selisih %(diff)s "
        "(95%%: %(low)s sampai %(high)s); %(n)s klien cocok",
        group=group.label,
        trained=percent(e.trained_rate),
        comparison=percent(e.comparison_rate),
        diff=points(e.difference),
        low=points(e.low),
        high=points(e.high),
        n=number(e.matched),
    )


def colour(outcome: Outcome) -> str:
    """Better than the comparison beyond chance: teal; worse: red; else grey."""
    signal = outcome.estimate.signal
    if outcome.lower_is_better:
        signal = -signal
    return ABOVE if signal > 0 else BELOW if signal < 0 else WITHIN


def forest_plot(groups: list[Group], outcome_id: str, label: str) -> Markup | None:
    rows = [g for g in groups if g.outcomes[outcome_id].estimate is not None]
    if not rows:
        return None
    width, pad_l, pad_r, pad_t = 760, 210, 24, 40
    row = 26
    bottom = pad_t + row * len(rows)
    height = bottom + 44
    span = [0.0]
    for g in rows:
        e = g.outcomes[outcome_id].estimate
        span += [e.low, e.high]
    ticks = nice_ticks(min(span), max(span), 6)
    x = Scale(ticks[0], ticks[-1], pad_l, width - pad_r)
    desc = _(
        "Selisih tiap kelompok dari kelompok pembandingnya dalam poin persentase, dengan "
        "interval kepercayaan 95%; garis tegak pada 0 berarti tidak ada selisih."
    )
    svg = Svg(width, height, label, desc, "forest")
    for t in ticks:
        svg.line(x(t), pad_t - 8, x(t), bottom)
        svg.text(x(t), bottom + 16, f"{number(t * 100, 0)}", "middle", font_size=11, fill=MUTED)
    svg.text(
        (pad_l + width - pad_r) / 2,
        bottom + 36,
        _("Selisih terlatih − pembanding (poin persentase)"),
        "middle",
        font_size=12,
        fill=INK,
    )
    svg.line(x(0), pad_t - 14, x(0), bottom, REFERENCE, stroke_width=2, stroke_dasharray="6 4")
    svg.text(x(0), pad_t - 18, _("tidak ada selisih"), "middle", font_size=11, fill=REFERENCE)
    for i, g in enumerate(rows):
        outcome = g.outcomes[outcome_id]
        e, cy = outcome.estimate, pad_t + row * i + row / 2
        ink = colour(outcome)
        svg.text(pad_l - 8, cy + 4, clip_text(g.label, 28), "end", font_size=12, fill=INK)
        svg.line(x(e.low), cy, x(e.high), cy, ink, stroke_width=2)
        for end in (e.low, e.high):
            svg.line(x(end), cy - 5, x(end), cy + 5, ink, stroke_width=2)
        svg.point(x(e.difference), cy, tip(g, outcome), ink, r=5)
    return svg.markup()
