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
    what, none_final, write, resume = (
        _("Litmas"),
        _("belum ada Litmas final"),
        _("Tulis Litmas"),
        _("Lanjutkan Litmas"),
    )  # once, not once per client: a PK has a hundred
    return [
        Item(
            p.client_id,
            "litmas",
            Urgency.LATER,
            p.oldest_draft or p.guidance_start,
            what,
            _("draf sejak %(date)s", date=day(p.oldest_draft)) if p.oldest_draft else none_final,
            resume if p.oldest_draft else write,
            "litmas",
        )
        for p in pending_litmas_columns(user)
    ]
