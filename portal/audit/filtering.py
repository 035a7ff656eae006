"""The audit log's filters, page position and page, read from the URL: one place for
the office administrator's log (portal.audit.views) and the system administrator's log
of central accounts (portal.admin.views)."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, ValidationError
from wtforms.validators import Optional

from portal.audit import log, words
from portal.clients.forms import DateInput
from portal.params import optional_int


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


def filter_form(central: bool = False) -> LogFilterForm:
    """The filters as the URL gives them; the people are the office's accounts, or the
    central accounts for the system administrator's log."""
    form = LogFilterForm(formdata=request.args)
    people = log.people(central)
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


def filters_of(form: LogFilterForm, central: bool = False) -> log.LogFilters:
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
        central=central,
    )


def page_position() -> tuple[log.Cursor | None, str]:
    for name, older in (("sebelum", True), ("sesudah", False)):
        value = request.args.get(name)
        if value:
            try:
                return log.Cursor.decode(value, older), ""
            except ValueError:
                return None, _("Posisi halaman tidak dikenal; menampilkan kejadian terbaru.")
    return None, ""


def render_log(page: log.LogPage, form: LogFilterForm, targets: dict, cursor_error: str, **where):
    """The log page; `where`: list_endpoint, export_endpoint, intro (what the log holds)."""
    args = {k: v for k, v in request.args.items() if k not in ("sebelum", "sesudah") and v}
    return render_template(
        "audit/index.html",
        form=form,
        page=page,
        args=args,
        targets=targets,
        words=words,
        cursor_error=cursor_error,
        **where,
    )
