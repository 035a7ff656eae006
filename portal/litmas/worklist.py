"""Litmas pending on the PK's worklist (a provider of `portal.home.worklist`), by the
one definition in `litmas.operations`."""

from __future__ import annotations

from datetime import date

from portal.auth.models import User
from portal.formatting import day
from portal.home.worklist import Item, Urgency, active_caseload, client_fact, provider
from portal.i18n import gettext as _
from portal.litmas.operations import has_final, is_pending, oldest_draft

# Read with the PK's clients (portal.home.worklist), not by a statement of their own.
client_fact("litmas_final")(has_final)
client_fact("litmas_oldest_draft")(oldest_draft)


@provider
def litmas_pending(user: User, today: date) -> list[Item]:
    what, none_final, write, resume = (
        _("Litmas"),
        _("belum ada Litmas final"),
        _("Tulis Litmas"),
        _("Lanjutkan Litmas"),
    )  # once, not once per client: a PK has a hundred
    items = []
    for client in active_caseload(user).values():
        draft = client.facts.litmas_oldest_draft
        if is_pending(client.facts.litmas_final, draft):
            items.append(
                Item(
                    client.id,
                    "litmas",
                    Urgency.LATER,
                    draft or client.guidance_start,
                    what,
                    _("draf sejak %(date)s", date=day(draft)) if draft else none_final,
                    resume if draft else write,
                    "litmas",
                )
            )
    return items
