"""The indicator charts, drawn on the server as SVG with the kit in `svg.py`.

Each function takes only values a page may show: a suppressed figure is left out by
the caller (None in a series), so it can be neither drawn nor put in a hover tip.
Every chart carries a label and a description for screen readers; pages put a table
with the same values beside it ("show as table").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import escape

from flask_babel import gettext as _
from markupsafe import Markup

from portal.indicators.stats import Z95, Z998, funnel_limits
from portal.indicators.svg import (
    COLOURS,
    INK,
    MUTED,
    PERCENT,
    RUPIAH,
    Scale,
    Svg,
    clip_text,
    nice_ticks,
    value_text,
    x_axis,
    y_axis,
)

REFERENCE = "#52606d"  # the national line: grey, so offices carry the colour
ABOVE, BELOW, WITHIN = "#0d5c63", "#a4262c", "#7b8794"


def short_name(name: str) -> str:
    """ "Bapas Kelas I Tangerang" → "Tangerang": labels that fit beside a chart."""
    return re.sub(r"^Bapas (Kelas [IV]+ )?", "", name)


# --- trend --------------------------------------------------------------------------------


@dataclass
class Series:
    label: str
    points: list[float | None]  # None: no value (suppressed or not reportable)
    tips: list[str] = field(default_factory=list)  # hover text per point
    reference: bool = False  # the national line: grey and dashed
    texts: list[str] = field(default_factory=list)  # each value as the table view reads it


def line_chart(
    labels: list[str],
    series: list[Series],
    unit: str,
    provisional: bool,
    label: str,
    desc: str,
    y_title: str = "",
) -> Markup:
    """Lines over periods; with `provisional` the last period is still running: its
    segment is dashed, its points hollow and its axis label says so."""
    width, pad_r, pad_t, inner_h = 760, 16, 24, 220
    pad_l = 92 if unit == RUPIAH else 64  # room for "Rp1.000.000"
    legend_rows = math.ceil(len(series) / 4)
    height = pad_t + inner_h + 44 + 20 * legend_rows + (18 if provisional else 0)
    values = [v for s in series for v in s.points if v is not None]
    ticks = nice_ticks(*_span(values, unit), 5)
    y = Scale(ticks[0], ticks[-1], pad_t + inner_h, pad_t)
    x = Scale(0, max(1, len(labels) - 1), pad_l + 24, width - pad_r - 30)
    svg = Svg(width, height, label, desc)
    y_axis(svg, y, ticks, unit, pad_l, width - pad_r)
    svg.text(8, 12, y_title, font_size=12, fill=INK)
    every = max(1, -(-len(labels) // 12))  # at most a dozen labels on the axis
    last = len(labels) - 1
    for i, text in enumerate(labels):
        # Every n-th label, and always the last (which may be provisional) with room.
        if (i % every == 0 and last - i >= min(every, 2)) or i == last:
            svg.text(x(i), pad_t + inner_h + 18, text, "middle", font_size=11, fill=INK)
    if provisional:
        svg.text(x(last), pad_t + inner_h + 32, _("sementara"), "middle", font_size=11, fill=MUTED)
    for n, s in enumerate(series):
        colour = REFERENCE if s.reference else COLOURS[n % len(COLOURS)]
        dash = ' stroke-dasharray="6 4"' if s.reference else ""
        final = s.points[:last] if provisional else s.points
        for segment in _segments(final):
            pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in segment)
            svg.add(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{pts}"/>'
            )
        if provisional and last > 0 and None not in (s.points[last - 1], s.points[last]):
            a, b = s.points[last - 1], s.points[last]
            svg.line(
                x(last - 1), y(a), x(last), y(b), colour, stroke_width=2, stroke_dasharray="3 4"
            )
        for i, v in enumerate(s.points):
            if v is not None:
                tip = s.tips[i] if i < len(s.tips) else f"{s.label}: {value_text(v, unit)}"
                svg.point(x(i), y(v), tip, colour, hollow=provisional and i == last, r=3.5)
        row, col = divmod(n, 4)
        ly = pad_t + inner_h + 52 + (18 if provisional else 0) + 20 * row
        swatch = "- -" if s.reference else "■"
        svg.text(pad_l + 170 * col, ly, f"{swatch} {s.label}", font_size=12, fill=colour)
    return svg.markup()


def _span(values: list[float], unit: str) -> tuple[float, float]:
    """The value axis: from zero when the values are near it, else around them, so a
    change of a few points is not flattened against an empty bottom of the chart."""
    if not values:
        return 0, 1 if unit == PERCENT else 5
    low, high = min(values), max(values)
    if low >= 0 and low < 0.4 * high:
        low = 0
    if unit == PERCENT:
        high = min(1.0, high)
    return low, high


def _segments(points: list[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive values: a line is broken where a value is missing."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(points):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if r]


# --- dot plot -----------------------------------------------------------------------------


@dataclass
class Dot:
    label: str
    value: float
    low: float
    high: float
    tip: str
    signal: int = 0


def dot_plot(dots: list[Dot], reference: float | None, label: str, desc: str) -> Markup:
    """One rate across offices, ranked, with 95% interval whiskers and the national line."""
    # Ninety offices stay one screenful or two: rows tighten as offices grow.
    width, pad_l, pad_r, pad_t = 760, 190, 24, 34
    row = 24 if len(dots) <= 20 else 16
    height = pad_t + row * max(1, len(dots)) + 30
    span = [d.low for d in dots] + [d.high for d in dots]
    span += [reference] if reference is not None else []
    ticks = nice_ticks(min(span, default=0), max(span, default=1), 6)
    x = Scale(ticks[0], ticks[-1], pad_l, width - pad_r)
    bottom = pad_t + row * max(1, len(dots))
    svg = Svg(width, height, label, desc)
    x_axis(svg, x, ticks, PERCENT, pad_t - 8, bottom)
    if reference is not None:
        svg.line(
            x(reference),
            pad_t - 14,
            x(reference),
            bottom,
            REFERENCE,
            stroke_width=2,
            stroke_dasharray="6 4",
        )
        svg.text(
            x(reference),
            pad_t - 18,
            _("Nasional %(value)s", value=value_text(reference, PERCENT)),
            "middle",
            font_size=11,
            fill=REFERENCE,
        )
    for i, d in enumerate(dots):
        cy = pad_t + row * i + row / 2
        colour = ABOVE if d.signal > 0 else BELOW if d.signal < 0 else WITHIN
        svg.text(pad_l - 8, cy + 4, clip_text(d.label, 26), "end", font_size=12, fill=INK)
        svg.line(x(d.low), cy, x(d.high), cy, colour, stroke_width=2)
        svg.point(x(d.value), cy, d.tip, colour, r=4.5)
    return svg.markup()


# --- funnel plot --------------------------------------------------------------------------


@dataclass
class FunnelPoint:
    label: str
    trials: float
    value: float
    tip: str


def funnel_plot(
    points: list[FunnelPoint],
    reference: float,
    axis_titles: tuple[str, str],
    label: str,
    desc: str,
    uid: str,
) -> Markup:
    """A rate against its denominator with 95% and 99.8% limits around the national rate
    (Spiegelhalter 2005): an office outside the funnel differs by more than chance."""
    width, height, pad_l, pad_r, pad_t, pad_b = 760, 380, 64, 24, 24, 62
    top_n = max((p.trials for p in points), default=10)
    xt = nice_ticks(0, top_n, 6, integer=True)
    values = [p.value for p in points] + [reference]
    low = min(values + [funnel_limits(reference, xt[-1] / 8, Z998)[0]])
    high = max(values + [funnel_limits(reference, xt[-1] / 8, Z998)[1]])
    yt = nice_ticks(max(0.0, low), min(1.0, high), 5)
    x = Scale(xt[0], xt[-1], pad_l, width - pad_r)
    y = Scale(yt[0], yt[-1], height - pad_b, pad_t)
    svg = Svg(width, height, label, desc)
    y_axis(svg, y, yt, PERCENT, pad_l, width - pad_r)
    x_axis(svg, x, xt, "count", pad_t, height - pad_b)
    svg.text(8, 12, axis_titles[1], font_size=12, fill=INK)
    svg.text(
        (pad_l + width - pad_r) / 2,
        height - pad_b + 34,
        axis_titles[0],
        "middle",
        font_size=12,
        fill=INK,
    )
    svg.add(
        f'<clipPath id="{uid}"><rect x="{pad_l}" y="{pad_t}" width="{width - pad_l - pad_r}" '
        f'height="{height - pad_t - pad_b}"/></clipPath><g clip-path="url(#{uid})">'
    )
    start = max(1.0, xt[-1] / 400)
    ns = [start * (xt[-1] / start) ** (k / 80) for k in range(81)]
    for z, dash in ((Z95, "6 4"), (Z998, "2 3")):
        for side in (0, 1):
            pts = " ".join(f"{x(n):.1f},{y(funnel_limits(reference, n, z)[side]):.1f}" for n in ns)
            svg.add(
                f'<polyline fill="none" stroke="{REFERENCE}" stroke-width="1.5" '
                f'stroke-dasharray="{dash}" points="{pts}"/>'
            )
    svg.add("</g>")
    svg.line(pad_l, y(reference), width - pad_r, y(reference), REFERENCE, stroke_width=2)
    for p in points:
        lo95, hi95 = funnel_limits(reference, p.trials, Z95)
        colour = ABOVE if p.value > hi95 else BELOW if p.value < lo95 else WITHIN
        svg.point(x(p.trials), y(p.value), p.tip, colour, r=5)
    legend_y = height - 8
    svg.text(pad_l, legend_y, "— " + _("angka nasional"), font_size=12, fill=REFERENCE)
    svg.text(pad_l + 190, legend_y, "- - " + _("batas 95%"), font_size=12, fill=REFERENCE)
    svg.text(pad_l + 330, legend_y, "··· " + _("batas 99,8%"), font_size=12, fill=REFERENCE)
    return svg.markup()


# --- sparkline and bars -------------------------------------------------------------------


def sparkline(values: list[float | None], tips: list[str], provisional: bool, label: str) -> Markup:
    """A small trend beside a figure: shape only, with each value as a hover tip."""
    width, height, pad = 132, 34, 5
    shown = [v for v in values if v is not None]
    lo, hi = (min(shown), max(shown)) if shown else (0, 1)
    x = Scale(0, max(1, len(values) - 1), pad, width - pad)
    y = Scale(lo, hi if hi > lo else lo + 1, height - pad, pad)
    svg = Svg(width, height, label, css="sparkline")
    last = len(values) - 1
    final = values[:last] if provisional else values
    for segment in _segments(final):
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in segment)
        svg.add(f'<polyline fill="none" stroke="{COLOURS[0]}" stroke-width="1.5" points="{pts}"/>')
    if provisional and last > 0 and None not in (values[last - 1], values[last]):
        svg.line(
            x(last - 1),
            y(values[last - 1]),
            x(last),
            y(values[last]),
            COLOURS[0],
            stroke_width=1.5,
            stroke_dasharray="2 3",
        )
    for i, v in enumerate(values):
        if v is not None:
            svg.point(x(i), y(v), tips[i], COLOURS[0], hollow=provisional and i == last, r=2)
    return svg.markup()


@dataclass
class Bar:
    label: str
    value: float
    tip: str


def bar_chart(bars: list[Bar], unit: str, label: str, desc: str) -> Markup:
    """Horizontal bars from zero, longest first, each with its value at its end."""
    width, pad_l, pad_r, pad_t, row = 760, 200, 70, 10, 26
    height = pad_t + row * max(1, len(bars)) + 28
    ticks = nice_ticks(0, max((b.value for b in bars), default=0) or 5, 5, integer=unit != PERCENT)
    x = Scale(0, ticks[-1], pad_l, width - pad_r)
    bottom = pad_t + row * max(1, len(bars))
    svg = Svg(width, height, label, desc)
    x_axis(svg, x, ticks, unit, pad_t, bottom)
    for i, b in enumerate(bars):
        top = pad_t + row * i + 4
        svg.text(pad_l - 8, top + 13, clip_text(b.label, 28), "end", font_size=12, fill=INK)
        svg.add(
            f'<g class="bar"><title>{escape(b.tip)}</title><rect x="{pad_l}" y="{top}" '
            f'width="{max(0.0, x(b.value) - pad_l):.1f}" height="{row - 8}" '
            f'fill="{COLOURS[0]}"/></g>'
        )
        svg.text(x(b.value) + 6, top + 13, value_text(b.value, unit), font_size=12, fill=INK)
    return svg.markup()
