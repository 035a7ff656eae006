"""Case-file pages: thin handlers that load, authorise, validate and call `operations`."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients import operations, vocab
from portal.clients.forms import ClientForm, StatusForm
from portal.clients.lookup import client_or_404
from portal.clients.models import Client
from portal.errors import OperationError
from portal.extensions import db
from portal.offices.context import office_blueprint, roles_required
from portal.pagecache import kept, on_every_view
from portal.reporting import caseload as reporting_caseload

bp = office_blueprint("clients", __name__, url_prefix="/klien")

# Administrators and PKs keep case files; staff and viewers read them.
EDITORS = (Role.ADMIN, Role.PK)


@bp.context_processor
def _helpers():
    return {"vocab": vocab, "can_edit": current_user.role in EDITORS}


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
    """Roll back, attach the message to its field; return it if it belongs to no field."""
    db.session.rollback()
    target = getattr(form, exc.field or "", None)
    if target is None:
        return str(exc.message)
    target.errors = [*target.errors, str(exc.message)]
    return None


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
@kept
def index():
    page = operations.search_clients(current_user, **list_filters(), page=_int_arg("page") or 1)
    return render_template(
        "clients/index.html",
        page=page,
        pks=operations.office_pk_choices(),
        args=request.args,
        mine=False,
    )


@bp.route("/saya")
@roles_required(Role.PK)
@kept
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
        pks=[],
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
@kept
def detail(client_id: int):
    client = client_or_404(client_id)
    on_every_view(operations.record_view, client.id, client.register_number)
    # Rendered before the commit: committing first would expire every loaded object and
    # reload them one by one. The page still leaves only once its view is recorded.
    page = render_detail(client)
    db.session.commit()
    return page


def render_detail(client: Client, status_form: StatusForm | None = None, **sections):
    """The case-file page. Other modules' forms posted from it (wajib lapor...) re-render
    it through here with their form in `sections`, so a refused entry keeps its input."""
    # formdata=None: a form posted by another module must not fill the status form.
    status_form = status_form or StatusForm(formdata=None, on=operations.office_today())
    status_form.to_status.choices = [
        (s, str(vocab.STATUSES[s])) for s in operations.allowed_statuses(client)
    ]
    return render_template(
        "clients/detail.html", client=client, status_form=status_form, **_helpers(), **sections
    )


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
                int(expected) if (expected or "").isdigit() else None,
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


@bp.route("/<int:client_id>/status", methods=["POST"])
@roles_required(*EDITORS)
def change_status(client_id: int):
    client = client_or_404(client_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            operations.change_status(
                client,
                form.to_status.data,
                form.on.data,
                form.reason.data,
                actor=current_user._get_current_object(),
            )
        except OperationError as exc:
            _apply_error(form, exc)
            client = client_or_404(client_id)
        else:
            db.session.commit()
            flash(_("Status klien diubah."), "success")
            return redirect(url_for(".detail", client_id=client.id))
    return render_detail(client, form)
