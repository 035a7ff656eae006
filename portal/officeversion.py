"""An office's data version, as the request that reads it first saw it.

Every write to an office's data bumps its version (portal.indicators.refresh), so the
version is the key of anything built from that data (portal.pagecache). The signed-in
account is read on every office page anyway; the version comes with it, one round trip
less per page (portal.auth.operations.session_user).
"""

from __future__ import annotations

from flask import g, has_request_context, session
from sqlalchemy import ScalarSelect, Select, select

from portal.indicators.models import IndicatorStatus


def version_query(office_id) -> Select:
    """SELECT of the office's version (no row: no status row yet); `office_id` may be a
    bound parameter."""
    return select(IndicatorStatus.data_version).where(IndicatorStatus.office_id == office_id)


def version_of(office_id) -> ScalarSelect:
    """The office's version as a column to add to a query (NULL: no status row yet)."""
    return version_query(office_id).scalar_subquery()


# The version this browser's own last change made, kept in its session: another process
# may not have heard of that change yet when the browser asks for the next page.
_WROTE = "wv"


def wrote(office_id: int, version: int) -> None:
    """This request committed the office's data at `version`."""
    if has_request_context() and g.get("office") is not None and g.office.id == office_id:
        session[_WROTE] = [office_id, version]


def holds_own_writes(office_id: int, version: int) -> bool:
    """Whether `version` already holds this browser's own latest change of the office."""
    office, written = session.get(_WROTE) or (office_id, 0)
    return office != office_id or version >= written


def remember_version(office_id: int, version: int | None) -> None:
    if has_request_context() and version is not None:
        g.office_data_version = (office_id, version)


def known_version(office_id: int) -> int | None:
    """The version read earlier in this request, if any."""
    known = g.get("office_data_version") if has_request_context() else None
    return known[1] if known is not None and known[0] == office_id else None
