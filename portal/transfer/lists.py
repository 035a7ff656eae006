"""The office's lists as tables for export, built from the same queries as their pages."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from portal.audit import log, sheets
from portal.auth.models import User
from portal.auth.roles import ROLE_LABELS, Role
from portal.clients import operations as client_operations
from portal.clients import vocab
from portal.clients.models import Client
from portal.extensions import db
from portal.transfer.clients import COLUMNS
from portal.transfer.exporting import Table

BATCH = 2000


def _client_row(c: Client) -> list:
    """A case file in the import template's columns (so an export can be re-imported),
    with labels as the pages show them, then its status."""
    return [
        c.register_number,
        c.name,
        c.nik,
        vocab.label(vocab.SEXES, c.sex),
        c.birth_date,
        c.street,
        c.kelurahan,
        c.kecamatan,
        c.kabupaten_kota,
        c.phone,
        _blank(vocab.EDUCATION, c.education),
        _blank(vocab.MARITAL, c.marital_status),
        c.dependants,
        c.work_before,
        vocab.label(vocab.OFFENCES, c.offence),
        c.court_decision_number,
        c.court_decision_date,
        c.sentence_months,
        c.origin_institution,
        vocab.label(vocab.PROGRAMS, c.program),
        c.guidance_start,
        c.guidance_end,
        c.pk.full_name if c.pk else "",
        vocab.label(vocab.CATEGORIES, c.category),
        c.category_reason,
        vocab.label(vocab.STATUSES, c.status),
        c.status_date,
    ]


def _blank(vocabulary: dict, code: str | None) -> str:
    return str(vocabulary[code]) if code in vocabulary else ""


def clients_table(user: User, filters: dict) -> tuple[Table, int]:
    """The clients the list page shows for these filters (juvenile files the user may not
    see are left out by the page's own query), every page of them."""
    query = client_operations.filtered_clients(user, **filters)
    rows = [_client_row(c) for c in db.session.scalars(query)]
    headers = [c.header for c in COLUMNS] + [_("Status"), _("Tanggal Status")]
    text = frozenset(i for i, c in enumerate(COLUMNS) if c.text_format)
    return Table(_("Klien"), headers, rows, text), len(rows)


def users_table() -> tuple[Table, int]:
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.full_name)).all()
    rows = [
        [
            u.username,
            u.full_name,
            str(ROLE_LABELS[Role(u.role)]),
            u.nip or "",
            _("aktif") if u.active else _("nonaktif"),
            sheets.local(u.last_login_at),
        ]
        for u in users
    ]
    headers = [
        _("Nama pengguna"),
        _("Nama lengkap"),
        _("Peran"),
        _("NIP"),
        _("Status"),
        _("Terakhir masuk"),
    ]
    return Table(_("Pengguna"), headers, rows), len(rows)


def audit_table(start: date | None, end: date | None) -> tuple[Table, int]:
    """The same days and the same words as the audit log page and its export."""
    table = sheets.log_table(log.LogFilters(start=start, end=end))
    table.rows = list(table.rows)
    return table, len(table.rows)
