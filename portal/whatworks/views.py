""" "Apa yang berhasil": for regional and national officers (aggregates of the offices
in their scope, by skill field and partner kind) and for an office's own staff (its
partners one by one, which it can act on)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth.roles import OVERSIGHT_ROLES, Role
from portal.central.scope import offices_in_scope
from portal.indicators import refresh
from portal.indicators.refresh import office_today
from portal.indicators.scope import comparison_scope
from portal.offices.context import office_blueprint
from portal.whatworks import export, forest, results
from portal.whatworks.method import method_paragraphs
from portal.whatworks.pages import OUTCOME_WORDS, answer, drill, question, year_choices
from portal.whatworks.stats import MIN_GROUP

bp = Blueprint("whatworks", __name__, url_prefix="/pusat/apa-yang-berhasil")
office_bp = office_blueprint("office_whatworks", __name__, url_prefix="/apa-yang-berhasil")
OFFICE_BY = ("mitra", "bidang", "jenis")


@bp.before_request
@login_required
def _oversight_only():
    if current_user.role not in OVERSIGHT_ROLES:
        abort(404)


def _central_question():
    """(offices in the viewer's scope, region asked for, the question)."""
    region = request.args.get("wilayah") or None
    shown, _everyone = comparison_scope(current_user, region)
    return shown, region, question(date.today(), results.CENTRAL_BY, "bidang")


def _regions() -> list[tuple[str, str]]:
    """The regions a national officer may narrow the page to (code, name)."""
    if current_user.role != Role.NATIONAL:
        return []
    found = {o.region.code: o.region.name for o in offices_in_scope(current_user)}
    return sorted(found.items(), key=lambda kv: kv[1])


def _scope_label(shown, region) -> str:
    if region or current_user.role != Role.NATIONAL:
        return shown[0].region.name if shown else ""
    return _("Nasional")


@bp.route("/")
def index():
    shown, region, q = _central_question()
    groups = answer(shown, q, own_office=False)
    label = _scope_label(shown, region)
    return _page(q, groups, date.today(), "whatworks", label, region, shown)


@bp.route("/kelompok/<key>")
def group(key: str):
    shown, region, q = _central_question()
    found = drill(shown, q, key, own_office=False)
    return _drill_page(q, found, "whatworks", _scope_label(shown, region), region, shown)


@bp.route("/ekspor.xlsx")
def export_xlsx():
    shown, region, q = _central_question()
    groups = answer(shown, q, own_office=False)
    return export.response(q, groups, _scope_label(shown, region))


@office_bp.route("/")
def office_index():
    office = g.office
    today = office_today(office)
    q = question(today, OFFICE_BY, "mitra")
    groups = answer([office], q, own_office=True)
    return _page(q, groups, today, "office_whatworks", office.name, None, [office])


@office_bp.route("/kelompok/<key>")
def office_group(key: str):
    office = g.office
    q = question(office_today(office), OFFICE_BY, "mitra")
    found = drill([office], q, key, own_office=True)
    return _drill_page(q, found, "office_whatworks", office.name, None, [office])


@office_bp.route("/ekspor.xlsx")
def office_export_xlsx():
    office = g.office
    q = question(office_today(office), OFFICE_BY, "mitra")
    groups = answer([office], q, own_office=True)
    return export.response(q, groups, office.name)


def _page(q, groups, today, endpoint, scope_label, region, offices):
    outcome_name = str(results.outcome_name(q.outcome))
    label = _(
        "%(outcome)s: selisih dari kelompok pembanding, %(first)s–%(last)s",
        outcome=outcome_name,
        first=q.first,
        last=q.last,
    )
    return render_template(
        "whatworks/index.html",
        q=q,
        groups=groups,
        plot=forest.forest_plot(groups, q.outcome, label),
        plot_label=label,
        endpoint=endpoint,
        scope_label=scope_label,
        region=region,
        years=year_choices(today),
        regions=_regions() if endpoint == "whatworks" else [],
        by_choices=results.CENTRAL_BY if endpoint == "whatworks" else OFFICE_BY,
        by_labels=results.BY_LABELS,
        outcomes=results.OUTCOME_INDICATOR,
        outcome_name=outcome_name,
        outcome_lower=q.outcome in results.LOWER_IS_BETTER,
        **_shared(),
        computed_at=refresh.computed_at([o.id for o in offices]),
    )


def _shared() -> dict:
    return {
        "forest": forest,
        "min_group": MIN_GROUP,
        "outcome_words": OUTCOME_WORDS,
        "outcome_label": lambda o: str(results.outcome_name(o)),
        "method_paragraphs": method_paragraphs,
    }


def _drill_page(q, found, endpoint, scope_label, region, offices):
    return render_template(
        "whatworks/group.html",
        q=q,
        group=found,
        endpoint=endpoint,
        scope_label=scope_label,
        region=region,
        **_shared(),
        computed_at=refresh.computed_at([o.id for o in offices]),
    )
