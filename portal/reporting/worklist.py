"""Wajib lapor sections of the PK worklist (registered with `portal.home.worklist`).

A PK sees their own clients; an administrator, staff member or viewer sees the
office's (the juvenile rule applies inside `operations.open_dues`).
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.auth.models import User
from portal.auth.roles import Role
from portal.home.worklist import ROW_LIMIT, Row, Section, provider
from portal.reporting import operations


def _section(user: User, *, overdue: bool, key: str, title: str, empty: str) -> Section:
    own = user.role == Role.PK
    found = operations.open_dues(
        user, overdue=overdue, pk_id=user.id if own else None, limit=ROW_LIMIT
    )
    rows = [
        Row(
            item.client,
            _("jadwal %(date)s", date=item.due.due_on.isoformat())
            + ("" if own or item.client.pk is None else f" · {item.client.pk.full_name}"),
        )
        for item in found.items
    ]
    more = url_for("reporting.index", pk=user.id if own else "all")
    return Section(key, title, rows, found.total, more, empty)


@provider
def due_this_week(user: User) -> Section:
    return _section(
        user,
        overdue=False,
        key="wajib-lapor-minggu-ini",
        title=_("Wajib lapor minggu ini"),
        empty=_("Tidak ada jadwal wajib lapor minggu ini."),
    )


@provider
def overdue_reports(user: User) -> Section:
    return _section(
        user,
        overdue=True,
        key="terlambat-lapor",
        title=_("Terlambat lapor"),
        empty=_("Tidak ada yang terlambat lapor."),
    )
