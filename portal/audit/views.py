"""The office's audit log for its administrators: filter, page, read, export; and a
client's data subject record (UU 27/2022 art. 32)."""

from __future__ import annotations

from datetime import date

from flask import g, render_template
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import filtering, links, log, sheets, subject, words
from portal.audit.operations import record
from portal.auth.roles import Role
from portal.clients.lookup import client_or_404
from portal.extensions import db
from portal.offices.context import office_blueprint, roles_required
from portal.timeutil import utcnow
from portal.transfer.exporting import XLSX_MIME, Table, download

bp = office_blueprint("audit", __name__, url_prefix="/audit")


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    form = filtering.filter_form()
    filters = filtering.filters_of(form)
    cursor, cursor_error = filtering.page_position()
    page = log.search(filters, cursor)
    user = current_user._get_current_object()
    record(
        "view",
        "audit_log",
        summary="Log audit kantor dibuka",
        detail={k: str(v) for k, v in vars(filters).items() if v},
    )
    targets = links.targets(user, page.items)
    db.session.commit()
    return filtering.render_log(
        page,
        form,
        targets,
        cursor_error,
        list_endpoint="audit.index",
        export_endpoint="audit.export",
        intro=_(
            "Setiap pembukaan dan perubahan berkas di kantor ini, oleh siapa dan kapan. Log ini "
            "tidak dapat diubah atau dihapus. Waktu dalam zona waktu kantor."
        ),
    )


@bp.route("/ekspor.xlsx")
@roles_required(Role.ADMIN)
def export():
    """The log as filtered on the page, every matching event, as a typed sheet."""
    filters = filtering.filters_of(filtering.filter_form())
    content = sheets.workbook(sheets.log_table(filters))
    record(
        "export",
        "audit_log",
        summary="Log audit diekspor",
        detail={**{k: str(v) for k, v in vars(filters).items() if v}, "format": "xlsx"},
    )
    db.session.commit()
    return download(content, XLSX_MIME, f"audit-{g.office.slug}-{date.today():%Y%m%d}.xlsx")


def _subject(client_id: int, action: str):
    """The client (404 unless the administrator's office holds it), the record, and
    the events about them; the reading itself is recorded with the record."""
    client = client_or_404(client_id)
    parts = subject.record_of(client.id)
    events = subject.events_about(client.id, parts)
    record(
        action,
        "data_subject",
        client.id,
        summary=f"Rekam data subjek klien {client.register_number}",
        detail={"client_id": client.id, "format": "xlsx" if action == "export" else "page"},
    )
    return client, parts, events


@bp.route("/subjek/<int:client_id>")
@roles_required(Role.ADMIN)
def data_subject(client_id: int):
    client, parts, events = _subject(client_id, "view")
    page = render_template(
        "audit/subject.html",
        client=client,
        parts=parts,
        events=events,
        words=words,
        now=utcnow(),
    )
    db.session.commit()
    return page


@bp.route("/subjek/<int:client_id>.xlsx")
@roles_required(Role.ADMIN)
def data_subject_export(client_id: int):
    client, parts, events = _subject(client_id, "export")
    tables = [Table(p.title, p.headers, sheets.local_rows(p.rows)) for p in parts]
    tables.append(
        Table(_("Akses dan perubahan"), sheets.event_headers(), sheets.event_rows(events))
    )
    content = sheets.workbook(tables[0], tables[1:])
    db.session.commit()
    return download(
        content, XLSX_MIME, f"data-subjek-{client.register_number}-{date.today():%Y%m%d}.xlsx"
    )
