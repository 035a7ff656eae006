"""The JSON API answers as its OpenAPI document says: checked by schemathesis, in
process through the app's WSGI interface, with a bearer token, on both databases.

Examples are bounded (a few dozen requests over a small dataset) so the test stays
short; schemathesis generates valid and invalid parameters (periods, groups,
regions) and checks status codes, content types and every answer's schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from indicator_fixtures import PERIOD, build_dataset
from schemathesis import GenerationMode

from portal.indicators.registry import INDICATORS

EXAMPLES = 15


@pytest.fixture
def bearer(app, make_user, auth) -> dict[str, str]:
    """A token made by a national officer on the token page, as a machine would hold it."""
    build_dataset(app, make_user)
    make_user("national", username="ditjen")
    auth.login("ditjen")
    page = auth.post(
        "/pusat/token-api/", {"name": "Uji skema", "days": 30}, form_page="/pusat/token-api/"
    )
    token = page.get_data(as_text=True).split('data-testid="api-token">')[1].split("<")[0]
    return {"Authorization": f"Bearer {token}"}


def test_the_openapi_document_is_public_and_names_every_indicator(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json["openapi"].startswith("3.")
    schemas = response.json["components"]["schemas"]
    assert schemas["Indicator"]["properties"]["id"]["enum"] == [i.id for i in INDICATORS]
    operation = response.json["paths"]["/api/v1/indikator/perbandingan"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"periode", "kelompok", "wilayah"}


def test_the_comparison_answers_as_documented(app, bearer):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema["/api/v1/indikator/perbandingan"]["GET"]
    strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
        GenerationMode.NEGATIVE
    )

    seen: set[int] = set()

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(headers=bearer)
        seen.add(response.status_code)

    check()
    assert 200 in seen and seen <= {200, 400, 404}
    future = operation.Case(query={"periode": "2100"})
    assert future.call_and_validate(headers=bearer).status_code == 404  # no figures yet

    # The period the fixtures were computed for, explicitly, and without a token.
    case = operation.Case(query={"periode": PERIOD, "kelompok": "residivisme"})
    answer = case.call_and_validate(headers=bearer)
    assert answer.status_code == 200
    assert case.call(headers={"Authorization": "Bearer salah"}).status_code == 401
