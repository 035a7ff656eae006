"""Measures from case files: who was under guidance when, how stretches ended, and
who re-offended (person-based: a client counts once, however many events)."""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import select

from portal.clients import vocab
from portal.clients.models import Client
from portal.extensions import db
from portal.indicators.measures.intervals import active_on, ordinals, overlapping, within
from portal.indicators.periods import Period
from portal.outcomes import vocab as outcome_vocab
from portal.outcomes.models import ReoffendingEvent

CLOSING = (vocab.SELESAI, vocab.DICABUT, vocab.PINDAH, vocab.MENINGGAL)
# Closings that end a stretch of guidance for the revocation and re-offending cohorts.
COHORT_CLOSINGS = (vocab.SELESAI, vocab.DICABUT, vocab.PINDAH)


def stretches() -> dict[str, np.ndarray]:
    """Each case file's stretch of guidance at this office, as arrays of ordinals.

    The stretch ends at the closing status date, or at the guidance end date when
    the file is still open (an office that has not yet closed a file past its end
    date does not keep the client "active" for ever).
    """
    rows = db.session.execute(
        select(
            Client.id,
            Client.guidance_start,
            Client.guidance_end,
            Client.status,
            Client.status_date,
            Client.pk_id,
        )
    ).all()
    closed = [r.status in CLOSING for r in rows]
    stops = [
        (r.status_date or r.guidance_end) if c else r.guidance_end
        for r, c in zip(rows, closed, strict=True)
    ]
    return {
        "id": np.array([r.id for r in rows], dtype=np.int64),
        "start": ordinals([r.guidance_start for r in rows], 0),
        "stop": ordinals(stops, 0),
        "status": np.array([r.status for r in rows], dtype=object),
        "closed": np.array(closed, dtype=bool),
        "pk": np.array([r.pk_id or 0 for r in rows], dtype=np.int64),
    }


FOLLOW_UP_DAYS = 365  # "re-offending within 12 months after guidance"


def new_offences() -> dict[int, np.ndarray]:
    """Dates (ordinals) of new-offence events per client id.

    Only new offences count as re-offending: revocations are measured by the
    revocation rate, and technical violations are not offences.
    """
    dates: dict[int, list[int]] = {}
    for client_id, day in db.session.execute(
        select(ReoffendingEvent.client_id, ReoffendingEvent.occurred_on).where(
            ReoffendingEvent.kind == outcome_vocab.TINDAK_PIDANA_BARU
        )
    ):
        dates.setdefault(client_id, []).append(day.toordinal())
    return {k: np.array(v, dtype=np.int64) for k, v in dates.items()}


def _any_event_between(
    events: dict[int, np.ndarray], ids: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """Per client, whether a new offence falls in [low, high] (inclusive)."""
    hit = np.zeros(ids.size, dtype=bool)
    for i, client_id in enumerate(ids):
        days = events.get(int(client_id))
        if days is not None:
            hit[i] = bool(((days >= low[i]) & (days <= high[i])).any())
    return hit


def compute(periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    s = stretches()
    events = new_offences()
    during = _any_event_between(events, s["id"], s["start"], s["stop"])
    after = _any_event_between(events, s["id"], s["stop"] + 1, s["stop"] + FOLLOW_UP_DAYS)
    completed = s["closed"] & (s["status"] == vocab.SELESAI)
    cohort_closing = s["closed"] & np.isin(s["status"], COHORT_CLOSINGS)
    result: dict[str, dict[str, float]] = {}
    for period in periods:
        snapshot = active_on(s["start"], s["stop"], min(period.end, today))
        ended = cohort_closing & within(s["stop"], period)
        pks = s["pk"][snapshot]
        result[period.key] = {
            "clients.active_end": int(snapshot.sum()),
            "clients.pks_end": int(np.unique(pks[pks > 0]).size),
            "clients.under_guidance": int(overlapping(s["start"], s["stop"], period).sum()),
            "clients.ended": int(ended.sum()),
            "clients.ended_revoked": int((ended & (s["status"] == vocab.DICABUT)).sum()),
            "clients.ended_reoffended": int((ended & during).sum()),
        }
        cohort = completed & within(s["stop"], period)
        values = result[period.key]
        values["clients.completed"] = int(cohort.sum())
        values["clients.completed_reoffended_12m"] = int((cohort & after).sum())
        # Reportable once every member's twelve months have passed.
        values["clients.window_12m_closed"] = int(
            period.end.toordinal() + FOLLOW_UP_DAYS < today.toordinal()
        )
    return result
