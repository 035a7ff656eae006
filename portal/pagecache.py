"""Office pages kept for the next request that asks for exactly the same page.

A PK's worklist, the client list and a case file cost tens of milliseconds of queries
and rendering, and are asked for again and again while nothing they show changes. A
rendered page is kept per application process under a key of everything it shows:
- the office's data version, bumped in the same transaction as every write to the
  office's data, its accounts included (portal.indicators.refresh): any change made
  anywhere (another worker, an import, the command line) is a new key;
- the signed-in account and its browser session (the page carries its CSRF token);
- the address with its query string, the language, and the office's date;
- a window of a few minutes, which bounds the age of what comes from outside the
  office (national vocabularies) and of the CSRF token's time stamp.
So a kept page is only ever served to the account it was made for, after the office
checks of every request (portal.offices.context) have passed again.

A page with a message waiting to be shown (flash) is neither served from the cache
nor kept. A view that must act on every view, not only on the first (the audit of a
case file), does it through `on_every_view`: a kept page replays it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Response, current_app, g, make_response, message_flashed, request, session
from flask_babel import get_locale
from flask_login import current_user

from portal.extensions import db
from portal.indicators.refresh import data_version, office_today
from portal.lru import LRU
from portal.officeversion import DATA, SHARED, scope_version

WINDOW_SECONDS = 300
SIZE = 256  # pages of 20-100 kB: a few tens of MB per process at most

_FLASHES = "_flashes"  # where Flask keeps messages waiting to be shown


@dataclass(frozen=True, slots=True)
class _Kept:
    body: bytes
    content_type: str
    replays: tuple[tuple[Callable[..., Any], tuple], ...]


def on_every_view(action: Callable[..., Any], *args: Any) -> None:
    """Do `action(*args)` now, and again whenever the page is served from the cache.

    `args` are kept with the page: plain values (ids, numbers), never loaded objects.
    """
    action(*args)
    replays = g.get("page_replays")
    if replays is not None:
        replays.append((action, args))


def _note_flash(_app, **_: Any) -> None:
    g.page_flashed = True  # the page shows a message meant for this one view


message_flashed.connect(_note_flash)


def _key(by: Callable[..., Any] | None, view_args: dict) -> tuple | None:
    if not current_app.config["PAGE_CACHE"] or request.method != "GET":
        return None
    office = g.get("office")
    if office is None or not current_user.is_authenticated:
        return None
    scope = by(**view_args) if by is not None else DATA
    # Read with the account (no extra query), or once per scope and change (officeversion).
    version = scope_version(office.id, scope)
    if version is None:  # the office has no status row yet: made now
        data_version(office)
        version = scope_version(office.id, scope)
    shared = scope_version(office.id, SHARED)
    if _FLASHES in session or "csrf_token" not in session:
        return None  # a message for this view only; a page making this session's token
    return (
        office.id,
        shared,
        scope,
        version,
        office_today(office),
        int(time.time() // WINDOW_SECONDS),
        current_user.id,
        session.get("csrf_token"),
        str(get_locale()),
        request.full_path,
    )


def _pages() -> LRU:
    return current_app.extensions.setdefault("office_pages", LRU(SIZE))


def kept(view=None, *, by: Callable[..., Any] | None = None):
    """Serve `view`'s page from the cache while its key holds (see the module).

    `by`, given the view's arguments, names the one scope of data the page shows:
    (officeversion.CLIENT, client id), (officeversion.CASELOAD, PK id) or
    officeversion.ROSTER (the clients rows alone: the client list); or DATA, the whole
    office's data (the default, for any page that shows more).
    """
    if view is None:
        return lambda view: kept(view, by=by)

    @wraps(view)
    def wrapped(*args, **kwargs):
        key = _key(by, kwargs)
        if key is None:
            return view(*args, **kwargs)
        page = _pages().peek(key)
        if page is not None:
            for action, action_args in page.replays:
                action(*action_args)
            if page.replays:
                db.session.commit()
            return Response(page.body, content_type=page.content_type)
        g.page_replays = []
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.is_streamed and not g.get("page_flashed"):
            body = response.get_data()
            _pages().put(key, _Kept(body, response.content_type, tuple(g.page_replays)))
        return response

    return wrapped
