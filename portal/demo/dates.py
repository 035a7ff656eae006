"""Random choices and dates shared by the demo seeders.

Every seeder that dates something about a client (a session, a job, an event)
asks `under_guidance` for the days the client was actually in guidance here, so
demo histories never place a client in a session after they left the office.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from portal.clients import vocab
from portal.clients.models import Client


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def weekday_between(rng: random.Random, start: date, end: date) -> date:
    """A working day in [start, end] (offices hold sessions Monday to Friday);
    `start` itself when the range holds none."""
    day = between(rng, start, end)
    while day.weekday() >= 5 and day > start:
        day -= timedelta(days=1)
    return day


def under_guidance(client: Client, today: date) -> tuple[date, date]:
    """First and last day the client was under this office's guidance (up to today).

    A closed file (selesai, dicabut, pindah, meninggal) ends on its status date;
    an active one runs until today.
    """
    if client.status != vocab.AKTIF and client.status_date is not None:
        return client.guidance_start, min(client.status_date, today)
    return client.guidance_start, min(client.guidance_end, today)
