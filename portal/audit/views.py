"""The office's audit log for its administrators: filter, page, read; export from here."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Optional

from portal.audit import log
from portal.audit.operations import record
from portal.auth.roles import Role
from portal.clients.forms import DateInput
from portal.extensions import db
from portal.offices.context import office_blueprint, roles_required

bp = office_blueprint("audit", __name__, url_prefix="/audit")


class LogFilterForm(FlaskForm):
    """A GET form: filters belong in the URL (bookmarkable, no state change)."""

    class Meta:
        csrf = False

    dari = DateInput(_l("Dari tanggal"), validators=[Optional()])
    sampai = DateInput(_l("Sampai tanggal"), validators=[Optional()])
    pengguna = SelectField(_l("Pengguna"), validate_choice=False)
    aksi = SelectField(_l("Aksi"), validate_choice=False)
    jenis = SelectField(_l("Jenis data"), validate_choice=False)
    q = StringField(_l("Cari di ringkasan"), validators=[Optional()])


def _form() -> LogFilterForm:
    form = LogFilterForm(formdata=request.args)
    options = log.choices()
    for name, key in (("pengguna", "actor"), ("aksi", "action"), ("jenis", "object_type")):
        getattr(form, name).choices = [("", _l("Semua"))] + [(v, v) for v in options[key]]
    return form


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    form = _form()
    valid = form.validate()
    filters = log.LogFilters(
        start=form.dari.data if valid else None,
        end=form.sampai.data if valid else None,
        actor=form.pengguna.data or "",
        action=form.aksi.data or "",
        object_type=form.jenis.data or "",
        q=form.q.data or "",
    )
    page = log.search(filters, request.args.get("page", 1, type=int))
    record(
        "view",
        "audit_log",
        summary="Log audit kantor dibuka",
        detail={k: str(v) for k, v in vars(filters).items() if v},
    )
    db.session.commit()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("audit/index.html", form=form, page=page, args=args)
