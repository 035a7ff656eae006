"""Bars of the office training overview: participations by skill field and by partner,
drawn with the indicator charts' kit so every chart of the portal reads alike."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from markupsafe import Markup

from portal.formatting import number
from portal.indicators.charts import Bar, bar_chart
from portal.indicators.svg import COUNT
from portal.trainings.figures import Figures


def participation_bars(
    rows: list[Figures], label_of: Callable[[object], str], title: str
) -> Markup | None:
    """Longest bar first; None when no session was held (the table says so)."""
    bars = []
    for f in sorted(rows, key=lambda f: -f.participations):
        if not f.participations:
            continue
        label = label_of(f.key)
        tip = _(
            "%(label)s: %(n)s partisipasi dalam %(sessions)s sesi",
            label=label,
            n=number(f.participations),
            sessions=number(f.sessions),
        )
        bars.append(Bar(label, f.participations, tip))
    if not bars:
        return None
    desc = "; ".join(b.tip for b in bars)
    return bar_chart(bars, COUNT, title, desc)
