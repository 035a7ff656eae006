"""Litmas pending on the PK's worklist (a provider of `portal.home.worklist`), by the
one definition in `litmas.operations`."""

from __future__ import annotations

from datetime import date

from portal.auth.models import User
from portal.formatting import day
from portal.home.worklist import Item, Urgency, provider
from portal.i18n import gettext as _
from portal.litmas.operations import pending_litmas_columns


@provider
def litmas_pending(user: User, today: date) -> list[Item]:
    return [
        Item(
            p.client_id,
            "litmas",
            Urgency.LATER,
            p.oldest_draft or p.guidance_start,
            _("Litmas"),
            _("draf sejak %(date)s", date=day(p.oldest_draft))
            if p.oldest_draft
            else _("belum ada Litmas final"),
            _("Lanjutkan Litmas") if p.oldest_draft else _("Tulis Litmas"),
            "litmas",
        )
        for p in pending_litmas_columns(user)
    ]
