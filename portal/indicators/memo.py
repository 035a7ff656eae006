"""Keeping built comparison tables for the next request that asks the same question.

A national page reads ninety offices' figures and forms region and national totals,
suppression and intervals; that result only changes when some office's figures are
recomputed. So it is kept per application process, keyed by the question (period,
group, offices) and by the versions of the figures it was built from: a newer
computation makes a new key, and old keys simply age out of the small LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app

SIZE = 128  # periods × groups × scopes actually asked for in a day


class Memo:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn threads share a process

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()  # outside the lock: a slow build does not hold up other keys
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def remembered(key: Hashable, build: Callable[[], Any]) -> Any:
    memo = current_app.extensions.setdefault("indicator_memo", Memo())
    return memo.get(key, build)
