"""Keeping built comparison tables for the next request that asks the same question.

A national page reads ninety offices' figures and forms region and national totals,
suppression and intervals; that result only changes when some office's figures are
recomputed. So it is kept per application process, keyed by the question (period,
group, offices) and by the versions of the figures it was built from: a newer
computation makes a new key, and old keys simply age out of the small LRU.
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
