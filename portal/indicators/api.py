"""The comparison as JSON, for the directorate's own tools.

GET /api/v1/indikator/perbandingan?periode=2025-Q3[&kelompok=pelatihan][&wilayah=banten]
Authenticated by a signed-in regional/national session, or by
`Authorization: Bearer <token>` (tokens are made by national officers at
/pusat/token-api and see what a national officer sees). Aggregates only.
Described by the OpenAPI document at /api/v1/openapi.json (public).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user

from portal.auth.roles import OVERSIGHT_ROLES
from portal.extensions import csrf, db
from portal.indicators import display, openapi, refresh
from portal.indicators.comparison import NATIONAL
from portal.indicators.memo import remembered
from portal.indicators.pages import figures_key, requested_group, requested_period, table_for
from portal.indicators.scope import all_offices_list, comparison_scope
from portal.indicators.tokens import token_from_header

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def request_scope():
    """The offices a JSON caller compares: by bearer token, or by a signed-in session."""
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


@bp.route("/openapi.json")
def openapi_document():
    """Public: it describes the answer's shape and holds no figure."""
    return jsonify(openapi.document())


@bp.route("/indikator/perbandingan")
def comparison():
    shown, reference = request_scope()
    period, group = requested_period(date.today(), future=404), requested_group()
    key = figures_key(period, shown, reference, group)
    # The encoded answer is kept, not only the table: encoding ninety offices' cells
    # cost more than everything else the request does once the figures are current.
    body = remembered(
        ("json", key),
        lambda: jsonify(_payload(period, table_for(period, shown, reference, group, key))).data,
    )
    return current_app.response_class(body, mimetype=current_app.json.mimetype)


def _both(text) -> dict | None:
    """A user-facing text in both languages, as the registry holds it."""
    return {"id": text.id, "en": text.en} if text is not None else None


def _iso(moment: datetime | None) -> str | None:
    """Stored times are UTC without a zone; the API says so (ISO 8601, +00:00)."""
    return moment.replace(tzinfo=UTC).isoformat() if moment else None


def _payload(period, table) -> dict:
    shown_ids = [row.office.id for row in table.rows if row.office is not None]
    return {
        "period": {
            "key": period.key,
            "label": {"id": period.label_in("id"), "en": period.label_in("en")},
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "computed_at": _iso(refresh.computed_at(shown_ids)),
        "suppression": "counts 1-4 are null with *_suppressed true; where one cell of a group "
        "could be recovered from its total, a second cell is suppressed too",
        "indicators": [
            {
                "id": i.id,
                "group": i.group,
                "kind": i.kind,
                "name": _both(i.name),
                "definition": _both(i.definition),
                "numerator": _both(i.numerator_label),
                "denominator": _both(i.denominator_label),
                "not_counted": _both(i.not_counted_label),
                "period_rule": _both(i.period_rule),
                "includes": _both(i.includes),
                "excludes": _both(i.excludes),
            }
            for i in table.indicators
        ],
        "rows": [
            {
                "level": row.kind,
                "office": row.office.slug if row.office else None,
                "region": row.region.code if row.region else None,
                "name": {"id": row.label, "en": "National" if row.kind == NATIONAL else row.label},
                "offices": row.offices,
                "values": {i.id: display.as_json(i, row.cells[i.id]) for i in table.indicators},
            }
            for row in table.rows
        ],
    }
