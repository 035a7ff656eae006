"""Language set-up: Flask-Babel for the portal's own text, and an Indonesian
catalogue for WTForms' built-in messages ("This field is required." ...), which
WTForms itself does not ship."""

from __future__ import annotations

import os
import weakref
from functools import cache
from pathlib import Path

import flask_babel
from babel.support import NullTranslations, Translations
from flask import Flask, g, request
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from markupsafe import Markup

TRANSLATIONS = Path(__file__).parent / "translations"


@cache
def _wtforms_catalogue(language: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [language], domain="wtforms")


def compile_catalogues() -> list[Path]:
    """Compile every catalogue whose .mo is missing or older than its .po.

    A fresh checkout has only the .po files; without this, English pages would show
    Indonesian and form messages English until someone ran `pybabel compile`.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    done = []
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        partial = mo_path.with_suffix(f".mo.{os.getpid()}")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(partial, mo_path)  # whole: workers starting at once never read half
        done.append(mo_path)
    return done


def configure(app: Flask) -> None:
    """After Flask-Babel's init_app: its template `_` replaced by the fast path below
    (same results). Dates are written by `portal.formatting`."""
    try:
        compile_catalogues()
    except OSError as exc:  # a read-only install: `pybabel compile` must have run
        app.logger.warning("translations not compiled: %s", exc)
    app.jinja_env.install_gettext_callables(
        gettext=gettext,
        ngettext=lambda s, p, n: _catalogue().ungettext(s, p, n),
        newstyle=True,
    )
    # `_` and `gettext` straight to the kept translations (below), not through Jinja's
    # alias and newstyle wrapper: three calls and two new strings per label.
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)

    @app.before_request
    def _wtforms_language():
        # Flask-WTF looks for this attribute before loading WTForms' own catalogues.
        locale = get_locale()
        if locale is not None and locale.language == "id":
            request.wtforms_translations = _wtforms_catalogue("id")


# --- fast paths: a page formats hundreds of strings and dates ---------------------------
# Flask-Babel looks the catalogue up anew for every string (about ten context-local
# lookups, ~11 µs). The list of 50 clients spends milliseconds there, so the catalogue
# is looked up once per request. It follows Flask-Babel's own state (the per-request
# namespace it keeps on `g`): `force_locale` and `refresh` are honoured.


def _state() -> tuple[object, NullTranslations, str] | None:
    """(locale, catalogue, locale name) of the current request, or None outside one."""
    try:
        ctx = g.get("_flask_babel")
    except RuntimeError:  # no application context
        return None
    if ctx is not None:
        cached = getattr(ctx, "portal_catalogue", None)
        if cached is not None and cached[0] is getattr(ctx, "babel_locale", None):
            return cached
    translations = get_translations()
    ctx = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None)
    if ctx is None or locale is None:
        return None
    ctx.portal_catalogue = (locale, translations, str(locale))
    return ctx.portal_catalogue


def _catalogue() -> NullTranslations:
    state = _state()
    return state[1] if state else get_translations()


def gettext(string: str, **variables) -> str:
    """`flask_babel.gettext`, with the catalogue looked up once per request."""
    state = _state()
    s = state[1].ugettext(string) if state else get_translations().ugettext(string)
    return s if not variables else s % variables


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """`flask_babel.ngettext`, with the catalogue looked up once per request."""
    state = _state()
    catalogue = state[1] if state else get_translations()
    variables.setdefault("num", num)
    return catalogue.ungettext(singular, plural, num) % variables


# Per catalogue, each label without variables as a template shows it: translated,
# marked safe when autoescaping (as Jinja's newstyle gettext does) and formatted with no
# variables ("%%" is "%"). A page shows a hundred or more labels; they are the same on
# every page in a language.
_TEMPLATE_LABELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@pass_context
def template_gettext(context, string: str, /, **variables):
    """Templates' `_()`: the same result as Jinja's newstyle gettext over `gettext`."""
    catalogue = _catalogue()
    autoescape = context.eval_ctx.autoescape
    if variables:
        return _shown(catalogue.ugettext(string), autoescape, variables)
    labels = _TEMPLATE_LABELS.get(catalogue)
    if labels is None:
        labels = _TEMPLATE_LABELS.setdefault(catalogue, {})
    label = labels.get((string, autoescape))
    if label is None:
        label = labels[(string, autoescape)] = _shown(catalogue.ugettext(string), autoescape, {})
    return label


def _shown(translated: str, autoescape: bool, variables: dict) -> str:
    # The catalogue's text is the portal's own, safe as Jinja's newstyle gettext takes
    # it; the variables are escaped by the formatting.
    return (Markup(translated) if autoescape else translated) % variables  # noqa: S704


def text(value) -> str:
    """A label as text: lazy strings of the default domain through the fast `gettext`."""
    if isinstance(value, LazyString) and value._func is flask_babel.gettext:
        return gettext(*value._args, **value._kwargs)
    return str(value)


def request_locale() -> str | None:
    """The current request's locale name ("id", "en"), looked up once per request."""
    state = _state()
    return state[2] if state else None
