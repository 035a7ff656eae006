"""The comparison as JSON, for the directorate's own tools.

GET /api/v1/indikator/perbandingan?periode=2025-Q3[&kelompok=pelatihan][&wilayah=banten]
Authenticated by a signed-in regional/national session, or by
`Authorization: Bearer <token>` (tokens are made by national officers at
/pusat/token-api and see what a national officer sees). Aggregates only.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from portal.auth.roles import OVERSIGHT_ROLES
from portal.extensions import csrf, db
from portal.indicators import display, refresh
from portal.indicators.memo import remembered
from portal.indicators.pages import figures_key, requested_group, requested_period, table_for
from portal.indicators.scope import all_offices_list, comparison_scope
from portal.indicators.tokens import token_from_header

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _scope():
    region = request.args.get("wilayah") or None
    if request.headers.get("Authorization"):
        if token_from_header(request.headers.get("Authorization")) is None:
            abort(401)
        db.session.commit()  # last-used time
        everyone = all_offices_list()
        shown = [o for o in everyone if not region or o.region.code == region]
        if not shown:
            abort(404)
        return shown, everyone
    if not current_user.is_authenticated or current_user.role not in OVERSIGHT_ROLES:
        abort(401)
    return comparison_scope(current_user, region)


@bp.errorhandler(400)
@bp.errorhandler(401)
@bp.errorhandler(404)
def _json_error(error):
    return jsonify({"error": error.name, "status": error.code}), error.code


@bp.route("/indikator/perbandingan")
def comparison():
    shown, reference = _scope()
    period, group = requested_period(date.today()), requested_group()
    key = figures_key(period, shown, reference, group)
    return jsonify(
        remembered(
            ("json", key), lambda: _payload(period, table_for(period, shown, reference, group, key))
        )
    )


def _payload(period, table) -> dict:
    shown_ids = [row.office.id for row in table.rows if row.office is not None]
    return {
        "period": {
            "key": period.key,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "computed_at": (refresh.computed_at(shown_ids) or "").__str__(),
        "suppression": "counts 1-4 are null with *_suppressed true; where one cell of a group "
        "could be recovered from its total, a second cell is suppressed too",
        "indicators": [
            {
                "id": i.id,
                "group": i.group,
                "kind": i.kind,
                "name": {"id": i.name.id, "en": i.name.en},
                "definition": {"id": i.definition.id, "en": i.definition.en},
                "numerator": {"id": i.numerator_label.id, "en": i.numerator_label.en},
                "denominator": (
                    {"id": i.denominator_label.id, "en": i.denominator_label.en}
                    if i.denominator_label
                    else None
                ),
                "period_rule": {"id": i.period_rule.id, "en": i.period_rule.en},
                "includes": {"id": i.includes.id, "en": i.includes.en},
                "excludes": {"id": i.excludes.id, "en": i.excludes.en},
            }
            for i in table.indicators
        ],
        "rows": [
            {
                "level": row.kind,
                "office": row.office.slug if row.office else None,
                "region": row.region.code if row.region else None,
                "name": row.label,
                "values": {i.id: display.as_json(i, row.cells[i.id]) for i in table.indicators},
            }
            for row in table.rows
        ],
    }
