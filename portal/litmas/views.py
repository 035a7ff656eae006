"""Litmas pages: write, edit while draft, finalise, read; and the office's pending list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.clients import operations as client_operations
from portal.clients.lookup import client_or_404
from portal.clients.views import EDITORS
from portal.errors import OperationError
from portal.extensions import db
from portal.formerrors import show_operation_error
from portal.litmas import operations, vocab
from portal.litmas import worklist as _worklist  # noqa: F401  registers the provider
from portal.litmas.forms import FinaliseForm, LitmasForm
from portal.litmas.models import Litmas
from portal.offices.context import office_blueprint, roles_required
from portal.params import optional_int
from portal.vocab.skills import skill_label

bp = office_blueprint("litmas", __name__)


@bp.app_context_processor
def _helpers():
    """`client_litmas(client)` for the Litmas section of the client page."""
    return {
        "client_litmas": operations.litmas_of_client,
        "litmas_vocab": vocab,
        "skill_label": skill_label,
    }


def _litmas_or_404(litmas_id: int) -> Litmas:
    litmas = operations.find_litmas(current_user, litmas_id)
    if litmas is None:
        abort(404)
    return litmas


def _form(litmas: Litmas | None = None) -> LitmasForm:
    form = LitmasForm(obj=litmas)
    pks = client_operations.office_pks()
    if litmas is not None and litmas.pk not in pks:
        pks.append(litmas.pk)
    form.pk_id.choices = [("", "—")] + [(p.id, p.full_name) for p in pks]
    if request.method == "GET":
        if litmas is None:
            form.written_on.data = client_operations.office_today()
            if current_user.role == "pk":
                form.pk_id.data = current_user.id
        else:
            form.version_id.data = litmas.version_id
            form.skills.data = litmas.skills
    return form


def _version(raw) -> int | None:
    return optional_int(raw)


@bp.route("/litmas/")
@roles_required(*EDITORS)
def index():
    return render_template("litmas/index.html", rows=operations.pending_litmas(current_user))


@bp.route("/klien/<int:client_id>/litmas/baru", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create(client_id: int):
    client = client_or_404(client_id)
    form = _form()
    if form.validate_on_submit():
        try:
            litmas = operations.create_litmas(client, **form.data_for_operations())
        except OperationError as exc:
            show_operation_error(form, exc, "written_on")
            client = client_or_404(client_id)
        else:
            db.session.commit()
            flash(_("Litmas disimpan sebagai draf."), "success")
            return redirect(url_for(".detail", litmas_id=litmas.id))
    return render_template("litmas/form.html", form=form, client=client, litmas=None)


@bp.route("/litmas/<int:litmas_id>")
def detail(litmas_id: int):
    litmas = _litmas_or_404(litmas_id)
    operations.record_view(litmas)
    db.session.commit()
    form = FinaliseForm(version_id=litmas.version_id)
    return render_template(
        "litmas/detail.html", litmas=litmas, form=form, can_edit=current_user.role in EDITORS
    )


@bp.route("/litmas/<int:litmas_id>/ubah", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(litmas_id: int):
    litmas = _litmas_or_404(litmas_id)
    if litmas.status == vocab.FINAL:
        flash(_("Litmas yang sudah final tidak dapat diubah."), "error")
        return redirect(url_for(".detail", litmas_id=litmas.id))
    form = _form(litmas)
    if form.validate_on_submit():
        try:
            operations.update_litmas(
                litmas, _version(form.version_id.data), **form.data_for_operations()
            )
        except OperationError as exc:
            show_operation_error(form, exc, "written_on")
            litmas = _litmas_or_404(litmas_id)
        else:
            db.session.commit()
            flash(_("Litmas disimpan."), "success")
            return redirect(url_for(".detail", litmas_id=litmas.id))
    return render_template("litmas/form.html", form=form, client=litmas.client, litmas=litmas)


@bp.route("/litmas/<int:litmas_id>/final", methods=["POST"])
@roles_required(*EDITORS)
def finalise(litmas_id: int):
    litmas = _litmas_or_404(litmas_id)
    form = FinaliseForm()
    if form.validate_on_submit():
        try:
            operations.finalise_litmas(litmas, _version(form.version_id.data))
        except OperationError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Litmas ditetapkan final."), "success")
    return redirect(url_for(".detail", litmas_id=litmas_id))
