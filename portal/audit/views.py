"""The office's audit log for its administrators: filter, page, read, export; and a
client's data subject record (UU 27/2022 art. 32)."""

from __future__ import annotations

from datetime import date

from flask import Response, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, ValidationError
from wtforms.validators import Optional

from portal.audit import links, log, sheets, subject, words
from portal.audit.operations import record
from portal.auth.roles import Role
from portal.clients.forms import DateInput
from portal.clients.lookup import client_or_404
from portal.extensions import db
from portal.offices.context import office_blueprint, roles_required
from portal.params import optional_int
from portal.timeutil import utcnow
from portal.transfer.exporting import XLSX_MIME, Table

bp = office_blueprint("audit", __name__, url_prefix="/audit")


def _known(vocabulary: dict, message):
    def check(form, field):
        if field.data and field.data not in vocabulary:
            raise ValidationError(message)

    return check


class LogFilterForm(FlaskForm):
    """A GET form: filters belong in the URL (bookmarkable, no state change)."""

    class Meta:
        csrf = False

    dari = DateInput(_l("Dari tanggal"), validators=[Optional()])
    sampai = DateInput(_l("Sampai tanggal"), validators=[Optional()])
    pengguna = SelectField(_l("Pengguna"), validate_choice=False)
    aksi = SelectField(
        _l("Aksi"),
        validate_choice=False,
        validators=[_known(words.ACTIONS, _l("Aksi ini tidak dikenal; pilih dari daftar."))],
    )
    jenis = SelectField(
        _l("Jenis data"),
        validate_choice=False,
        validators=[_known(words.KINDS, _l("Jenis data ini tidak dikenal; pilih dari daftar."))],
    )
    q = StringField(_l("Cari di ringkasan"), validators=[Optional()])

    def validate_pengguna(self, field):
        if field.data and optional_int(field.data) not in self._people:
            raise ValidationError(_l("Pengguna ini tidak dikenal; pilih dari daftar."))

    def validate_sampai(self, field):
        if isinstance(field.data, date) and isinstance(self.dari.data, date):
            if field.data < self.dari.data:
                raise ValidationError(_l("Tanggal akhir harus sama atau setelah tanggal awal."))


def _form() -> LogFilterForm:
    form = LogFilterForm(formdata=request.args)
    people = log.people()
    form._people = {ident for ident, _name in people}
    everyone = [("", _l("Semua"))]
    form.pengguna.choices = everyone + [(str(i), name) for i, name in people]
    form.aksi.choices = everyone + sorted(
        ((code, words.action_words(code)) for code in words.ACTIONS), key=lambda c: c[1]
    )
    form.jenis.choices = everyone + sorted(
        ((code, words.kind_words(code)) for code in words.KINDS), key=lambda c: c[1]
    )
    return form


def _filters(form: LogFilterForm) -> log.LogFilters:
    """Only the filters that passed their checks: a refused one filters nothing out
    (the page says why beside it) rather than answering with an error."""
    form.validate()

    def ok(field):
        return field.data if not field.errors else None

    return log.LogFilters(
        start=ok(form.dari),
        end=ok(form.sampai),
        actor_id=optional_int(ok(form.pengguna)),
        action=ok(form.aksi) or "",
        object_type=ok(form.jenis) or "",
        q=form.q.data or "",
    )


def _cursor() -> tuple[log.Cursor | None, str]:
    for name, older in (("sebelum", True), ("sesudah", False)):
        value = request.args.get(name)
        if value:
            try:
                return log.Cursor.decode(value, older), ""
            except ValueError:
                return None, _("Posisi halaman tidak dikenal; menampilkan kejadian terbaru.")
    return None, ""


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    form = _form()
    filters = _filters(form)
    cursor, cursor_error = _cursor()
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
    args = {k: v for k, v in request.args.items() if k not in ("sebelum", "sesudah") and v}
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        args=args,
        targets=targets,
        words=words,
        cursor_error=cursor_error,
    )


def _download(content: bytes, filename: str) -> Response:
    return Response(
        content,
        mimetype=XLSX_MIME,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/ekspor.xlsx")
@roles_required(Role.ADMIN)
def export():
    """The log as filtered on the page, every matching event, as a typed sheet."""
    filters = _filters(_form())
    content = sheets.workbook(sheets.log_table(filters))
    record(
        "export",
        "audit_log",
        summary="Log audit diekspor",
        detail={**{k: str(v) for k, v in vars(filters).items() if v}, "format": "xlsx"},
    )
    db.session.commit()
    return _download(content, f"audit-{g.office.slug}-{date.today():%Y%m%d}.xlsx")


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
    return _download(content, f"data-subjek-{client.register_number}-{date.today():%Y%m%d}.xlsx")
