"""Case-file pages: thin handlers that load, authorise, validate and call `operations`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients import casefile, operations, vocab
from portal.clients.forms import ClientForm, StatusForm
from portal.clients.lookup import client_or_404
from portal.clients.models import Client
from portal.errors import OperationError, every_error
from portal.extensions import db
from portal.formatting import day
from portal.formerrors import show_operation_error
from portal.offices.context import office_blueprint, roles_required
from portal.officeversion import CASELOAD, CLIENT, ROSTER
from portal.pagecache import kept, on_every_view
from portal.params import optional_int
from portal.reporting import caseload as reporting_caseload

bp = office_blueprint("clients", __name__, url_prefix="/klien")

# Administrators and PKs keep case files; staff and viewers read them.
EDITORS = (Role.ADMIN, Role.PK)


@bp.context_processor
def _helpers():
    return {
        "vocab": vocab,
        "can_edit": current_user.role in EDITORS,
        "case_summary": casefile.case_summary,
        "case_sections": casefile.sections_present,
    }


def _client_form(client: Client | None = None) -> ClientForm:
    form = ClientForm(obj=client)
    pks = operations.office_pks()
    if client is not None and client.pk is not None and client.pk not in pks:
        pks.append(client.pk)  # keep a deactivated PK selectable on their own files
    form.pk_id.choices = [("", _("— belum ditetapkan —"))] + [(p.id, p.full_name) for p in pks]
    if client is not None and request.method == "GET":
        form.version_id.data = client.version_id
        form.category_override.data = client.category if client.category_overridden else ""
    return form


def _apply_error(form, exc: OperationError) -> str | None:
    """Roll back, attach each message to its field (a case file's rules are all checked
    at once); return the first that belongs to no field."""
    db.session.rollback()
    unplaced = None
    for error in every_error(exc):
        target = getattr(form, error.field or "", None)
        if target is None:
            unplaced = unplaced or str(error.message)
        else:
            target.errors = [*target.errors, str(error.message)]
    return unplaced


def _int_arg(name: str) -> int | None:
    return request.args.get(name, type=int)


def list_filters() -> dict:
    """The list's filters from the query string; the export of the list reads the same."""
    return {
        "q": request.args.get("q", ""),
        "status": request.args.get("status", ""),
        "program": request.args.get("program", ""),
        "pk_id": _int_arg("pk"),
        "category": request.args.get("category", ""),
        "sort": request.args.get("sort", "nama"),
    }


@bp.route("/")
@kept(by=lambda: ROSTER)
def index():
    """The office's clients, filtered: what it shows (the `clients` rows, the PKs'
    names) changes with the register, never with a report or a guidance session."""
    page = operations.search_clients(current_user, **list_filters(), page=_int_arg("page") or 1)
    return render_template(
        "clients/index.html",
        page=page,
        pk_options=operations.pk_filter_options(request.args.get("pk")),
        args=request.args,
        mine=False,
    )


@bp.route("/saya")
@roles_required(Role.PK)
@kept(by=lambda: (CASELOAD, current_user.id))
def mine():
    """The PK's own clients with what is due, how late and the last contact; the most
    urgent first unless another order is asked for."""
    sort = request.args.get("sort", "urgensi")
    page = reporting_caseload.my_caseload(
        current_user,
        operations.office_today(),
        status=request.args.get("status", vocab.AKTIF),
        q=request.args.get("q", ""),
        sort=sort if sort in reporting_caseload.MINE_SORTS else "urgensi",
        page=_int_arg("page") or 1,
    )
    return render_template(
        "clients/index.html",
        page=page,
        args=request.args,
        mine=True,
        today=operations.office_today(),
    )


@bp.route("/beban-kerja")
@roles_required(Role.ADMIN)
def caseload():
    return render_template(
        "clients/caseload.html",
        rows=reporting_caseload.caseload_by_pk(current_user, operations.office_today()),
    )


@bp.route("/<int:client_id>")
@kept(by=lambda client_id: (CLIENT, client_id))
def detail(client_id: int):
    # The client and which sections hold rows, in one statement (the rule of client_or_404).
    found = casefile.open_case_file(current_user, client_id)
    if found is None:
        abort(404)
    client, present = found
    on_every_view(operations.record_view, client.id, client.register_number)
    # Rendered before the commit: committing first would expire every loaded object and
    # reload them one by one. The page still leaves only once its view is recorded.
    page = render_detail(client, present=present)
    db.session.commit()
    return page


def render_detail(client: Client, **sections):
    """The case-file page: a summary first, the sections below. Other modules' forms
    posted from it (wajib lapor...) re-render it through here with their form in
    `sections`, so a refused entry keeps its input."""
    return render_template(
        "clients/detail.html",
        client=client,
        today=operations.office_today(),
        status_choices=_status_choices(client),
        # The row a save just changed (a key the sections compare), marked data-changed.
        changed=request.args.get("changed", "") if request.method == "GET" else "",
        **_helpers(),
        **sections,
    )


def _status_choices(client: Client) -> list[str]:
    """The statuses the status page offers: ending guidance for an active client (a
    transfer has its own page), the correction back to active otherwise."""
    allowed = operations.allowed_statuses(client)
    if client.status == vocab.AKTIF:
        return [s for s in operations.ENDINGS if s in allowed]
    return list(allowed)


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create():
    form = _client_form()
    error = None
    if form.validate_on_submit():
        try:
            client = operations.create_client(**form.data_for_operations())
        except OperationError as exc:
            error = _apply_error(form, exc)
        else:
            db.session.commit()
            flash(_("Klien %(number)s didaftarkan.", number=client.register_number), "success")
            return redirect(url_for(".detail", client_id=client.id))
    return render_template("clients/form.html", form=form, client=None, error=error)


@bp.route("/<int:client_id>/ubah", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(client_id: int):
    client = client_or_404(client_id)
    form = _client_form(client)
    error = None
    if request.method == "GET":
        operations.record_view(client.id, client.register_number)  # it shows the file too
        db.session.commit()
    elif form.validate_on_submit():
        expected = form.version_id.data
        try:
            operations.update_client(
                client,
                optional_int(expected),
                **form.data_for_operations(),
            )
        except OperationError as exc:
            error = _apply_error(form, exc)
            client = client_or_404(client_id)
        else:
            db.session.commit()
            flash(_("Berkas klien disimpan."), "success")
            if operations.find_client(current_user, client_id) is None:
                return redirect(url_for(".index"))  # a juvenile file handed to another PK
            return redirect(url_for(".detail", client_id=client_id))
    return render_template("clients/form.html", form=form, client=client, error=error)


@bp.route("/<int:client_id>/status", methods=["GET", "POST"])
@roles_required(*EDITORS)
def change_status(client_id: int):
    """Ending guidance (or correcting it back to active) in two steps: the form, then a
    page that says what will happen; only the confirmed POST changes anything."""
    client = client_or_404(client_id)
    choices = _status_choices(client)
    form = StatusForm()
    form.to_status.choices = [(s, str(vocab.STATUSES[s])) for s in choices]
    if request.method == "GET":
        wanted = request.args.get("ke", "")
        form.to_status.data = wanted if wanted in choices else None
        form.on.data = operations.office_today()
    elif form.validate_on_submit() and "edit" not in request.form:
        args = (client, form.to_status.data, form.on.data, form.reason.data)
        try:
            if "confirmed" not in request.form:
                operations.check_status_change(*args)
                return render_template("clients/status_confirm.html", client=client, form=form)
            operations.change_status(*args, actor=current_user._get_current_object())
        except OperationError as exc:
            show_operation_error(form, exc, "to_status")
            client = client_or_404(client_id)
        else:
            db.session.commit()
            flash(
                _(
                    "Status klien diubah menjadi %(status)s per %(date)s.",
                    status=vocab.label(vocab.STATUSES, client.status),
                    date=day(form.on.data),
                ),
                "success",
            )
            return redirect(
                url_for(".detail", client_id=client.id, changed="status", _anchor="ringkasan")
            )
    return render_template("clients/status_form.html", client=client, form=form)
