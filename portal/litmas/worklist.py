"""Litmas pending on the PK's worklist (a provider of `portal.home.worklist`), by the
one definition in `litmas.operations`."""

from __future__ import annotations

from datetime import date

from portal.auth.models import User
from portal.formatting import day
from portal.home.worklist import Item, Urgency, active_caseload, provider
from portal.i18n import gettext as _
from portal.litmas.operations import pending_among


@provider
def litmas_pending(user: User, today: date) -> list[Item]:
    what, none_final, write, resume = (
        _("Litmas"),
        _("belum ada Litmas final"),
        _("Tulis Litmas"),
        _("Lanjutkan Litmas"),
    )  # once, not once per client: a PK has a hundred
    active = {c.id: c.guidance_start for c in active_caseload(user).values()}
    return [
        Item(
            client_id,
            "litmas",
            Urgency.LATER,
            oldest_draft or start,
            what,
            _("draf sejak %(date)s", date=day(oldest_draft)) if oldest_draft else none_final,
            resume if oldest_draft else write,
            "litmas",
        )
        for client_id, start, oldest_draft in pending_among(active)
    ]
