"""Litmas request pages: intake, the head's overview, appointment, the report, its
print version, delivery, and TPP sessions. Thin: load (juvenile rule), call an
operation, render. Only office administrators (the head) and PKs use them."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients.views import EDITORS
from portal.errors import OperationError
from portal.extensions import db
from portal.formerrors import show_operation_error, submit
from portal.litmas.requests import deadlines, operations, queries, report, tpp, vocab
from portal.litmas.requests import worklist as _worklist
from portal.litmas.requests.forms import (
    AppointForm,
    DeliverForm,
    ReportForm,
    RequestForm,
    TppDiscussionForm,
    TppSessionForm,
    VersionForm,
    WithdrawForm,
)
from portal.litmas.requests.models import LitmasRequest, TppSession
from portal.offices.context import office_blueprint, roles_required
from portal.params import optional_int
from portal.timeutil import utcnow

bp = office_blueprint("litmas_requests", __name__, url_prefix="/litmas/permintaan")


def _clock(item: LitmasRequest) -> deadlines.Clock:
    return deadlines.clock(item.due_at, item.delivered_at, utcnow(), item.withdrawn_at)


@bp.app_context_processor
def _helpers():
    return {
        "request_vocab": vocab,
        "request_clock": _clock,
        "client_requests": lambda client: queries.requests_of_client(current_user, client),
        "litmas_requests_home": _worklist.home_requests,
    }


def _user():
    return current_user._get_current_object()


def _request_or_404(request_id: int) -> LitmasRequest:
    found = queries.find_request(_user(), request_id)
    if found is None:
        abort(404)  # another office's, or a child's this user may not see
    return found


def _version(raw) -> int | None:
    return optional_int(raw)


def _to_detail(obj) -> str:
    target = obj.request if hasattr(obj, "request") and obj.request is not None else obj
    return url_for(".detail", request_id=target.id)


@bp.route("/")
@roles_required(*EDITORS)
def index():
    user = _user()
    mine = request.args.get("saya") == "1"
    return render_template(
        "litmas/requests/index.html",
        rows=queries.open_requests(user, pk_only=mine),
        closed=queries.closed_requests(user),
        mine=mine,
    )


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create():
    form = RequestForm()
    if request.method == "GET":
        form.received_on.data, form.received_time.data = operations.received_today_default()
        form.attachments.data = ["surat_permintaan"]
    done = submit(
        form,
        lambda: operations.create_request(_user(), **form.data_for_operations()),
        "person_name",
        _("Permintaan Litmas dicatat."),
        _to_detail,
    )
    return done or render_template("litmas/requests/form.html", form=form, item=None)


@bp.route("/<int:request_id>")
@roles_required(*EDITORS)
def detail(request_id: int):
    item = _request_or_404(request_id)
    queries.record_view(item)
    db.session.commit()
    return render_template(
        "litmas/requests/detail.html",
        item=item,
        clock=_clock(item),
        rule=vocab.PURPOSES[item.purpose].rule,
        action=VersionForm(version_id=item.version_id),
        is_head=current_user.role == Role.ADMIN,
        is_pk=item.pk_id == current_user.id,
    )


@bp.route("/<int:request_id>/ubah", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(request_id: int):
    item = _request_or_404(request_id)
    form = RequestForm(obj=item)
    if request.method == "GET":
        local = deadlines.to_local(item.received_at, g.office.timezone)
        form.received_on.data, form.received_time.data = local.date(), local.time()
        form.version_id.data = item.version_id
        form.register_number.data = item.client.register_number if item.client else ""
    done = submit(
        form,
        lambda: operations.update_request(
            item, _user(), _version(form.version_id.data), **form.data_for_operations()
        ),
        "person_name",
        _("Permintaan Litmas disimpan."),
        _to_detail,
    )
    return done or render_template("litmas/requests/form.html", form=form, item=item)


@bp.route("/<int:request_id>/tunjuk", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def appoint(request_id: int):
    item = _request_or_404(request_id)
    form = AppointForm()
    if request.method == "GET":
        form.version_id.data = item.version_id
    loads = queries.pk_loads()
    form.pk_id.choices = [(load.pk.id, load.pk.full_name) for load in loads]
    done = submit(
        form,
        lambda: operations.appoint_pk(
            item, form.pk_id.data, _user(), _version(form.version_id.data), form.reason.data
        ),
        "pk_id",
        _("PK ditunjuk."),
        _to_detail,
    )
    return done or render_template(
        "litmas/requests/appoint.html", form=form, item=item, loads=loads
    )


@bp.route("/<int:request_id>/laporan", methods=["GET", "POST"])
@roles_required(*EDITORS)
def write_report(request_id: int):
    item = _request_or_404(request_id)
    if item.pk_id != current_user.id:
        abort(403)  # only the appointed PK writes it
    if item.report is not None and item.report.is_final:
        flash(_("Laporan yang sudah ditandatangani tidak dapat diubah."), "error")
        return redirect(url_for(".detail", request_id=item.id))
    form = ReportForm(obj=item.report)
    if request.method == "GET":
        if item.report is None:
            form.identity.data = report.identity_text(item)
        else:
            form.version_id.data = item.report.version_id
    done = submit(
        form,
        lambda: report.save_report(
            item, _user(), _version(form.version_id.data), **form.sections()
        ),
        "identity",
        _("Laporan disimpan sebagai draf."),
        _to_detail,
    )
    return done or render_template("litmas/requests/report_form.html", form=form, item=item)


def _act(request_id: int, action, message: str):
    """A button on the request page (sign, acknowledge): act on the version shown."""
    item = _request_or_404(request_id)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            action(item, _version(form.version_id.data))
        except OperationError as exc:
            db.session.rollback()
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(message, "success")
    return redirect(url_for(".detail", request_id=request_id))


@bp.route("/<int:request_id>/tandatangani", methods=["GET", "POST"])
@roles_required(Role.PK)
def sign(request_id: int):
    """Signing makes the report final for good: a page says so before the button does it."""
    if request.method == "GET":
        item = _request_or_404(request_id)
        if item.pk_id != current_user.id or item.report is None or item.report.is_final:
            return redirect(url_for(".detail", request_id=item.id))
        return render_template(
            "litmas/requests/sign_confirm.html",
            item=item,
            form=VersionForm(version_id=item.report.version_id),
            missing=[
                vocab.REPORT_SECTIONS[name]
                for name in vocab.REPORT_REQUIRED
                if not getattr(item.report, name).strip()
            ],
        )
    return _act(
        request_id,
        lambda item, version: report.sign_report(item, _user(), version),
        _("Laporan ditandatangani. Laporan kini final dan tidak dapat diubah."),
    )


@bp.route("/<int:request_id>/mengetahui", methods=["POST"])
@roles_required(Role.ADMIN)
def acknowledge(request_id: int):
    return _act(
        request_id,
        lambda item, version: report.acknowledge(item, _user(), version),
        _("Laporan diketahui kepala. Permintaan selesai dan siap dikirim."),
    )


@bp.route("/<int:request_id>/kirim", methods=["GET", "POST"])
@roles_required(*EDITORS)
def deliver(request_id: int):
    item = _request_or_404(request_id)
    form = DeliverForm()
    if request.method == "GET":
        form.version_id.data = item.version_id
        form.delivered_on.data, form.delivered_time.data = operations.received_today_default()
    done = submit(
        form,
        lambda: report.deliver(
            item,
            _user(),
            _version(form.version_id.data),
            form.delivered_on.data,
            form.delivered_time.data,
            form.means.data,
            form.note.data,
        ),
        "delivered_on",
        _("Pengiriman laporan dicatat."),
        _to_detail,
    )
    return done or render_template("litmas/requests/deliver.html", form=form, item=item)


@bp.route("/<int:request_id>/batalkan", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def withdraw(request_id: int):
    """Withdrawing takes the request off every worklist: a page says so first."""
    item = _request_or_404(request_id)
    if item.status not in vocab.OPEN:
        return redirect(url_for(".detail", request_id=item.id))
    form = WithdrawForm()
    if request.method == "GET":
        form.version_id.data = item.version_id
    done = submit(
        form,
        lambda: operations.withdraw(
            item, _user(), _version(form.version_id.data), form.reason.data
        ),
        "reason",
        _("Permintaan dibatalkan."),
        _to_detail,
    )
    return done or render_template("litmas/requests/withdraw.html", form=form, item=item)


@bp.route("/<int:request_id>/cetak")
@roles_required(*EDITORS)
def print_report(request_id: int):
    item = _request_or_404(request_id)
    if item.report is None:
        abort(404)
    queries.record_view(item, "print")
    db.session.commit()
    return render_template("litmas/requests/print.html", item=item, office=g.office)


# --- TPP sessions ----------------------------------------------------------------------


@bp.route("/tpp/")
@roles_required(*EDITORS)
def tpp_index():
    return render_template("litmas/requests/tpp_index.html", sessions=queries.tpp_sessions())


@bp.route("/tpp/baru", methods=["GET", "POST"])
@roles_required(*EDITORS)
def tpp_create():
    form = TppSessionForm()
    if request.method == "GET":
        form.held_on.data = operations.received_today_default()[0]
    done = submit(
        form,
        lambda: tpp.create_session(
            _user(), form.held_on.data, (form.members.data or "").splitlines(), form.notes.data
        ),
        "members",
        _("Sidang TPP dicatat. Tambahkan permintaan yang dibahas."),
        lambda session: url_for(".tpp_detail", session_id=session.id),
    )
    return done or render_template("litmas/requests/tpp_form.html", form=form)


@bp.route("/tpp/<int:session_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def tpp_detail(session_id: int):
    session = db.session.get(TppSession, session_id)
    if session is None:
        abort(404)
    user = _user()
    form = TppDiscussionForm()
    candidates = [r for r in queries.open_requests(user) if r.status in tpp.DISCUSSABLE]
    form.request_id.choices = [("", "—")] + [
        (r.id, f"{r.person_name} · {vocab.PURPOSE_LABELS[r.purpose]} · {r.letter_number}")
        for r in candidates
    ]
    if form.validate_on_submit():
        chosen = queries.find_request(user, form.request_id.data) if form.request_id.data else None
        try:
            tpp.record_recommendation(session, chosen, form.recommendation.data)
        except OperationError as exc:
            show_operation_error(form, exc, "recommendation")
            session = db.session.get(TppSession, session_id)
        else:
            db.session.commit()
            flash(_("Rekomendasi TPP dicatat."), "success")
            return redirect(url_for(".tpp_detail", session_id=session_id))
    if request.method == "GET":
        queries.record_tpp_view(session)
        db.session.commit()
    visible = {
        r.id for r in queries.visible_requests(user, [d.request_id for d in session.discussions])
    }
    return render_template(
        "litmas/requests/tpp_detail.html",
        session=session,
        discussions=[d for d in session.discussions if d.request_id in visible],
        hidden=sum(1 for d in session.discussions if d.request_id not in visible),
        form=form,
    )
