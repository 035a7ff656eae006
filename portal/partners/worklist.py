"""Agreements ending on the staff (Bimker) and administrator home (a panel of
`portal.home.panels`), by the one definition in `operations.expiring_agreements`."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients.operations import office_today
from portal.formatting import day
from portal.home.panels import ROW_LIMIT, Panel, PanelRow, panel
from portal.partners import vocab
from portal.partners.operations import expiring_agreements


@panel(Role.STAFF, Role.ADMIN, order=40)
def agreements_ending(user: User) -> Panel:
    today = office_today()
    ending = expiring_agreements(today)
    rows = []
    for agreement in ending[:ROW_LIMIT]:
        left = (agreement.end_date - today).days
        rows.append(
            PanelRow(
                agreement.partner.name,
                url_for("partners.detail", partner_id=agreement.partner_id),
                _(
                    "perjanjian %(number)s, berakhir %(date)s",
                    number=agreement.number,
                    date=day(agreement.end_date),
                ),
                _("berakhir hari ini")
                if left == 0
                else ngettext("%(num)d hari lagi", "%(num)d hari lagi", left),
                "tag-late" if left <= 14 else "tag-due",
            )
        )
    return Panel(
        "perjanjian-berakhir",
        _("Perjanjian berakhir ≤ %(days)d hari", days=vocab.EXPIRY_WARNING_DAYS),
        rows,
        len(ending),
        url_for("partners.index"),
        _(
            "Tidak ada perjanjian yang berakhir dalam %(days)d hari.",
            days=vocab.EXPIRY_WARNING_DAYS,
        ),
    )
