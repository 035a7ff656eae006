"""Trend charts as inline SVG, drawn on the server: no script, no CDN, printable."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 760, 300, 56, 16, 16, 76
LEGEND_COLUMNS, LEGEND_WIDTH = 4, 180
COLOURS = ["#0d5c63", "#c77d1a", "#6b4fa0", "#2f7d32", "#a4262c", "#3a6ea5"]


@dataclass
class Series:
    label: str
    points: list[float | None]  # None: no value (suppressed or not reportable)


def line_chart(labels: list[str], series: list[Series], percent: bool) -> str:
    values = [v for s in series for v in s.points if v is not None]
    top = max(values, default=0) or 1
    if percent:
        top = min(1.0, top * 1.1)
    else:
        top *= 1.1
    inner_w, inner_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = inner_w / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return PAD_L + i * step

    def y(v: float) -> float:
        return PAD_T + inner_h * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" class="chart">'
    ]
    for k in range(5):
        v = top * k / 4
        tick = f"{v * 100:.0f}%" if percent else f"{v:,.0f}".replace(",", ".")
        parts.append(
            f'<line x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="#d5dde5"/><text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" '
            f'text-anchor="end" font-size="11">{tick}</text>'
        )
    every = max(1, -(-len(labels) // 12))  # at most a dozen labels on the axis
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - PAD_B + 16}" font-size="11" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for n, s in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        segment: list[str] = []
        for i, v in enumerate(s.points + [None]):
            if v is not None:
                segment.append(f"{x(i):.1f},{y(v):.1f}")
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
            elif segment:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                    f'points="{" ".join(segment)}"/>'
                )
                segment = []
        parts.append(
            f'<text x="{PAD_L + 150 * n}" y="{HEIGHT - 8}" font-size="12" '
            f'fill="{colour}">■ {escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
