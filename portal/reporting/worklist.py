"""Wajib lapor on the PK's worklist (a provider of `portal.home.worklist`).

Per client, one item: how late the client is (dates missed since their last report),
or by when to report while a window is open; both ask for a report on the case file's
report form. Older misses the client has reported after stay on the wajib lapor page,
to be met late or recorded as violations: they are not a lateness now.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, bindparam

from portal.auth.models import User
from portal.extensions import db
from portal.home.worklist import Item, Urgency, active_caseload, provider
from portal.i18n import gettext as _
from portal.idlist import among, per_dialect
from portal.reporting.caseload import due_facts_of, reporting_of


def _build(dialect: str):
    today = bindparam("today", type_=Date)
    return due_facts_of(lambda column: among(column, dialect), today, opened_by=today)


_DUE_FACTS = per_dialect(_build)  # built once: every PK's home reads it


@provider
def wajib_lapor(user: User, today: date) -> list[Item]:
    own = sorted(active_caseload(user))
    items = []
    what, action = _("Wajib lapor"), _("Catat laporan")  # once, not once per client
    rows = db.session.execute(_DUE_FACTS(), {"ids": own, "today": today}) if own else ()
    for row in rows:
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
