"""Training pages: programs, sessions, participants, follow-ups and the office overview.

Staff (Bimker) and administrators write trainings; PKs read them and record the
follow-ups of their own clients; viewers read only.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients import picker
from portal.clients.operations import find_client, office_today
from portal.errors import OperationError, every_error
from portal.extensions import db
from portal.formerrors import submit
from portal.offices.context import get_or_404, office_blueprint, roles_required
from portal.params import day
from portal.partners import operations as partner_operations
from portal.partners import vocab as partner_vocab
from portal.partners.placements import placements
from portal.trainings import charts, figures, followups, operations, vocab
from portal.trainings import worklist as _worklist  # noqa: F401  registers the provider
from portal.trainings.forms import (
    AttendanceForm,
    EnrolForm,
    FollowUpForm,
    SessionForm,
    TrainingForm,
)
from portal.trainings.models import Participant, Training, TrainingSession
from portal.vocab.skills import SKILLS, skill_label

bp = office_blueprint("trainings", __name__, url_prefix="/pelatihan")
WRITERS = (Role.ADMIN, Role.STAFF)


@bp.context_processor
def _helpers():
    return {"SKILLS": SKILLS, "can_write_trainings": current_user.role in WRITERS}


@bp.app_context_processor
def _shared_helpers():
    """For the partner pages and the client file's training section, too."""
    return {
        "tvocab": vocab,
        "pvocab": partner_vocab,
        "skill_label": skill_label,
        "client_training_history": _client_history,
    }


def _client_history(client, participations: bool = True, placed: bool = True) -> dict:
    """The client file's section: trainings, follow-ups and placements of one client.

    The client file itself already checked that the user may see this client, and may
    say that the client has no participation or no placement (`participations`,
    `placed` false): their queries are then spared.
    """
    user = _user()
    return {
        "participations": (
            operations.participant_rows(user, client_id=client.id, audit=False, seen=True)
            if participations
            else []
        ),
        "placements": placements(user, client=client) if placed else [],
        "can_follow_up": lambda participant: followups.can_record(user, participant),
    }


def _user():
    return current_user._get_current_object()


def _partner_choices(blank: str) -> list[tuple]:
    return [("", blank)] + [(p.id, p.name) for p in partner_operations.list_partners()]


def list_filters() -> dict:
    """The training list's filters from the query string; its exports read the same."""
    return {
        "skill_field": request.args.get("skill", ""),
        "partner_id": request.args.get("partner", type=int),
        "training_id": request.args.get("pelatihan", type=int),
    }


@bp.route("/")
def index():
    filters = list_filters()
    return render_template(
        "trainings/index.html",
        trainings=operations.list_trainings(**filters),
        partners=partner_operations.list_partners(""),
        skill=filters["skill_field"],
        partner_id=filters["partner_id"],
    )


def _training_form(training: Training | None = None) -> TrainingForm:
    form = TrainingForm(obj=training)
    form.partner_id.choices = _partner_choices(_("Kantor sendiri (tanpa mitra)"))
    return form


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(*WRITERS)
def create():
    form = _training_form()
    if request.method == "GET":
        form.partner_id.data = request.args.get("partner", type=int)
    done = submit(
        form,
        lambda: operations.create_training(**form.data),
        "title",
        _("Pelatihan dibuat. Tambahkan sesinya."),
        lambda t: url_for(".session_create", training_id=t.id),
    )
    return done or render_template("trainings/form.html", form=form, training=None)


@bp.route("/<int:training_id>/ubah", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(training_id: int):
    training = get_or_404(Training, training_id)
    form = _training_form(training)
    done = submit(
        form,
        lambda: operations.update_training(training, **form.data),
        "title",
        _("Pelatihan disimpan."),
        lambda t: url_for(".detail", training_id=t.id),
    )
    return done or render_template("trainings/form.html", form=form, training=training)


@bp.route("/<int:training_id>")
def detail(training_id: int):
    training = get_or_404(Training, training_id)
    return _render_detail(training)


ROW_ID = 987_654_321  # stands for a participant's or client's id in `_row_urls`


def _row_urls() -> dict[str, str]:
    """The links of a participant row as patterns made once per page (ROW_ID stands for
    the id): a url_for per link and row cost a quarter of a 100-participant page."""
    return {
        "client": url_for("clients.detail", client_id=ROW_ID),
        "remove": url_for(".participant_remove", participant_id=ROW_ID),
        **{
            f"stage{stage}": url_for(".follow_up", participant_id=ROW_ID, stage=stage)
            for stage in vocab.STAGES
        },
    }


def _render_detail(training: Training, forms: dict | None = None):
    """The training page; `forms` holds a refused form to show again in its place.

    Rendered before the commit of its audit event: committing first would expire every
    loaded participant, client and follow-up and reload them one query each (that was
    most of the 1-2 s this page took for a training of 100 participants).
    """
    user = _user()
    forms = forms or {}
    today = office_today()
    rows = operations.participant_rows(user, training_id=training.id)
    by_session: dict[int, list] = {}
    for row in rows:
        by_session.setdefault(row.participant.session_id, []).append(row)
    enrol_forms, attendance_forms = {}, {}
    if user.role in WRITERS:
        for session in training.sessions:
            if session.headcount_only:
                continue
            enrol_forms[session.id] = forms.get(("enrol", session.id)) or EnrolForm(
                prefix=f"s{session.id}", formdata=None
            )
            attendance_forms[session.id] = forms.get(("attendance", session.id)) or (
                AttendanceForm([r.participant for r in by_session.get(session.id, []) if r.visible])
            )
    due = [s for r in rows for s in r.states if s.open]
    page = render_template(
        "trainings/detail.html",
        training=training,
        sessions=operations.page_order(training.sessions, today),
        by_session=by_session,
        outcome=figures.total(training_id=training.id),
        enrol_forms=enrol_forms,
        attendance_forms=attendance_forms,
        due=due,
        can_follow_up=followups.can_record,
        # A refused form heads the page in the error summary even where its session
        # shows no form (a headcount-only one).
        refused_forms=forms,
        changed=request.args.get("sesi", type=int),
        today=today,
        user=user,
        row_urls=_row_urls(),
        row_id=str(ROW_ID),
        state_labels={code: str(label) for code, label in followups.STATES.items()},
    )
    db.session.commit()  # the audit event of the names shown
    return page


# --- sessions -----------------------------------------------------------------------------


def _session_form(session: TrainingSession | None = None) -> SessionForm:
    form = SessionForm(obj=session)
    form.venue_id.choices = [("", "—")] + [(v.id, v.name) for v in partner_operations.list_venues()]
    return form


@bp.route("/<int:training_id>/sesi/baru", methods=["GET", "POST"])
@roles_required(*WRITERS)
def session_create(training_id: int):
    training = get_or_404(Training, training_id)
    form = _session_form()
    done = submit(
        form,
        lambda: operations.create_session(training, **form.data),
        "start_date",
        _("Sesi ditambahkan."),
        lambda s: url_for(".detail", training_id=training.id),
    )
    return done or render_template(
        "trainings/session_form.html", form=form, training=training, session=None
    )


@bp.route("/sesi/<int:session_id>/ubah", methods=["GET", "POST"])
@roles_required(*WRITERS)
def session_edit(session_id: int):
    session = get_or_404(TrainingSession, session_id)
    form = _session_form(session)
    done = submit(
        form,
        lambda: operations.update_session(session, **form.data),
        "start_date",
        _("Sesi disimpan."),
        lambda s: url_for(".detail", training_id=s.training_id),
    )
    return done or render_template(
        "trainings/session_form.html", form=form, training=session.training, session=session
    )


@bp.route("/sesi/<int:session_id>/peserta", methods=["POST"])
@roles_required(*WRITERS)
def enrol(session_id: int):
    session = get_or_404(TrainingSession, session_id)
    form = EnrolForm(prefix=f"s{session.id}")

    def enrol_typed():
        # Found among every client the user may see, so the rule that refuses one
        # (not under guidance that day, already enrolled) is the message shown.
        client = picker.resolve(_user(), form.client.data, field="client")
        return operations.enrol(_user(), session, client.id)

    done = submit(
        form,
        enrol_typed,
        "client",
        _("Peserta didaftarkan."),
        lambda p: url_for(
            ".detail",
            training_id=session.training_id,
            sesi=session.id,
            _anchor=f"sesi-{session.id}",
        ),
    )
    return done or _render_detail(
        get_or_404(Training, session.training_id), {("enrol", session_id): form}
    )


@bp.route("/sesi/<int:session_id>/calon")
def candidates(session_id: int):
    """Suggestions for a session's enrolment box: clients under guidance on its first day."""
    session = get_or_404(TrainingSession, session_id)
    under_guidance = operations.under_guidance_on(session.start_date)
    return jsonify(picker.matches(_user(), request.args.get("q", ""), under_guidance))


def _participant_or_404(participant_id: int) -> Participant:
    participant = get_or_404(Participant, participant_id)
    if find_client(_user(), participant.client_id) is None:
        abort(404)  # a juvenile client this user may not see
    return participant


def _visible_names(session: TrainingSession) -> dict[int, str]:
    """Names for the error summary: only of the clients the user may see by name."""
    visible = operations.visible_client_ids(_user(), (p.client_id for p in session.participants))
    return {p.id: p.client.name for p in session.participants if p.client_id in visible}


@bp.route("/sesi/<int:session_id>/kehadiran", methods=["POST"])
@roles_required(*WRITERS)
def attendance(session_id: int):
    """Every participant's attendance, completion, certificate and transport money of
    a session, saved in one transaction or not at all."""
    session = get_or_404(TrainingSession, session_id)
    form = AttendanceForm(submitted=True)
    if form.validate_on_submit():
        entries = form.entries(request.form, _visible_names(session))
        try:
            # The rows typed well are checked even when another is malformed, so every
            # message shows at once; any message at all and nothing is kept.
            operations.update_attendance(_user(), session, entries)
        except operations.AttendanceRefused as exc:
            for pid, refused in exc.problems.items():
                for problem in every_error(refused):  # each broken rule under its field
                    field = problem.field if problem.field in form.FIELDS else "attended"
                    form.refuse(pid, field, problem.message)
        if form.row_problems:
            db.session.rollback()
        else:
            db.session.commit()
            flash(_("Kehadiran sesi disimpan."), "success")
            return redirect(
                url_for(
                    ".detail",
                    training_id=session.training_id,
                    sesi=session.id,
                    _anchor=f"sesi-{session.id}",
                )
            )
    training = get_or_404(Training, session.training_id)
    return _render_detail(training, {("attendance", session_id): form})


@bp.route("/peserta/<int:participant_id>/hapus", methods=["POST"])
@roles_required(*WRITERS)
def participant_remove(participant_id: int):
    """Two steps: the row's button inside the session's attendance form (`formaction`)
    asks first, on a page saying what is lost; only its confirming POST removes. A
    refusal at the first step shows the attendance form again with what was ticked or
    typed kept; at the second, the session with the message."""
    participant = _participant_or_404(participant_id)
    session = participant.session
    back = url_for(".detail", training_id=session.training_id, sesi=session.id)
    form = AttendanceForm(submitted=True)
    if form.validate_on_submit():
        confirmed = "confirmed" in request.form
        if not confirmed:
            form.entries(request.form, _visible_names(session))
        try:
            if not confirmed:
                operations.check_remove_participant(participant)
                return render_template(
                    "trainings/remove_confirm.html",
                    participant=participant,
                    session=session,
                    cancel_url=f"{back}#sesi-{session.id}",
                )
            operations.remove_participant(_user(), participant)
        except OperationError as exc:
            db.session.rollback()
            if confirmed:
                flash(str(exc.message), "error")
                return redirect(f"{back}#sesi-{session.id}")
            form.refuse(participant_id, "attended", exc.message)
        else:
            db.session.commit()
            flash(_("Peserta dihapus dari sesi."), "success")
            return redirect(f"{back}#sesi-{session.id}")
    training = get_or_404(Training, session.training_id)
    return _render_detail(training, {("attendance", session.id): form})


@bp.route("/peserta/<int:participant_id>/tindak-lanjut/<int:stage>", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.STAFF, Role.PK)
def follow_up(participant_id: int, stage: int):
    participant = _participant_or_404(participant_id)
    user = _user()
    if stage not in vocab.STAGES:
        abort(404)
    if not followups.can_record(user, participant):
        abort(403)
    existing = next((f for f in participant.follow_ups if f.stage == stage), None)
    form = FollowUpForm(obj=existing)
    if request.method == "GET" and existing is not None:
        form.applying_skill.data = "ya" if existing.applying_skill else "tidak"
    state = followups.stage_state(participant, stage, office_today())
    # Opened from the case file's follow-up badges: back there afterwards, else to the
    # participant's session on the training page.
    back = (
        url_for("clients.detail", client_id=participant.client_id, _anchor="tindak-lanjut")
        if request.args.get("dari") == "klien"
        else url_for(
            ".detail",
            training_id=participant.session.training_id,
            _anchor=f"sesi-{participant.session_id}",
        )
    )
    done = submit(
        form,
        lambda: followups.record_follow_up(user, participant, stage, **form.data_for_operations()),
        "followed_on",
        _("Tindak lanjut disimpan."),
        lambda f: back,
    )
    return done or render_template(
        "trainings/follow_up.html",
        form=form,
        participant=participant,
        stage=stage,
        state=state,
        back=back,
    )


# --- overview -----------------------------------------------------------------------------


def _date_arg(name: str, default: date) -> date:
    try:
        return day(request.args.get(name, ""))
    except ValueError:
        return default


@bp.route("/ikhtisar")
def overview():
    today = office_today()
    start = _date_arg("dari", date(today.year, 1, 1))
    end = _date_arg("sampai", date(today.year, 12, 31))
    error = None
    if end < start:
        error = _("Tanggal akhir periode tidak boleh sebelum tanggal awal.")
        start, end = end, start
    period = {"start": start, "end": end}
    partner_names = {p.id: p.name for p in partner_operations.list_partners("")}
    by_skill, by_partner = figures.figures("skill", **period), figures.figures("partner", **period)
    own = _("Kantor sendiri (tanpa mitra)")
    return render_template(
        "trainings/overview.html",
        start=start,
        end=end,
        error=error,
        by_skill=by_skill,
        by_partner=by_partner,
        skill_bars=charts.participation_bars(
            by_skill, skill_label, _("Partisipasi menurut bidang keterampilan")
        ),
        partner_bars=charts.participation_bars(
            by_partner,
            lambda key: own if key is None else partner_names.get(key, str(key)),
            _("Partisipasi menurut mitra"),
        ),
        total=figures.total(**period),
        partner_names=partner_names,
    )
