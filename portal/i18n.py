"""Language set-up: Flask-Babel for the portal's own text, and an Indonesian
catalogue for WTForms' built-in messages ("This field is required." ...), which
WTForms itself does not ship."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import Flask, request
from flask_babel import get_locale

TRANSLATIONS = Path(__file__).parent / "translations"


@cache
def _wtforms_catalogue(language: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [language], domain="wtforms")


def configure(app: Flask) -> None:
    @app.before_request
    def _wtforms_language():
        # Flask-WTF looks for this attribute before loading WTForms' own catalogues.
        locale = get_locale()
        if locale is not None and locale.language == "id":
            request.wtforms_translations = _wtforms_catalogue("id")
