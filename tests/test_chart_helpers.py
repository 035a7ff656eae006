"""The chart kit: ticks a reader can add up, scales, funnel limits worked out by hand,
and charts that carry a text alternative and leave out what they are not given."""

from __future__ import annotations

import math
import re

import pytest

from portal.indicators import svg
from portal.indicators.charts import (
    Bar,
    Dot,
    FunnelPoint,
    Series,
    bar_chart,
    dot_plot,
    funnel_plot,
    line_chart,
    short_name,
    sparkline,
)
from portal.indicators.stats import Z95, Z998, funnel_limits, wilson_interval


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def test_nice_ticks_fall_on_round_numbers():
    # The trend once labelled its axis "182.050": the ticks of 0..182,050 are now 50,000s.
    assert svg.nice_ticks(0, 182050) == [0, 50000, 100000, 150000, 200000]
    assert svg.nice_ticks(0.733, 0.961) == pytest.approx([0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0])
    assert svg.nice_ticks(0, 7, integer=True) == [0, 2, 4, 6, 8]
    assert svg.nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert svg.nice_ticks(5, 5) == [5, 6, 7, 8, 9, 10]  # a flat series still gets an axis
    assert svg.nice_step(1, 5) == 0.2 and svg.nice_step(30, 5) == 10


def test_scale_maps_the_domain_onto_the_range():
    y = svg.Scale(0, 200, 300, 100)  # values up, pixels down
    assert (y(0), y(100), y(200)) == (300, 200, 100)
    assert svg.Scale(3, 3, 0, 10)(3) == 5  # one value: the middle


def test_tick_labels_carry_their_unit(ctx):
    assert svg.tick_text(0.75, svg.PERCENT, 0.05) == "75%"
    assert svg.tick_text(0.725, svg.PERCENT, 0.005) == "72,5%"
    assert svg.tick_text(150000, svg.COUNT, 50000) == "150.000"
    assert svg.tick_text(500000, svg.RUPIAH, 250000) == "Rp500.000"
    assert svg.clip_text("Pelayanan Kasih Gereja Kristus Tangerang", 20) == "Pelayanan Kasih Ger…"


def test_funnel_limits_match_the_hand_computation():
    # p0 = 30%, n = 100: se = sqrt(0.3 * 0.7 / 100) = 0.0458258
    # 95%:   0.3 ± 1.959964 * 0.0458258 = 0.3 ± 0.0898168
    # 99.8%: 0.3 ± 3.090232 * 0.0458258 = 0.3 ± 0.1416122
    assert funnel_limits(0.3, 100, Z95) == pytest.approx((0.2101832, 0.3898168), abs=1e-6)
    assert funnel_limits(0.3, 100, Z998) == pytest.approx((0.1583878, 0.4416122), abs=1e-6)
    # Four times the denominator halves the width.
    low, high = funnel_limits(0.3, 400, Z95)
    assert high - 0.3 == pytest.approx(0.0898168 / 2, abs=1e-6)
    # Limits stay within 0..1 at small denominators.
    assert funnel_limits(0.02, 10, Z998) == (
        0.0,
        pytest.approx(0.02 + Z998 * math.sqrt(0.0196 / 10)),
    )


def test_wilson_interval_reaches_zero_at_no_successes():
    assert wilson_interval(0, 7)[0] == 0.0
    assert wilson_interval(7, 7)[1] == 1.0


def test_charts_have_a_text_alternative(ctx):
    chart = str(line_chart(["T1 26", "T2 26"], [Series("Tangerang", [0.5, 0.6])], svg.PERCENT,
                           False, "Tren kepatuhan", "Garis per kantor"))  # fmt: skip
    assert 'role="img"' in chart and 'aria-label="Tren kepatuhan"' in chart
    assert "<desc>Garis per kantor</desc>" in chart
    bars = str(bar_chart([Bar("Barista", 12, "Barista: 12 partisipasi")], svg.COUNT, "B", "d"))
    assert "<title>Barista: 12 partisipasi</title>" in bars


def test_a_missing_value_is_neither_drawn_nor_named(ctx):
    series = Series("Purwokerto", [0.4, None, 0.5], ["a: 40%", "b: SECRET", "c: 50%"])
    chart = str(line_chart(["A", "B", "C"], [series], svg.PERCENT, False, "t", "d"))
    assert "SECRET" not in chart
    assert chart.count('<g class="point">') == 2
    assert chart.count("<polyline") == 2  # the line breaks at the gap


def test_the_running_period_is_drawn_as_provisional(ctx):
    series = Series("Mataram", [0.8, 0.9, 1.0], ["a", "b", "c"])
    chart = str(line_chart(["Okt 26", "Nov 26", "Des 26"], [series], svg.PERCENT, True, "t", "d"))
    assert "sementara" in chart
    last = chart.split("<title>c</title>")[1]
    assert 'fill="#ffffff"' in last.split("</g>")[0]  # hollow
    assert 'stroke-dasharray="3 4"' in chart  # the segment into it is dashed
    # The final line stops at the last complete period.
    assert re.search(r'<polyline[^>]*points="[\d.,]+ [\d.,]+"', chart)


def test_dot_and_funnel_plots_place_points_where_the_values_are(ctx):
    dots = str(dot_plot([Dot("Tangerang", 0.5, 0.25, 0.75, "Tangerang: 50,0%")], 0.52, "t", "d"))
    assert "Nasional 52,0%" in dots and "<title>Tangerang: 50,0%</title>" in dots
    points = [FunnelPoint("A", 100, 0.45, "A: 45%"), FunnelPoint("B", 200, 0.31, "B: 31%")]
    funnel = str(funnel_plot(points, 0.3, ("laporan (jumlah)", "Kepatuhan (%)"), "t", "d", "f1"))
    # A at 45% of 100 lies above the 95% limit (39.0%): drawn in the "above" colour.
    a = funnel.split("<title>A: 45%</title>")[1].split("</g>")[0]
    b = funnel.split("<title>B: 31%</title>")[1].split("</g>")[0]
    assert "#0d5c63" in a and "#7b8794" in b
    assert 'clip-path="url(#f1)"' in funnel and "laporan (jumlah)" in funnel


def test_sparkline_and_short_names(ctx):
    line = str(sparkline([1, 2, None, 4], ["a", "b", "c", "d"], False, "Tren"))
    assert "<title>c</title>" not in line and line.count('<g class="point">') == 3
    assert short_name("Bapas Kelas I Jakarta Timur-Utara") == "Jakarta Timur-Utara"
    assert short_name("Bapas Kelas II Purwokerto") == "Purwokerto"


def test_landing_flags_group_offices_by_rate_highest_first():
    from portal.indicators.comparison import NATIONAL, OFFICE, Cell, OfficeRef, Row, Table
    from portal.indicators.landing import flags
    from portal.indicators.periods import parse
    from portal.indicators.registry import BY_ID

    rate = BY_ID["pencabutan"]

    def office(n, num, den, signal):
        cell = Cell(numerator=num, denominator=den, signal=signal)
        return Row(OFFICE, f"Bapas {n}", office=OfficeRef(n, f"b{n}", f"Bapas {n}"),
                   cells={rate.id: cell})  # fmt: skip

    rows = [
        office(1, 9, 10, 1),
        office(2, 1, 20, -1),
        office(3, 5, 10, 0),
        office(4, 19, 20, 1),
        Row(NATIONAL, "Nasional", cells={rate.id: Cell(numerator=34, denominator=60)}),
    ]
    (group,) = flags(Table(parse("2025-Q2"), [rate, BY_ID["klien_aktif"]], rows))
    assert group.indicator is rate and group.national.value == pytest.approx(34 / 60)
    assert [f.row.label for f in group.above] == ["Bapas 4", "Bapas 1"]
    assert [f.row.label for f in group.below] == ["Bapas 2"]
