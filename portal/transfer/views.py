"""Import and export pages: thin handlers over `service`, `lists` and `exporting`."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.audit.operations import record
from portal.auth.roles import Role
from portal.clients.operations import office_today
from portal.clients.views import list_filters
from portal.extensions import db
from portal.offices.context import office_blueprint, roles_required
from portal.params import day
from portal.partners.views import list_status as partner_list_status
from portal.reporting.views import chosen_pk
from portal.trainings.views import list_filters as training_filters
from portal.transfer import exporting, lists, partners, service, training_exports
from portal.transfer.forms import UploadForm
from portal.transfer.models import CHECKING, DONE, FAILED, INVALID, READY, RUNNING, ImportBatch
from portal.transfer.reading import FileRejected
from portal.transfer.reports import reports_table
from portal.transfer.templates import template_xlsx

bp = office_blueprint("transfer", __name__)
FORMATS = ("xlsx", "csv")


def _each(rule: str, name: str, values, **options):
    """One URL rule per kind (or format), e.g. /impor/klien/: the path names no object,
    so the isolation matrix tries these routes like any office page."""

    def register(view):
        for value in values:
            bp.route(rule.format(value), defaults={name: value}, **options)(view)
        return view

    return register


def _importer_or_404(kind: str):
    importer = service.IMPORTERS.get(kind)
    if importer is None:
        abort(404)
    return importer


def _batch_or_404(token: str) -> ImportBatch:
    batch = service.find_batch(token)  # the office filter applies: another office's is 404
    if batch is None:
        abort(404)
    return batch


@bp.route("/impor/")
@roles_required(Role.ADMIN)
def index():
    recent = db.session.scalars(
        select(ImportBatch).order_by(ImportBatch.created_at.desc()).limit(20)
    ).all()
    return render_template(
        "transfer/index.html",
        importers=service.IMPORTERS,
        recent=recent,
        shown_state=service.shown_state,
    )


@_each("/impor/{}/templat.xlsx", "kind", service.IMPORTERS)
@roles_required(Role.ADMIN)
def template(kind: str):
    importer = _importer_or_404(kind)
    content = template_xlsx(importer, g.office, office_today())
    return exporting.download(content, exporting.XLSX_MIME, f"templat-{kind}.xlsx")


@_each("/impor/{}/", "kind", service.IMPORTERS, methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def upload(kind: str):
    importer = _importer_or_404(kind)
    form = UploadForm()
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            batch = service.preview(
                kind,
                upload_file.stream,
                upload_file.filename or "",
                g.office,
                current_user._get_current_object(),
            )
        except FileRejected as exc:
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(exc.message)]
        else:
            return redirect(url_for(".batch", token=batch.token))
    return render_template(
        "transfer/upload.html", form=form, importer=importer, kind=kind, limits=service.limits()
    )


@bp.route("/impor/batch/<token>")
@roles_required(Role.ADMIN)
def batch(token: str):
    found = _batch_or_404(token)
    return render_template(
        "transfer/batch.html",
        batch=found,
        state=service.shown_state(found),
        importer=service.IMPORTERS[found.kind],
        CHECKING=CHECKING,
        READY=READY,
        INVALID=INVALID,
        RUNNING=RUNNING,
        DONE=DONE,
        FAILED=FAILED,
    )


@bp.route("/impor/batch/<token>/status")
@roles_required(Role.ADMIN)
def status(token: str):
    found = _batch_or_404(token)
    return jsonify(
        state=service.shown_state(found), processed=found.processed_rows, total=found.total_rows
    )


@bp.route("/impor/batch/<token>/konfirmasi", methods=["POST"])
@roles_required(Role.ADMIN)
def confirm(token: str):
    found = _batch_or_404(token)  # CSRFProtect has checked the token of this POST
    if not service.confirm(found, g.office, current_user._get_current_object()):
        flash(_("Impor ini tidak dapat dijalankan lagi."), "error")
    return redirect(url_for(".batch", token=token))


@bp.route("/impor/batch/<token>/batal", methods=["POST"])
@roles_required(Role.ADMIN)
def cancel(token: str):
    found = _batch_or_404(token)
    if service.cancel(found, g.office):
        flash(_("Impor dibatalkan; berkas yang diunggah dihapus."), "success")
    return redirect(url_for(".index"))


# --- exports -------------------------------------------------------------------------------


def _export(table_and_count, what: str, fmt: str, detail: dict) -> Response:
    if fmt not in FORMATS:
        abort(404)
    table, count = table_and_count
    content, mime = exporting.render(table, fmt)
    record(
        "export",
        what,
        None,
        summary=f"Ekspor {what}: {count} baris ({fmt})",
        detail={**detail, "rows": count, "format": fmt},
    )
    db.session.commit()
    stamp = date.today().strftime("%Y%m%d")
    return exporting.download(content, mime, f"{what}-{g.office.slug}-{stamp}.{fmt}")


@_each("/ekspor/klien.{}", "fmt", FORMATS)
def export_clients(fmt: str):
    filters = list_filters()
    return _export(
        lists.clients_table(current_user, filters),
        "klien",
        fmt,
        {"filters": {k: v for k, v in filters.items() if v}},
    )


@_each("/ekspor/mitra.{}", "fmt", FORMATS)
def export_partners(fmt: str):
    status = partner_list_status()
    table = partners.partners_table(status, office_today())
    return _export(table, "mitra", fmt, {"status": status})


@_each("/ekspor/pengguna.{}", "fmt", FORMATS)
@roles_required(Role.ADMIN)
def export_users(fmt: str):
    return _export(lists.users_table(), "pengguna", fmt, {})


@_each("/ekspor/audit.{}", "fmt", FORMATS)
@roles_required(Role.ADMIN)
def export_audit(fmt: str):
    start = request.args.get("dari", type=day)
    end = request.args.get("sampai", type=day)
    return _export(
        lists.audit_table(start, end),
        "audit",
        fmt,
        {"from": str(start or ""), "to": str(end or "")},
    )


@_each("/ekspor/wajib-lapor.{}", "fmt", FORMATS)
def export_reports(fmt: str):
    """The wajib lapor page's PK filter ('all' or absent: every PK) and a period."""
    filters = {
        "pk_id": chosen_pk()[1],
        "start": request.args.get("dari", type=day),
        "end": request.args.get("sampai", type=day),
    }
    return _export(
        reports_table(current_user, **filters),
        "wajib-lapor",
        fmt,
        {"filters": {k: str(v) for k, v in filters.items() if v}},
    )


def _export_training_list(table, what: str, fmt: str) -> Response:
    """The training list's filters (skill, partner, one training) apply as on its page."""
    filters = training_filters()
    return _export(
        table(current_user, filters),
        what,
        fmt,
        {"filters": {k: v for k, v in filters.items() if v}},
    )


@_each("/ekspor/pelatihan.{}", "fmt", FORMATS)
def export_trainings(fmt: str):
    return _export_training_list(training_exports.trainings_table, "pelatihan", fmt)


@_each("/ekspor/tindak-lanjut.{}", "fmt", FORMATS)
def export_follow_ups(fmt: str):
    return _export_training_list(training_exports.follow_ups_table, "tindak-lanjut", fmt)
