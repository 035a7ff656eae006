"""Wajib lapor on the PK's worklist (a provider of `portal.home.worklist`).

Per client, one item: how late the client is (dates missed since their last report),
or by when to report while a window is open; both ask for a report on the case file's
report form. Older misses the client has reported after stay on the wajib lapor page,
to be met late or recorded as violations: they are not a lateness now.
"""

from __future__ import annotations

from datetime import date

from portal.auth.models import User
from portal.extensions import db
from portal.home.worklist import Item, Urgency, active_caseload, provider
from portal.i18n import gettext as _
from portal.reporting.caseload import due_facts, reporting_of


@provider
def wajib_lapor(user: User, today: date) -> list[Item]:
    own = sorted(active_caseload(user))
    items = []
    what, action = _("Wajib lapor"), _("Catat laporan")  # once, not once per client
    for row in db.session.execute(due_facts(own, today, opened_by=today)) if own else ():
        standing = reporting_of(row)
        urgency = standing.urgency(today)
        if urgency in (Urgency.LATE, Urgency.TODAY, Urgency.SOON):
            on = standing.late_since if urgency == Urgency.LATE else standing.next_until
            items.append(
                Item(
                    row.client_id,
                    "wajib-lapor",
                    urgency,
                    on,
                    what,
                    standing.describe(today),
                    action,
                    "catat-laporan",
                )
            )
    return items
