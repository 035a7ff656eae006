"""Worklist provider: Litmas pending, by the one definition in `litmas.operations`."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.auth.models import User
from portal.auth.roles import Role
from portal.home.worklist import ROW_LIMIT, Row, Section, provider
from portal.litmas.operations import first_pending_litmas


@provider
def litmas_pending(user: User) -> Section | None:
    if user.role not in (Role.PK, Role.ADMIN):
        return None
    pending, total = first_pending_litmas(user, ROW_LIMIT)
    rows = [
        Row(
            p.client,
            _("draf sejak %(date)s", date=p.oldest_draft.isoformat())
            if p.drafts
            else _("belum ada Litmas final"),
        )
        for p in pending
    ]
    return Section(
        "litmas-tertunda",
        _("Litmas tertunda"),
        rows,
        total,
        url_for("litmas.index"),
        _("Tidak ada Litmas tertunda."),
    )
