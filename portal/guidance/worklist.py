"""Worklist provider: whose guidance ends within 30 days (or has ended but is still open)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import juvenile_guard, office_today
from portal.extensions import db
from portal.home.worklist import ROW_LIMIT, Row, Section, provider

ENDING_DAYS = 30


@provider
def guidance_ending(user: User) -> Section | None:
    """Aktif clients whose guidance_end is on or before today + 30 days — including
    ones already past their end date, whose file still has to be closed. A PK sees
    their own caseload, the administrator the whole office."""
    if user.role not in (Role.PK, Role.ADMIN):
        return None
    today = office_today()
    criteria = [
        Client.status == client_vocab.AKTIF,
        juvenile_guard(user),
        Client.guidance_end <= today + timedelta(days=ENDING_DAYS),
    ]
    if user.role == Role.PK:
        criteria.append(Client.pk_id == user.id)
    # The total comes with the first rows (a window count): one statement, not two.
    found = db.session.execute(
        select(Client, func.count().over())
        .where(*criteria)
        .order_by(Client.guidance_end, Client.id)
        .limit(ROW_LIMIT)
    ).all()
    clients = [client for client, _total in found]
    total = found[0][1] if found else 0
    rows = [
        Row(
            c,
            _("berakhir %(date)s", date=c.guidance_end.isoformat())
            if c.guidance_end >= today
            else _("lewat %(n)d hari, belum ditutup", n=(today - c.guidance_end).days),
        )
        for c in clients
    ]
    more = (
        url_for("clients.mine", sort="akhir")
        if user.role == Role.PK
        else url_for("clients.index", status=client_vocab.AKTIF, sort="akhir")
    )
    return Section(
        "bimbingan-berakhir",
        _("Bimbingan berakhir ≤ 30 hari"),
        rows,
        total,
        more,
        _("Tidak ada bimbingan yang berakhir dalam 30 hari."),
    )
