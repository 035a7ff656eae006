"""Guidance ending on the PK's worklist (a provider of `portal.home.worklist`): active
clients whose guidance ends within 30 days, or has ended with the file still open."""

from __future__ import annotations

from datetime import date, timedelta

from portal.auth.models import User
from portal.formatting import day
from portal.home.worklist import Item, Urgency, active_caseload, provider
from portal.i18n import gettext as _
from portal.i18n import ngettext

ENDING_DAYS = 30


@provider
def guidance_ending(user: User, today: date) -> list[Item]:
    last = today + timedelta(days=ENDING_DAYS)
    rows = [
        (c.id, c.guidance_end) for c in active_caseload(user).values() if c.guidance_end <= last
    ]
    items = []
    for client_id, end in rows:
        if end < today:
            n = (today - end).days
            text = ngettext(
                "berakhir %(num)d hari lalu, belum ditutup",
                "berakhir %(num)d hari lalu, belum ditutup",
                n,
            )
            items.append(
                Item(
                    client_id,
                    "bimbingan-berakhir",
                    Urgency.LATE,
                    end,
                    _("Masa bimbingan"),
                    text,
                    _("Tutup bimbingan"),
                    "riwayat-status",
                )
            )
        else:
            items.append(
                Item(
                    client_id,
                    "bimbingan-berakhir",
                    Urgency.TODAY if end == today else Urgency.LATER,
                    end,
                    _("Masa bimbingan"),
                    _("berakhir %(date)s", date=day(end)),
                    _("Lihat status"),
                    "riwayat-status",
                )
            )
    return items
