"""The small kit every indicator chart is drawn with: scales, "nice" ticks, axes with
units, and an SVG document with its text alternative.

Charts are server-side SVG (no script, no CDN, printable; the Content-Security-Policy
allows no inline style, and SVG presentation attributes are not style). Every value a
chart shows is also in a `<title>` (the browser's hover tip) and in the page's table
view, so nothing is only visible to a mouse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from portal.formatting import number, percent, rupiah

PERCENT, COUNT, RUPIAH, RATIO = "percent", "count", "rupiah", "ratio"
GRID, INK, MUTED = "#d5dde5", "#1f2933", "#52606d"
COLOURS = ["#0d5c63", "#c77d1a", "#6b4fa0", "#2f7d32", "#a4262c", "#3a6ea5"]
FONT = 'font-family="inherit"'


def nice_step(span: float, count: int = 5) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about `count` intervals over `span`
    (Heckbert's "nice numbers"): ticks a reader can add up in their head."""
    if span <= 0:
        return 1.0
    raw = span / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[float]:
    """Ticks covering [low, high] on nice steps, starting and ending on a tick."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (1 if low == 0 else abs(low))
    step = nice_step(high - low, count)
    if integer:
        step = max(1.0, math.ceil(step))
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    n = round((last - first) / step)
    return [round(first + k * step, 10) for k in range(n + 1)]


@dataclass(frozen=True)
class Scale:
    """A linear map from data values (domain) to drawing coordinates (range)."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (value - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


def tick_text(value: float, unit: str, step: float) -> str:
    """An axis label with its unit: 20%, 12,5%, 1.500, Rp500.000."""
    if unit == PERCENT:
        decimals = max(0, -math.floor(math.log10(step * 100) + 1e-9)) if step else 0
        return number(value * 100, decimals) + "%"
    if unit == RUPIAH:
        return rupiah(value)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step else 0
    return number(value, decimals)


def value_text(value: float, unit: str) -> str:
    """A value as a hover tip or table reads it."""
    if unit == PERCENT:
        return percent(value)
    if unit == RUPIAH:
        return rupiah(value)
    if unit == RATIO:
        return number(value, 1)
    return number(value)


def clip_text(text: str, limit: int) -> str:
    """A label cut to fit its column; the full text stays in the hover tip and table."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Svg:
    """An SVG document built from escaped parts, with role="img", a label and a desc."""

    def __init__(self, width: int, height: int, label: str, desc: str = "", css: str = ""):
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{escape(label)}" class="chart {css}" {FONT}>'
            f"<title>{escape(label)}</title>"
        ]
        if desc:
            self.parts.append(f"<desc>{escape(desc)}</desc>")

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, x: float, y: float, content: str, anchor: str = "start", **attrs) -> None:
        extra = "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str = GRID, **attrs) -> None:
        extra = "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{colour}"{extra}/>'
        )

    def point(
        self, x: float, y: float, tip: str, colour: str, hollow: bool = False, r: float = 4
    ) -> None:
        """A marker with its value as the hover tip, on a wider invisible target."""
        fill = "#ffffff" if hollow else colour
        self.parts.append(
            f'<g class="point"><title>{escape(tip)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="transparent"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2"/></g>'
        )

    def markup(self) -> Markup:
        return Markup("".join([*self.parts, "</svg>"]))  # noqa: S704 - built from escaped parts


def y_axis(svg: Svg, scale: Scale, ticks: list[float], unit: str, x0: float, x1: float) -> None:
    """Horizontal grid lines with their labels left of `x0`."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 0
    for t in ticks:
        y = scale(t)
        svg.line(x0, y, x1, y)
        svg.text(x0 - 6, y + 4, tick_text(t, unit, step), "end", font_size=11, fill=MUTED)


def x_axis(svg: Svg, scale: Scale, ticks: list[float], unit: str, y0: float, y1: float) -> None:
    """Vertical grid lines with their labels below `y1`."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 0
    for t in ticks:
        x = scale(t)
        svg.line(x, y0, x, y1)
        svg.text(x, y1 + 16, tick_text(t, unit, step), "middle", font_size=11, fill=MUTED)
