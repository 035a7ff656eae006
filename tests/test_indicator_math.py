"""Periods, confidence intervals and suppression: the arithmetic under every figure."""

from __future__ import annotations

from datetime import date

import pytest

from portal.indicators import periods
from portal.indicators.stats import differs_from, wilson_interval
from portal.indicators.suppression import Node, suppress_tree


def test_periods_parse_and_bound():
    q = periods.parse("2025-Q2")
    assert (q.start, q.end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert periods.parse("2024-02").end == date(2024, 2, 29)
    assert periods.parse("2025").end == date(2025, 12, 31)
    for bad in ("2025-Q5", "2025-13", "25", "", "1999"):
        assert periods.parse(bad) is None
    assert periods.default_period(date(2026, 11, 22)).key == "2026-Q3"
    assert periods.default_period(date(2026, 2, 1)).key == "2025-Q4"
    assert [p.key for p in periods.series("triwulan", q, 3)] == ["2024-Q4", "2025-Q1", "2025-Q2"]


def test_wilson_interval_matches_published_values():
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4) and high == pytest.approx(0.7634, abs=1e-4)
    low, high = wilson_interval(0, 20)
    assert low == 0 and high == pytest.approx(0.1611, abs=1e-4)
    assert wilson_interval(0, 0) is None
    assert differs_from(0.9, (0.2, 0.7)) == -1 and differs_from(0.1, (0.2, 0.7)) == 1
    assert differs_from(0.5, (0.2, 0.7)) == 0


def _tree(national, regions):
    root = Node(national, [Node(total, [Node(v) for v in offices]) for total, offices in regions])
    suppress_tree(root)
    return root


def test_one_small_office_count_hides_a_second_office_in_its_region():
    root = _tree(33, [(33, [3, 10, 20])])
    region = root.children[0]
    assert [o.hidden for o in region.children] == [True, True, False]
    assert not region.hidden and not root.hidden


def test_a_lone_small_office_hides_its_region_and_a_second_region():
    # Region A holds one office with 3; region B two offices of 10 and 12.
    root = _tree(25, [(3, [3]), (22, [10, 12])])
    a, b = root.children
    assert a.hidden and a.children[0].hidden
    # B's total is hidden so A cannot be had from the national total, and one of
    # B's offices too, so B's total cannot be had from its offices: four unknowns,
    # three equations (A = a1, B = b1 + 12, 25 = A + B).
    assert b.hidden and sum(o.hidden for o in b.children) == 1
    assert not root.hidden


def test_zeros_and_large_counts_stay_visible():
    root = _tree(30, [(30, [0, 10, 20])])
    assert not any(n.hidden for n in root.walk())


def test_remainder_of_unseen_offices_is_protected_only_when_small():
    # Regional view: national 30 = Banten 20 + 10 elsewhere (publishable).
    root = Node(30, [Node(20, [Node(20)]), Node(10)])
    suppress_tree(root)
    assert not any(n.hidden for n in root.walk())
    # National 22 = Banten 20 + 2 elsewhere: the 2 must not be had by subtraction.
    root = Node(22, [Node(20, [Node(20)]), Node(2)])
    suppress_tree(root)
    assert root.children[1].hidden and root.children[0].hidden
