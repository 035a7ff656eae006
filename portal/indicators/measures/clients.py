"""Measures from case files: who was under guidance when, and how stretches ended."""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.clients import vocab
from portal.clients.models import Client
from portal.indicators.measures.intervals import active_on, ordinals, overlapping, within
from portal.indicators.periods import Period

CLOSING = (vocab.SELESAI, vocab.DICABUT, vocab.PINDAH, vocab.MENINGGAL)
# Closings that end a stretch of guidance for the revocation and re-offending cohorts.
COHORT_CLOSINGS = (vocab.SELESAI, vocab.DICABUT, vocab.PINDAH)


def stretches(session: Session) -> dict[str, np.ndarray]:
    """Each case file's stretch of guidance at this office, as arrays of ordinals.

    The stretch ends at the closing status date, or at the guidance end date when
    the file is still open (an office that has not yet closed a file past its end
    date does not keep the client "active" for ever).
    """
    rows = session.execute(
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


def compute(session: Session, periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    s = stretches(session)
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
        }
    return result
