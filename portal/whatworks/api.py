"""What works as JSON, for the directorate's own tools.

GET /api/v1/apa-yang-berhasil?dari=2024&sampai=2026&menurut=bidang|jenis[&wilayah=..]
Authenticated as the indicator API is (a bearer token or a signed-in oversight
session); aggregates only, the same figures as the page and the workbook.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify

from portal.extensions import csrf
from portal.indicators import refresh
from portal.indicators.api import _iso, _json_error, request_scope
from portal.whatworks import results
from portal.whatworks.chains import OUTCOMES
from portal.whatworks.pages import WORD_OF, answer, question
from portal.whatworks.stats import MIN_GROUP

bp = Blueprint("whatworks_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
for status in (400, 401, 404):
    bp.register_error_handler(status, _json_error)


def _count(count: results.Count) -> dict:
    return {
        "value": None if count.hidden else round(count.value),
        "suppressed": count.hidden,
    }


def _outcome(outcome: results.Outcome) -> dict:
    e = outcome.estimate
    return {
        "name": {"id": outcome.name.id, "en": outcome.name.en},
        "lower_is_better": outcome.lower_is_better,
        "trained_with_outcome": _count(outcome.yes),
        "trained_known": _count(outcome.known),
        "window_not_passed": _count(outcome.not_yet),
        "trained_rate": outcome.rate,
        "comparison": {
            "status": outcome.status,
            "matched_known": round(outcome.matched) if e else None,
            "trained_rate": e.trained_rate if e else None,
            "comparison_rate": e.comparison_rate if e else None,
            "difference": e.difference if e else None,
            "ci95": [e.low, e.high] if e else None,
            "effective_comparison_size": e.effective_comparison if e else None,
        },
    }


def payload(q, groups: list[results.Group], office_ids: list[int]) -> dict:
    return {
        "cohort": {"first_year": q.first, "last_year": q.last},
        "grouped_by": q.by,
        "computed_at": _iso(refresh.computed_at(office_ids)),
        "minimum_matched": MIN_GROUP,
        "method": "coarsened exact matching within office and quarter; difference with "
        "Newcombe hybrid score 95% interval; comparison effective size by Kish",
        "groups": [
            {
                "key": g.key,
                "label": g.label,
                "trained": _count(g.trained),
                "completed": _count(g.completed),
                "matched": _count(g.matched),
                "unmatched": _count(g.unmatched),
                "outcomes": {WORD_OF[o]: _outcome(g.outcomes[o]) for o in OUTCOMES},
                "balance": [
                    {
                        "characteristic": b.name,
                        "trained_mean": b.trained_mean,
                        "comparison_mean": b.comparison_mean,
                        "standardised_difference_before": b.before,
                        "standardised_difference_after": b.after,
                    }
                    for b in g.balance
                ],
            }
            for g in groups
        ],
    }


@bp.route("/apa-yang-berhasil")
def what_works():
    shown, _everyone = request_scope()
    q = question(date.today(), results.CENTRAL_BY, "bidang")
    groups = answer(shown, q, own_office=False)
    return jsonify(payload(q, groups, [o.id for o in shown]))
