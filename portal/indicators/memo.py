"""Keeping built comparison tables for the next request that asks the same question.

A national page reads ninety offices' figures and forms region and national totals,
suppression and intervals; that result only changes when some office's figures are
recomputed. So it is kept per application process, keyed by the question (period,
group, offices) and by the versions of the figures it was built from: a newer
computation makes a new key, and old keys simply age out of the small LRU.

What is built from a table is kept the same way, under the table's key and whatever
else it shows: the comparison page above its legend (region asked for, order,
language, day), the landing page's figures (region, language, day), the charts, and
the JSON answer as encoded bytes. The table's key names the offices shown and those
the national total is formed over, so a regional officer's answer is never another
scope's (tests/test_indicator_kept.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app

from portal.lru import LRU

SIZE = 128  # periods × groups × scopes actually asked for in a day


def remembered(key: Hashable, build: Callable[[], Any]) -> Any:
    memo = current_app.extensions.setdefault("indicator_memo", LRU(SIZE))
    return memo.get(key, build)
