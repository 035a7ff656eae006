"""Litmas request pages."""

from __future__ import annotations

from portal.litmas.requests import models  # noqa: F401  the tables, for the app's metadata
from portal.offices.context import office_blueprint

bp = office_blueprint("litmas_requests", __name__)
