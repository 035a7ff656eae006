"""The what-works answer as .xlsx: typed numbers (counts as integers, rates and
differences as fractions formatted as percentages), a bold frozen header, and an
empty cell with a comment wherever the page shows no figure (suppressed, too small to
compare, window not yet passed)."""

from __future__ import annotations

import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.audit.operations import record
from portal.extensions import db
from portal.indicators.display import SUPPRESSED
from portal.indicators.export import COUNT_FORMAT, FORMATS, PERCENT_FORMAT
from portal.transfer.exporting import download
from portal.whatworks import results
from portal.whatworks.chains import OUTCOMES
from portal.whatworks.method import method_paragraphs
from portal.whatworks.pages import Question

DIFF_FORMAT = "+0.0%;-0.0%;0.0%"
RATIO_FORMAT = "0.00"


def _count(count: results.Count):
    if count.hidden:
        return None, str(SUPPRESSED)
    return round(count.value), None


def _sheet(book, title: str, headers: list[tuple[str, int]], rows: list[list]) -> None:
    sheet = book.create_sheet(title)
    for col, (header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "B2"
    for r, row in enumerate(rows, start=2):
        for c, (value, fmt, note) in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if fmt and value is not None:
                cell.number_format = fmt
            if note and value is None:
                cell.comment = Comment(note, "Bapas Portal")


def _figure(value, fmt=None, note=None):
    return (value, fmt, note)


def comparison_rows(groups: list[results.Group]) -> list[list]:
    rows = []
    for g in groups:
        for o in OUTCOMES:
            outcome = g.outcomes[o]
            e = outcome.estimate
            why = outcome.why
            rows.append(
                [
                    _figure(g.label),
                    _figure(str(outcome.name)),
                    _figure(*_count_fmt(g.trained)),
                    _figure(*_count_fmt(g.matched)),
                    _figure(*_count_fmt(g.unmatched)),
                    _figure(round(outcome.matched) if e else None, COUNT_FORMAT, why),
                    _figure(e.trained_rate if e else None, PERCENT_FORMAT, why),
                    _figure(e.comparison_rate if e else None, PERCENT_FORMAT, why),
                    _figure(e.difference if e else None, DIFF_FORMAT, why),
                    _figure(e.low if e else None, DIFF_FORMAT, why),
                    _figure(e.high if e else None, DIFF_FORMAT, why),
                    _figure(e.effective_comparison if e else None, RATIO_FORMAT, why),
                ]
            )
    return rows


def _count_fmt(count: results.Count):
    value, note = _count(count)
    return value, COUNT_FORMAT, note


def chain_rows(groups: list[results.Group]) -> list[list]:
    rows = []
    for g in groups:
        row = [_figure(g.label), _figure(*_count_fmt(g.trained)), _figure(*_count_fmt(g.completed))]
        for o in OUTCOMES:
            outcome = g.outcomes[o]
            note = str(SUPPRESSED) if outcome.rate_hidden else _("belum ada yang dapat dinilai")
            row += [
                _figure(outcome.rate, PERCENT_FORMAT, note),
                _figure(*_count_fmt(outcome.known)),
                _figure(*_count_fmt(outcome.not_yet)),
            ]
        rows.append(row)
    return rows


def balance_rows(groups: list[results.Group]) -> list[list]:
    return [
        [
            _figure(g.label),
            _figure(b.label),
            _figure(b.trained_mean, RATIO_FORMAT),
            _figure(b.comparison_mean, RATIO_FORMAT),
            _figure(b.before, RATIO_FORMAT),
            _figure(b.after, RATIO_FORMAT),
        ]
        for g in groups
        for b in g.balance
    ]


def workbook(q: Question, groups: list[results.Group], scope: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        _("Perbandingan"),
        [
            (_("Kelompok"), 30),
            (_("Hasil"), 36),
            (_("Klien terlatih"), 14),
            (_("Cocok"), 10),
            (_("Tidak cocok"), 12),
            (_("Cocok, hasil diketahui"), 14),
            (_("Tingkat terlatih"), 14),
            (_("Tingkat pembanding"), 14),
            (_("Selisih"), 12),
            (_("Batas bawah 95%"), 14),
            (_("Batas atas 95%"), 14),
            (_("Ukuran efektif pembanding"), 16),
        ],
        comparison_rows(groups),
    )
    chain_headers = [(_("Kelompok"), 30), (_("Klien terlatih"), 14), (_("Selesai"), 10)]
    for o in OUTCOMES:
        name = str(results.outcome_name(o))
        chain_headers += [
            (name, 18),
            (_("%(outcome)s: diketahui", outcome=name), 14),
            (_("%(outcome)s: jendela belum lewat", outcome=name), 14),
        ]
    _sheet(book, _("Rantai hasil"), chain_headers, chain_rows(groups))
    _sheet(
        book,
        _("Keseimbangan"),
        [
            (_("Kelompok"), 30),
            (_("Ciri"), 44),
            (_("Rata-rata terlatih"), 16),
            (_("Rata-rata pembanding"), 18),
            (_("Selisih baku sebelum"), 18),
            (_("Selisih baku sesudah"), 18),
        ],
        balance_rows(groups),
    )
    about = book.create_sheet(_("Metode"))
    about.column_dimensions["A"].width = 120
    about.append(
        [
            _(
                "Apa yang berhasil — %(scope)s, kohort %(first)s–%(last)s",
                scope=scope,
                first=q.first,
                last=q.last,
            )
        ]
    )
    about["A1"].font = Font(bold=True)
    for paragraph in method_paragraphs():
        about.append([paragraph])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def response(q: Question, groups: list[results.Group], scope: str) -> Response:
    body = workbook(q, groups, scope)
    record(
        "export",
        "whatworks",
        summary=f"apa yang berhasil {q.first}-{q.last} menurut {q.by} (xlsx)",
        detail={"first": q.first, "last": q.last, "by": q.by, "groups": len(groups)},
    )
    db.session.commit()
    filename = f"apa-yang-berhasil-{q.by}-{q.first}-{q.last}.xlsx"
    return download(body, FORMATS["xlsx"], filename)
