"""Outcome pages reached from the client page: work, re-offending, transfer."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients import operations as client_operations
from portal.clients.lookup import client_or_404
from portal.clients.views import EDITORS
from portal.errors import OperationError
from portal.extensions import db
from portal.formerrors import show_operation_error
from portal.offices.context import office_blueprint, roles_required
from portal.outcomes import operations, transfer, vocab
from portal.outcomes.forms import EmploymentForm, ReoffenceForm, TransferForm

bp = office_blueprint("outcomes", __name__, url_prefix="/klien/<int:client_id>")


@bp.app_context_processor
def _helpers():
    """History lookups for the outcome sections of the client page."""
    return {
        "client_employment": operations.employment_history,
        "client_reoffences": operations.reoffences_of,
        "client_transfers": transfer.transfers_of,
        "outcome_vocab": vocab,
    }


def _actor():
    return current_user._get_current_object()


def _record(client_id: int, form, template: str, default: str, run, done: str):
    """The shared GET/POST shape: validate, call the operation, commit or show why not.

    `default` is the form's date field: prefilled with today, and where a message
    that names no field of the form is shown.
    """
    client = client_or_404(client_id)
    if request.method == "GET":
        getattr(form, default).data = client_operations.office_today()
    if form.validate_on_submit():
        try:
            run(client, form)
        except OperationError as exc:
            show_operation_error(form, exc, default)
            client = client_or_404(client_id)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("clients.detail", client_id=client_id))
    return render_template(template, form=form, client=client)


@bp.route("/pekerjaan/baru", methods=["GET", "POST"])
@roles_required(*EDITORS)
def employment(client_id: int):
    return _record(
        client_id,
        EmploymentForm(),
        "outcomes/employment_form.html",
        "recorded_on",
        lambda client, form: operations.record_employment(
            client,
            _actor(),
            recorded_on=form.recorded_on.data,
            status=form.status.data,
            sector=form.sector.data,
            income_band=form.income_band.data,
            note=form.note.data,
        ),
        _("Status pekerjaan dicatat."),
    )


@bp.route("/kejadian/baru", methods=["GET", "POST"])
@roles_required(*EDITORS)
def reoffence(client_id: int):
    return _record(
        client_id,
        ReoffenceForm(),
        "outcomes/reoffence_form.html",
        "occurred_on",
        lambda client, form: operations.record_reoffence(
            client,
            _actor(),
            occurred_on=form.occurred_on.data,
            kind=form.kind.data,
            source=form.source.data,
            note=form.note.data,
        ),
        _("Kejadian dicatat."),
    )


@bp.route("/pindah", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def transfer_out(client_id: int):
    """A transfer in two steps: the form, then a page that says what will happen in both
    offices; only the confirmed POST transfers."""
    client = client_or_404(client_id)
    form = TransferForm()
    form.to_office_id.choices = [("", "—")] + [
        (o.id, o.name) for o in transfer.destination_offices()
    ]
    if request.method == "GET":
        form.on.data = client_operations.office_today()
    elif form.validate_on_submit() and "edit" not in request.form:
        args = (client, form.to_office_id.data, form.on.data, form.reason.data)
        try:
            if "confirmed" not in request.form:
                office, _reason = transfer.check_transfer(*args)
                return render_template(
                    "outcomes/transfer_confirm.html",
                    client=client,
                    form=form,
                    office=office,
                )
            transfer.transfer_client(*args, actor=_actor())
        except OperationError as exc:
            show_operation_error(form, exc, "on")
            client = client_or_404(client_id)
        else:
            db.session.commit()
            flash(_("Klien dipindahkan; kantor tujuan menerima berkas baru."), "success")
            return redirect(
                url_for(
                    "clients.detail", client_id=client_id, changed="status", _anchor="ringkasan"
                )
            )
    return render_template("outcomes/transfer_form.html", form=form, client=client)
