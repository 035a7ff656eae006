"""The OpenAPI 3 description of the indicator API, served at /api/v1/openapi.json.

Built from the registry (indicator ids, groups, kinds), so the document cannot
drift from what the endpoint answers; `tests/test_openapi.py` checks every answer
against it with schemathesis. The document itself is public: it describes the
shape of the aggregates and holds no figure, and API tools fetch it without a token.
"""

from __future__ import annotations

from portal.indicators.comparison import NATIONAL, OFFICE, REGION
from portal.indicators.registry import COUNT, GROUPS, INDICATORS, RATE, RATIO, RUPIAH

PERIOD_PATTERN = r"^(20\d\d|2100)(-Q[1-4]|-(0[1-9]|1[0-2]))?$"  # periods.parse: 2000-2100


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


BILINGUAL = {
    "type": "object",
    "description": "A user-facing text in Indonesian (id) and English (en).",
    "required": ["id", "en"],
    "properties": {"id": {"type": "string"}, "en": {"type": "string"}},
    "additionalProperties": False,
}
COUNT_VALUE = {"type": "integer", "minimum": 0}


def _cell_schema() -> dict:
    return {
        "type": "object",
        "description": (
            "One indicator of one row. A suppressed figure is null with its *_suppressed "
            "flag true, never its value. A cohort whose follow-up window has not closed "
            "has only not_yet_reportable (true)."
        ),
        "required": ["not_yet_reportable"],
        "properties": {
            "not_yet_reportable": {"type": "boolean"},
            "numerator": _nullable({**COUNT_VALUE, "description": "A count, or rupiah."}),
            "numerator_suppressed": {"type": "boolean"},
            "denominator": _nullable(COUNT_VALUE),
            "denominator_suppressed": {"type": "boolean"},
            "not_counted": _nullable(
                {
                    **COUNT_VALUE,
                    "description": (
                        "Members the indicator leaves out on purpose (e.g. follow-ups not "
                        "due yet, participations of sessions without a recorded budget)."
                    ),
                }
            ),
            "not_counted_suppressed": {"type": "boolean"},
            "value": _nullable(
                {
                    "type": "number",
                    "description": (
                        "count: an integer; rate: a fraction from 0 to 1; ratio: a number; "
                        "rupiah: rupiah per participation. Null when suppressed or when "
                        "there is nothing to divide by."
                    ),
                }
            ),
            "ci95": {
                "type": "array",
                "description": "95% Wilson interval of a rate, as fractions.",
                "items": {"type": "number", "minimum": 0, "maximum": 1},
                "minItems": 2,
                "maxItems": 2,
            },
            "differs_from_national": {
                "type": "integer",
                "enum": [-1, 0, 1],
                "description": "+1/-1: the national rate lies below/above the 95% interval.",
            },
        },
        "additionalProperties": False,
    }


def _indicator_schema() -> dict:
    return {
        "type": "object",
        "required": [
            "id",
            "group",
            "kind",
            "name",
            "definition",
            "numerator",
            "denominator",
            "not_counted",
            "period_rule",
            "includes",
            "excludes",
        ],
        "properties": {
            "id": {"type": "string", "enum": [i.id for i in INDICATORS]},
            "group": {"type": "string", "enum": list(GROUPS)},
            "kind": {"type": "string", "enum": [COUNT, RATE, RATIO, RUPIAH]},
            "name": {"$ref": "#/components/schemas/Text"},
            "definition": {"$ref": "#/components/schemas/Text"},
            "numerator": {"$ref": "#/components/schemas/Text"},
            "denominator": _nullable({"allOf": [{"$ref": "#/components/schemas/Text"}]}),
            "not_counted": _nullable({"allOf": [{"$ref": "#/components/schemas/Text"}]}),
            "period_rule": {"$ref": "#/components/schemas/Text"},
            "includes": {"$ref": "#/components/schemas/Text"},
            "excludes": {"$ref": "#/components/schemas/Text"},
        },
        "additionalProperties": False,
    }


def _row_schema() -> dict:
    return {
        "type": "object",
        "description": (
            "Each region's offices, then the region's total, and last the national total. "
            "A region of one office has a total row too (offices: 1), equal to that office."
        ),
        "required": ["level", "office", "region", "name", "offices", "values"],
        "properties": {
            "level": {"type": "string", "enum": [OFFICE, REGION, NATIONAL]},
            "office": _nullable({"type": "string", "description": "The office's slug."}),
            "region": _nullable({"type": "string", "description": "The region's code."}),
            "name": {"$ref": "#/components/schemas/Text"},
            "offices": {"type": "integer", "minimum": 0},
            "values": {
                "type": "object",
                "description": "One entry per indicator id of the answer.",
                "additionalProperties": {"$ref": "#/components/schemas/Cell"},
            },
        },
        "additionalProperties": False,
    }


def _comparison_schema() -> dict:
    return {
        "type": "object",
        "required": ["period", "computed_at", "suppression", "indicators", "rows"],
        "properties": {
            "period": {
                "type": "object",
                "required": ["key", "label", "start", "end"],
                "properties": {
                    "key": {"type": "string", "pattern": PERIOD_PATTERN},
                    "label": {"$ref": "#/components/schemas/Text"},
                    "start": {"type": "string", "format": "date"},
                    "end": {"type": "string", "format": "date"},
                },
                "additionalProperties": False,
            },
            "computed_at": _nullable(
                {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the oldest of these figures was computed (UTC).",
                }
            ),
            "suppression": {"type": "string"},
            "indicators": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Indicator"},
            },
            "rows": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}},
        },
        "additionalProperties": False,
    }


def _what_works_schema() -> dict:
    """The what-works answer (portal/whatworks/api.py)."""
    count = {
        "type": "object",
        "required": ["value", "suppressed"],
        "properties": {"value": _nullable(COUNT_VALUE), "suppressed": {"type": "boolean"}},
        "additionalProperties": False,
    }
    fraction = _nullable({"type": "number", "minimum": 0, "maximum": 1})
    signed = _nullable({"type": "number", "minimum": -1, "maximum": 1})
    comparison = {
        "type": "object",
        "description": (
            "status: ok (compared), small (fewer matched clients with a known outcome than "
            "minimum_matched), hidden (a small count would show), none (no one matched)."
        ),
        "required": ["status"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "small", "hidden", "none"]},
            "matched_known": _nullable(COUNT_VALUE),
            "trained_rate": fraction,
            "comparison_rate": fraction,
            "difference": signed,
            "ci95": _nullable(
                {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
            ),
            "effective_comparison_size": _nullable({"type": "number", "minimum": 0}),
        },
        "additionalProperties": False,
    }
    outcome = {
        "type": "object",
        "properties": {
            "name": {"$ref": "#/components/schemas/Text"},
            "lower_is_better": {"type": "boolean"},
            "trained_with_outcome": count,
            "trained_known": count,
            "window_not_passed": count,
            "trained_rate": fraction,
            "comparison": comparison,
        },
    }
    group = {
        "type": "object",
        "required": ["key", "label", "trained", "matched", "unmatched", "outcomes", "balance"],
        "properties": {
            "key": {"type": "string", "description": "s:<skill field>, k:<partner kind>, all"},
            "label": {"type": "string"},
            "trained": count,
            "completed": count,
            "matched": count,
            "unmatched": count,
            "outcomes": {"type": "object", "additionalProperties": outcome},
            "balance": {"type": "array", "items": {"type": "object"}},
        },
    }
    return {
        "type": "object",
        "required": ["cohort", "grouped_by", "minimum_matched", "groups"],
        "properties": {
            "cohort": {"type": "object"},
            "grouped_by": {"type": "string", "enum": ["bidang", "jenis"]},
            "computed_at": _nullable({"type": "string", "format": "date-time"}),
            "minimum_matched": {"type": "integer"},
            "method": {"type": "string"},
            "groups": {"type": "array", "items": group},
        },
    }


def _what_works_path() -> dict:
    year = {"type": "integer", "minimum": 2000, "maximum": 2100}
    return {
        "get": {
            "operationId": "whatWorks",
            "summary": "Trained clients' outcomes beside a matched comparison group",
            "description": (
                "Per skill field or partner kind: the outcome chain of trained clients and, "
                "for groups of at least minimum_matched matched clients, the difference "
                "from comparable clients of the same offices who were not trained, with "
                "its 95% interval (coarsened exact matching; Newcombe interval)."
            ),
            "parameters": [
                {
                    "name": "dari",
                    "in": "query",
                    "required": False,
                    "schema": year,
                    "description": "First cohort year (default: two years before sampai).",
                },
                {
                    "name": "sampai",
                    "in": "query",
                    "required": False,
                    "schema": year,
                    "description": "Last cohort year, not in the future (default: this year).",
                },
                {
                    "name": "menurut",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["bidang", "jenis"]},
                },
                {
                    "name": "hasil",
                    "in": "query",
                    "required": False,
                    "schema": {
                        "type": "string",
                        "enum": ["bekerja", "penempatan", "residivis_bimbingan", "residivis_12b"],
                    },
                },
                {"name": "wilayah", "in": "query", "required": False, "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {
                    "description": "The comparison per group.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/WhatWorks"}}
                    },
                },
                "400": _error(
                    "A bad or future year, a span of more than ten years, or an "
                    "unknown grouping or outcome."
                ),
                "401": _error("No valid token and no signed-in oversight session."),
                "404": _error("An unknown region, or one outside the caller's scope."),
            },
        }
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document() -> dict:
    """The OpenAPI 3.0 document of the comparison endpoint."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Bapas Portal indicators",
            "version": "1",
            "description": (
                "Aggregate indicators of Indonesia's probation offices (Bapas) for regional "
                "and national oversight. Figures only, never names; small counts suppressed."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/api/v1/indikator/perbandingan": {
                "get": {
                    "operationId": "comparison",
                    "summary": "Offices, region totals and the national total for one period",
                    "parameters": [
                        {
                            "name": "periode",
                            "in": "query",
                            "required": False,
                            "description": (
                                "YYYY, YYYY-Qn or YYYY-MM, from 2000; a period not begun yet "
                                "answers 404 (default: the last complete quarter)."
                            ),
                            "schema": {"type": "string", "pattern": PERIOD_PATTERN},
                        },
                        {
                            "name": "kelompok",
                            "in": "query",
                            "required": False,
                            "description": "Only the indicators of this group.",
                            "schema": {"type": "string", "enum": list(GROUPS)},
                        },
                        {
                            "name": "wilayah",
                            "in": "query",
                            "required": False,
                            "description": "Only the offices of this region (a code).",
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The comparison.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Comparison"}
                                }
                            },
                        },
                        "400": _error("A malformed period, or an unknown group."),
                        "401": _error("No valid token and no signed-in oversight session."),
                        "404": _error(
                            "A period not begun yet, an unknown region, or one outside the "
                            "caller's scope."
                        ),
                    },
                }
            },
            "/api/v1/apa-yang-berhasil": _what_works_path(),
        },
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token made by a national officer at /pusat/token-api/.",
                },
                "session": {"type": "apiKey", "in": "cookie", "name": "bapas_session"},
            },
            "schemas": {
                "Text": BILINGUAL,
                "Cell": _cell_schema(),
                "Indicator": _indicator_schema(),
                "Row": _row_schema(),
                "Comparison": _comparison_schema(),
                "WhatWorks": _what_works_schema(),
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
                    "additionalProperties": False,
                },
            },
        },
    }
