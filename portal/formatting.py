"""One way to write dates, times, money and numbers, on every page and in both languages.

ux.md: dates in words in the interface ("2 Des 2026", "2 Dec 2026"), times in the office's
time zone with its name (WIB/WITA/WIT), money as Indonesian spelling writes it
("Rp1.500.000"), percentages with a comma in Indonesian ("26,5%"). Templates reach these
as filters; a bare date or datetime printed by a template goes through `finalize`, so no
page can show an ISO date by forgetting a filter.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import get_month_names
from flask import Flask, g, has_request_context
from flask_babel import get_locale
from markupsafe import Markup, escape

from portal import i18n

_ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _language() -> str:
    state = i18n.request_locale()
    if state is None:
        locale = get_locale() if has_request_context() else None
        state = str(locale) if locale is not None else "id"
    return "en" if state.startswith("en") else "id"


@cache
def _months(language: str) -> dict[int, str]:
    names = dict(get_month_names("abbreviated", locale=language))
    # Babel writes some English abbreviations with a full stop; pages do not.
    return {n: name.rstrip(".") for n, name in names.items()}


def zone_name(timezone: str) -> str:
    """WIB, WITA or WIT for the three Indonesian zones; the zone's own name otherwise."""
    return _ZONE_NAMES.get(timezone, timezone)


def office_zone() -> str:
    office = getattr(g, "office", None) if has_request_context() else None
    return office.timezone if office is not None else "Asia/Jakarta"


def day(value: date | datetime | None, empty: str = "—") -> str:
    """2 Des 2026 / 2 Dec 2026. A datetime (naive UTC) is first moved to the office's day."""
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = local(value).date()
    return _in_words(value, _months(_language()))


def day_words():
    """`day` for dates (not datetimes), the request's language looked up once: a page
    writing a table of dates calls this once and the result for each date."""
    months = _months(_language())
    return lambda value: _in_words(value, months)


def _in_words(value: date, months) -> str:
    return f"{value.day} {months[value.month]} {value.year}"


def day_tag(value: date | None) -> Markup:
    """<time datetime="2026-12-02">2 Des 2026</time>: words for people, ISO for machines."""
    if value is None:
        return Markup("—")
    if isinstance(value, datetime):
        value = local(value).date()
    return _tag(value, day(value))


def day_tags():
    """`day_tag` for dates (not datetimes), the language looked up once (see `day_words`)."""
    words = day_words()
    return lambda value: _tag(value, words(value))


def _tag(value: date, words: str) -> Markup:
    # As Markup('<time datetime="{}" class="date">{}</time>').format(...) writes it, at a
    # third of its cost (a case file shows fifty of them).
    iso, words = escape(value.isoformat()), escape(words)
    return Markup(f'<time datetime="{iso}" class="date">{words}</time>')  # noqa: S704 - escaped


def day_range(start: date | None, end: date | None) -> str:
    """2–9 Des 2026, 28 Nov – 3 Des 2026, or one day when both are the same."""
    if start is None or end is None or start == end:
        return day(start or end)
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{day(end)}"
    if start.year == end.year:
        months = _months(_language())
        return f"{start.day} {months[start.month]} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def local(value: datetime) -> datetime:
    """A stored naive-UTC datetime in the office's time zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(office_zone()))


def moment(value: datetime | None, empty: str = "—") -> str:
    """2 Des 2026 14.05 WIB (Indonesian writes times with a full stop), 2 Dec 2026 14:05 WIB."""
    if value is None:
        return empty
    at = local(value)
    sep = ":" if _language() == "en" else "."
    return f"{day(at.date())} {at.hour:02d}{sep}{at.minute:02d} {zone_name(office_zone())}"


def dmy(value: date | None) -> str:
    """dd/mm/yyyy, as in forms and sheets."""
    return value.strftime("%d/%m/%Y") if value else ""


def number(value: float | int | None, decimals: int = 0, empty: str = "—") -> str:
    """1.234,5 in Indonesian, 1,234.5 in English."""
    if value is None:
        return empty
    text = f"{value:,.{decimals}f}"
    if _language() == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def rupiah(value: float | int | None, empty: str = "—") -> str:
    """Rp1.500.000 (in both languages: it is the currency's own spelling)."""
    if value is None:
        return empty
    text = f"{round(value):,}".replace(",", ".")
    return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"


def percent(value: float | None, decimals: int = 1, empty: str = "—") -> str:
    """26,5% from 0.265."""
    if value is None:
        return empty
    return number(100 * value, decimals) + "%"


def _finalize(value):
    """Every printed value passes here: dates never reach a page as ISO text."""
    if value is None:
        return ""
    kind = type(value)
    if kind is date:
        return day(value)
    if kind is datetime:
        return moment(value)
    return value


def register(app: Flask) -> None:
    filters = app.jinja_env.filters
    filters.update(
        day=day,
        day_range=day_range,
        day_tag=day_tag,
        moment=moment,
        dmy=dmy,
        number=number,
        rupiah=rupiah,
        percent=percent,
    )
    app.jinja_env.finalize = _finalize


def current_language() -> str:
    """The reader's language, "id" or "en" (Indonesian outside a request)."""
    return _language()
