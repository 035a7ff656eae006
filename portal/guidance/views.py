"""Guidance-session pages: the office's sessions, recording one, reading one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients import operations as client_operations
from portal.clients.views import EDITORS
from portal.errors import OperationError
from portal.extensions import db
from portal.formerrors import show_operation_error
from portal.guidance import operations, vocab
from portal.guidance import worklist as _worklist  # noqa: F401  registers the provider
from portal.guidance.forms import MAX_ROWS, ROWS, SessionForm
from portal.i18n import text
from portal.offices.context import office_blueprint, roles_required
from portal.pagecache import kept
from portal.params import optional_int

bp = office_blueprint("guidance", __name__, url_prefix="/bimbingan")


@bp.app_context_processor
def _helpers():
    """`client_sessions(client)` for the sessions section of the client page."""
    return {
        "client_sessions": operations.sessions_of_client,
        "client_session_rows": _client_session_rows,
        "guidance_vocab": vocab,
    }


def _client_session_rows(sessions) -> list[tuple]:
    """The case file's session rows: (session, attendance, link, subtype, format, stage,
    attendance label). Each label is translated once per page and each link made from
    one built address (a client has a session every few weeks: twenty rows and more)."""
    labels = {
        name: {code: text(label) for code, label in vocabulary.items()}
        for name, vocabulary in (
            ("subtypes", vocab.ALL_SUBTYPES),
            ("formats", vocab.FORMATS),
            ("stages", vocab.STAGES),
            ("attendance", vocab.ATTENDANCE),
        )
    }
    subtypes, formats, stages, attendance = labels.values()
    # The address of session 0 without its id: every session's is that and its id.
    prefix = url_for("guidance.detail", session_id=0).removesuffix("0")
    return [
        (
            s,
            a,
            f"{prefix}{s.id}",
            subtypes.get(s.subtype, s.subtype),
            formats.get(s.format, ""),
            stages.get(s.stage, ""),
            attendance.get(a.attendance, ""),
        )
        for s, a in sessions
    ]


@bp.route("/")
@kept
def index():
    """The office's sessions; a PK sees their own unless they choose another PK or all."""
    default = str(current_user.id) if current_user.role == Role.PK else ""
    chosen = request.args.get("pk", default)
    page = operations.list_sessions(
        current_user,
        kind=request.args.get("kind", ""),
        # A number beyond the database's range chooses no PK, as any other odd value.
        pk_id=optional_int(chosen) if chosen.isdigit() else None,
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "guidance/index.html",
        page=page,
        args=request.args,
        chosen=chosen,
        pks=client_operations.office_pk_choices(),
        can_edit=current_user.role in EDITORS,
    )


def _form() -> SessionForm:
    rows = max(ROWS, min(request.args.get("baris", ROWS, type=int), MAX_ROWS))
    form = SessionForm()
    while len(form.attendees.entries) < rows:
        form.attendees.append_entry()
    if request.method == "GET":
        form.held_on.data = client_operations.office_today()
        if current_user.role == "pk":
            form.pk_id.data = current_user.id
        first = request.args.get("klien", type=int)
        if first:
            form.format.data = vocab.INDIVIDUAL
            form.attendees.entries[0].form.client_id.data = first
            form.attendees.entries[0].form.attendance.data = vocab.HADIR
    return form


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create():
    form = _form()
    if form.validate_on_submit():
        try:
            session = operations.create_session(
                current_user, form.attendee_rows(), **form.data_for_operations()
            )
        except OperationError as exc:
            db.session.rollback()
            if not form.show_row_error(exc.field or "", str(exc.message)):
                show_operation_error(form, exc, "held_on")
        else:
            target = url_for(".detail", session_id=session.id)  # before the commit expires it
            db.session.commit()
            flash(_("Sesi bimbingan dicatat."), "success")
            return redirect(target)
    # Only a form shown needs the office's PKs and every active client as choices
    # (validation reads neither): a session saved is spared both lists.
    form.pk_id.choices = [("", "—")] + [
        (p.id, p.full_name) for p in client_operations.office_pk_choices()
    ]
    choices = [("", "—"), *operations.attendee_choices(current_user)]
    for entry in form.attendees.entries:
        entry.form.client_id.choices = choices
    return render_template("guidance/form.html", form=form)


@bp.route("/<int:session_id>")
def detail(session_id: int):
    session = operations.find_session(session_id)
    if session is None:
        abort(404)
    attendances, hidden = operations.visible_attendances(current_user, session)
    operations.record_view(session)
    # Rendered before the commit, which would expire every loaded object and reload
    # them one by one; the page still leaves only once its view is recorded.
    page = render_template(
        "guidance/detail.html", session=session, attendances=attendances, hidden=hidden
    )
    db.session.commit()
    return page
