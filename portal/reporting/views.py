"""Wajib lapor pages: thin handlers that load, authorise, validate and call operations.

Who may do what:
- PK and office administrator record reports, violations and the reporting frequency
  on the case file, and plan mobile counseling days;
- staff (Bimker/BKD) may also plan mobile counseling days and record who was seen
  there — they run those days with the PKs; the report is always received by one of
  the day's PKs, and staff still see only the clients the juvenile rule lets them see;
- viewers read everything they may see and change nothing (403).
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from portal.auth.roles import Role
from portal.clients import operations as client_ops
from portal.clients import picker
from portal.clients import vocab as client_vocab
from portal.clients.lookup import client_or_404
from portal.clients.models import Client
from portal.clients.operations import office_pk_choices, office_pks
from portal.clients.views import render_detail
from portal.errors import OperationError
from portal.extensions import db
from portal.formatting import day as in_words
from portal.formatting import day_tags, day_words
from portal.formerrors import show_operation_error, submit
from portal.i18n import text
from portal.offices.context import get_or_404, office_blueprint, roles_required
from portal.params import optional_int
from portal.reporting import duelist, mobile, operations, schedule, vocab
from portal.reporting import worklist as _worklist  # noqa: F401  registers the providers
from portal.reporting.forms import (
    CancelDayForm,
    DayForm,
    FrequencyForm,
    ReportForm,
    SeenForm,
    ViolationForm,
    keep_options,
)
from portal.reporting.models import MobileCounselingDay

bp = office_blueprint("reporting", __name__, url_prefix="/wajib-lapor")

RECORDERS = (Role.ADMIN, Role.PK)
DAY_TEAM = (Role.ADMIN, Role.PK, Role.STAFF)


def _me():
    return current_user._get_current_object()


def _pk_choices(pks=None) -> list[tuple]:
    pks = pks if pks is not None else office_pk_choices()
    return [("", "—")] + [(p.id, p.full_name) for p in pks]


def _report_form(client: Client, data: operations.ClientReporting | None = None) -> ReportForm:
    """The report form as the case file shows it: blank, dated today in the office's
    time zone.

    The case-file page holds several wajib lapor forms; only the one submitted may
    read the request, or a refused violation note would reappear in the report form.
    """
    form = ReportForm(formdata=None)
    _report_choices(form, client, data)
    form.on.data = client_ops.office_today()
    form.pk_id.data = current_user.id if current_user.role == Role.PK else client.pk_id
    return form


def _report_choices(
    form: ReportForm, client: Client, data: operations.ClientReporting | None = None
) -> None:
    """The PKs and the missed due dates the form offers. Only a form shown needs them:
    validation reads neither list (the operation checks both choices)."""
    keep_options(form.pk_id, (*_pk_choices(),))
    data = data or operations.client_reporting(client)
    # Missed due dates a report may still be recorded against; the operation checks the
    # date the PK typed (the list is what a report dated today allows).
    form.late_for.choices = [("", _("— tidak; catat seperti biasa —"))] + [
        (
            due.id,
            _(
                "jadwal %(date)s (batas %(end)s)",
                date=in_words(due.due_on),
                end=in_words(due.window_to),
            ),
        )
        for due in data.late_candidates
    ]


def _frequency_form(current: str | None) -> FrequencyForm:
    """The frequency form as the page shows it when another form was submitted."""
    form = FrequencyForm(formdata=None)
    form.frequency.data = current or vocab.DEFAULT_FREQUENCY
    return form


@bp.app_template_global()
def reporting_panel(
    client: Client,
    report_form=None,
    frequency_form=None,
    violation_form=None,
    frequency=operations.UNREAD,
    extra_reports: bool = True,
) -> dict:
    """What the case-file page shows of wajib lapor (templates/reporting/_client.html);
    `frequency`: the plan's, when the page has read it already; `extra_reports` false
    when the page knows the client has no report that met no due date."""
    data = operations.client_reporting(client, frequency, extra_reports)
    # Each label translated once (the schedule shows 40-50 rows on a long guidance).
    mode_labels = {code: text(label) for code, label in vocab.MODES.items()}
    return {
        "data": data,
        "vocab": vocab,
        "status_labels": {code: text(label) for code, label in vocab.DUE_STATUSES.items()},
        "mode_labels": mode_labels,
        **_schedule_cells(data, mode_labels),
        "late_days": operations.LATE_REPORT_DAYS,
        "tolerance": schedule.tolerance(data.frequency or vocab.DEFAULT_FREQUENCY),
        "can_record": current_user.role in RECORDERS and client.status == client_vocab.AKTIF,
        "report_form": report_form or _report_form(client, data),
        "frequency_form": frequency_form or _frequency_form(data.frequency),
        "violation_form": violation_form or ViolationForm(formdata=None),
    }


def _schedule_cells(data: operations.ClientReporting, mode_labels: dict) -> dict:
    """The schedule's cells as the template wrote them with filters, made in one pass
    per page (a schedule holds 40-50 due dates): each due date's `day_tag` and window
    by due id, each report's line (date, mode, time, kelurahan, PK, note) by report id."""
    words, tag = day_words(), day_tags()
    tags, windows, reports = {}, {}, {}
    for row in data.rows:
        due = row.due
        tags[due.id] = tag(due.due_on)
        windows[due.id] = f"{words(due.window_from)} – {words(due.window_to)}"
        report = row.report
        if report is not None:
            mode = mode_labels.get(report.mode) or vocab.label(vocab.MODES, report.mode)
            line = [escape(words(report.reported_on)), " · ", escape(mode)]
            if report.call_time:
                line += [" ", report.call_time.strftime("%H:%M")]
            if report.kelurahan:
                line += [" (", escape(report.kelurahan), ")"]
            line += [" · ", escape(report.pk.full_name if report.pk is not None else "")]
            if report.note:
                line += [" · ", escape(report.note)]
            reports[report.id] = Markup("".join(line))  # noqa: S704 - each part escaped
    return {"due_tags": tags, "due_windows": windows, "report_lines": reports}


@bp.app_template_global()
def schedule_closing(client: Client, ended_on) -> operations.Closing:
    """What ending guidance on `ended_on` does to the schedule (the status and transfer
    confirmation pages say it)."""
    return operations.closing_preview(client, ended_on)


def _to_client(client: Client, changed, anchor):
    """Where a recorded wajib lapor entry returns: the case file at the row it changed
    (`changed(saved)`, a key the section marks `data-changed`; `anchor(saved)`, its id),
    so the browser lands on it and the message stays above it."""
    return lambda saved: url_for(
        "clients.detail", client_id=client.id, changed=changed(saved), _anchor=anchor(saved)
    )


def _report_key(report) -> str:
    return f"due-{report.due_id}" if report.due_id else f"report-{report.id}"


def _report_anchor(report) -> str:
    return f"jadwal-{report.due_id}" if report.due_id else f"laporan-{report.id}"


@bp.route("/klien/<int:client_id>/laporan", methods=["POST"])
@roles_required(*RECORDERS)
def record_report(client_id: int):
    client = client_or_404(client_id)
    form = ReportForm()  # its choices are filled only if it is shown again
    if form.validate_on_submit():
        try:
            report = operations.record_report(
                client,
                on=form.on.data,
                mode=form.mode.data,
                pk_id=form.pk_id.data,
                kelurahan=form.kelurahan.data,
                call_time=form.call_time.data,
                note=form.note.data,
                late_for=form.late_for.data,
                actor=_me(),
            )
        except OperationError as exc:
            show_operation_error(form, exc, "on")
        else:
            # The message says what the report counted for (a due date, late, or none).
            # Both are worded before the commit, which expires every loaded object.
            message = operations.counted_for(report)
            target = _to_client(client, _report_key, _report_anchor)(report)
            db.session.commit()
            flash(message, "success")
            return redirect(target)
    _report_choices(form, client)
    return render_detail(client, reporting_forms={"report_form": form})


@bp.route("/klien/<int:client_id>/frekuensi", methods=["POST"])
@roles_required(*RECORDERS)
def set_frequency(client_id: int):
    client = client_or_404(client_id)
    form = FrequencyForm()
    done = submit(
        form,
        lambda: operations.set_frequency(client, form.frequency.data, actor=_me()),
        "frequency",
        _("Frekuensi wajib lapor diubah; jadwal diperbarui."),
        _to_client(client, lambda _plan: "frequency", lambda _plan: "wajib-lapor"),
    )
    return done or render_detail(client, reporting_forms={"frequency_form": form})


@bp.route("/klien/<int:client_id>/pelanggaran", methods=["POST"])
@roles_required(*RECORDERS)
def record_violation(client_id: int):
    client = client_or_404(client_id)
    form = ViolationForm()

    def record():
        due_id = form.due_id.data
        due = optional_int(due_id)
        return operations.record_violation(client, due, form.note.data, actor=_me())

    done = submit(
        form,
        record,
        "note",
        _("Pelanggaran wajib lapor dicatat."),
        _to_client(
            client, lambda violation: f"due-{violation.due_id}", lambda v: f"jadwal-{v.due_id}"
        ),
    )
    return done or render_detail(client, reporting_forms={"violation_form": form})


def chosen_pk(default: str = "") -> tuple[str, int | None]:
    """The page's PK filter as chosen ('all' or empty: every PK) and the PK's id; its
    export reads the same."""
    chosen = request.args.get("pk", default)
    return chosen, optional_int(chosen) if chosen.isdigit() else None


@bp.route("/")
def index():
    """Clients late or due this week, one row each, the most urgent first; a PK sees
    their own clients unless they choose."""
    default = str(current_user.id) if current_user.role == Role.PK else ""
    chosen, pk_id = chosen_pk(default)
    today = client_ops.office_today()
    return render_template(
        "reporting/index.html",
        due=duelist.clients_due(current_user, today, pk_id=pk_id, page=_page()),
        today=today,
        week_range=operations.week_of(today),
        pks=office_pks(),
        chosen=chosen,
        vocab=vocab,
    )


def _page() -> int:
    return min(max(1, request.args.get("page", 1, type=int)), 100_000)


def _day_form(day: MobileCounselingDay | None = None) -> DayForm:
    form = DayForm(obj=day) if day is not None else DayForm()
    form.pk_ids.choices = [(str(p.id), p.full_name) for p in office_pks()]
    if day is not None and not form.is_submitted():
        form.pk_ids.data = [str(o.pk_id) for o in day.officers]
    return form


@bp.route("/keliling/")
def days():
    return _render_days(_day_form())


def _render_days(form: DayForm):
    return render_template(
        "reporting/days.html",
        days=mobile.list_days(),
        form=form,
        today=client_ops.office_today(),
        can_plan=current_user.role in DAY_TEAM,
    )


def _day_values(form: DayForm) -> dict:
    return {
        "held_on": form.held_on.data,
        "kelurahan": form.kelurahan.data,
        "kecamatan": form.kecamatan.data,
        "location_note": form.location_note.data,
        "pk_ids": form.selected_pk_ids(),
    }


@bp.route("/keliling/baru", methods=["POST"])
@roles_required(*DAY_TEAM)
def plan_day():
    form = _day_form()
    done = submit(
        form,
        lambda: mobile.plan_day(**_day_values(form), actor=_me()),
        "held_on",
        _("Konseling keliling direncanakan."),
        lambda day: url_for(".day", day_id=day.id),
    )
    return done or _render_days(form)


@bp.route("/keliling/<int:day_id>/ubah", methods=["GET", "POST"])
@roles_required(*DAY_TEAM)
def edit_day(day_id: int):
    day = get_or_404(MobileCounselingDay, day_id)
    if not mobile.changeable(day):
        flash(_("Konseling keliling yang sudah berlangsung tidak dapat diubah."), "error")
        return redirect(url_for(".day", day_id=day.id))
    form = _day_form(day)
    done = submit(
        form,
        lambda: mobile.update_day(day, **_day_values(form), actor=_me()),
        "held_on",
        _("Rencana konseling keliling diubah."),
        lambda d: url_for(".day", day_id=d.id),
    )
    return done or render_template("reporting/day_form.html", form=form, day=day)


@bp.route("/keliling/<int:day_id>/batal", methods=["GET", "POST"])
@roles_required(*DAY_TEAM)
def cancel_day(day_id: int):
    """A confirmation page saying what cancelling does; the POST from it cancels."""
    day = get_or_404(MobileCounselingDay, day_id)
    if not mobile.changeable(day):
        flash(_("Konseling keliling yang sudah berlangsung tidak dapat dibatalkan."), "error")
        return redirect(url_for(".day", day_id=day.id))
    form = CancelDayForm()
    done = submit(
        form,
        lambda: mobile.cancel_day(day, actor=_me()),
        "confirm",
        _("Konseling keliling dibatalkan."),
        lambda _none: url_for(".days"),
    )
    return done or render_template(
        "reporting/day_cancel.html",
        day=day,
        form=form,
        expected=mobile.expected_clients(current_user, day),
    )


def _seen_form(day: MobileCounselingDay) -> SeenForm:
    form = SeenForm()
    form.pk_id.choices = _pk_choices(day.pks)
    if not form.is_submitted():
        on_duty = {p.id for p in day.pks}
        form.pk_id.data = current_user.id if current_user.id in on_duty else None
    return form


def _attendable():
    """Who may be recorded at a day: the office's active clients (juvenile rule aside)."""
    return Client.status == client_vocab.AKTIF


@bp.route("/keliling/<int:day_id>")
def day(day_id: int):
    day = get_or_404(MobileCounselingDay, day_id)
    return _render_day(day, _seen_form(day))


@bp.route("/keliling/<int:day_id>/klien")
def day_clients(day_id: int):
    """Suggestions for the attendance box: active clients matching what was typed."""
    get_or_404(MobileCounselingDay, day_id)
    return jsonify(picker.matches(current_user, request.args.get("q", ""), _attendable()))


def _render_day(day: MobileCounselingDay, form: SeenForm):
    today = client_ops.office_today()
    planned = day.held_on > today
    return render_template(
        "reporting/day.html",
        day=day,
        form=form,
        seen=mobile.reports_of(current_user, day),
        expected=mobile.expected_clients(current_user, day),
        week=mobile.expected_week(day),
        can_record=current_user.role in DAY_TEAM and not planned,
        can_change=current_user.role in DAY_TEAM and planned,
        planned=planned,
    )


@bp.route("/keliling/<int:day_id>/hadir", methods=["POST"])
@roles_required(*DAY_TEAM)
def record_seen(day_id: int):
    day = get_or_404(MobileCounselingDay, day_id)
    form = _seen_form(day)

    def record():
        client = picker.resolve(current_user, form.typed_client(), _attendable(), field="client")
        return mobile.record_seen(
            day, client_id=client.id, pk_id=form.pk_id.data, note=form.note.data, actor=_me()
        )

    done = submit(
        form,
        record,
        "client",
        _("Kehadiran klien dicatat sebagai wajib lapor."),
        lambda report: url_for(".day", day_id=day.id, hadir=report.client_id, _anchor="hadir"),
    )
    if done is None and form.pick.data and not form.client.data:
        form.client.data = form.pick.data  # the refused pick shows in the box
    return done or _render_day(get_or_404(MobileCounselingDay, day_id), form)
