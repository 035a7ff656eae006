"""Wajib lapor reports in and out of spreadsheets.

Every rule is `portal.reporting.operations`' (check_report, insert_reports,
report_changes, update_report), the same the report form calls. This module only says
which column is which and how a row finds its client (by register number, among the
files the importing user may see) and the report it may update: the client's report
on the same date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import operations as client_ops
from portal.clients.models import Client
from portal.clients.operations import visible_clients
from portal.errors import OperationError
from portal.extensions import db
from portal.reporting import operations, vocab
from portal.reporting.models import Report, ReportDue
from portal.transfer.clients import COLUMNS as CLIENT_COLUMNS
from portal.transfer.columns import DATE_HELP, Column
from portal.transfer.engine import Importer, RowProblem, RowProblems
from portal.transfer.exporting import Table
from portal.transfer.pks import PkNames
from portal.transfer.registers import registered_client
from portal.transfer.values import choice_reader, read_date, text_reader

MODE_ALIASES = {
    "kantor": vocab.KANTOR,
    "datang": vocab.KANTOR,
    "datang ke kantor": vocab.KANTOR,
    "hadir di kantor": vocab.KANTOR,
    "tatap muka": vocab.KANTOR,
    "langsung": vocab.KANTOR,
    "kunjungan": vocab.KUNJUNGAN_RUMAH,
    "home visit": vocab.KUNJUNGAN_RUMAH,
    "homevisit": vocab.KUNJUNGAN_RUMAH,
    "rumah": vocab.KUNJUNGAN_RUMAH,
    "video": vocab.VIDEO,
    "video call": vocab.VIDEO,
    "vidcall": vocab.VIDEO,
    "vc": vocab.VIDEO,
    "wa video": vocab.VIDEO,
    "daring": vocab.VIDEO,
    "online": vocab.VIDEO,
    "keliling": vocab.KELILING,
    "konseling": vocab.KELILING,
    "mobile counseling": vocab.KELILING,
}
REGISTER = next(c for c in CLIENT_COLUMNS if c.key == "register_number")

COLUMNS = (
    Column(
        "register_number",
        REGISTER.header,
        REGISTER.read,
        True,
        REGISTER.aliases,
        _l("Nomor register klien di kantor ini."),
        example="PB.2025.0142",
    ),
    Column(
        "name",
        "Nama",
        text_reader(120),
        False,
        ("nama klien", "nama lengkap"),
        _l(
            "Boleh kosong. Bila diisi, harus sama dengan nama klien bernomor register itu "
            "(pengaman salah ketik nomor register)."
        ),
        example="Budi Santoso",
    ),
    Column(
        "on",
        "Tanggal Lapor",
        read_date,
        True,
        ("tgl lapor", "tanggal wajib lapor", "tgl wajib lapor", "tanggal laporan", "tanggal"),
        DATE_HELP,
        example="06/02/2025",
    ),
    Column(
        "mode",
        "Cara Lapor",
        choice_reader(vocab.MODES, MODE_ALIASES),
        True,
        ("cara", "cara wajib lapor", "jenis lapor", "metode", "mode"),
        _l("Di kantor, kunjungan rumah, panggilan video, atau konseling keliling."),
        "; ".join(str(label) for label in vocab.MODES.values()),
        example="Di kantor",
    ),
    Column(
        "kelurahan",
        "Kelurahan",
        text_reader(80),
        False,
        ("kelurahan desa", "desa", "lokasi keliling"),
        _l("Wajib untuk konseling keliling: kelurahan tempat klien ditemui."),
        example="",
    ),
    Column(
        "pk_id",
        "PK",
        text_reader(120),
        False,
        ("pk penerima", "diterima oleh", "diterima oleh pk", "nama pk", "petugas", "pembimbing"),
        _l(
            "Nama lengkap atau nama pengguna PK yang menerima laporan; kosong = PK klien "
            "(laporan yang sudah ada tetap dengan PK-nya)."
        ),
        example="",
    ),
    Column(
        "note",
        "Catatan",
        text_reader(operations.NOTE_MAX),
        False,
        ("keterangan", "ket", "note"),
        example="Melapor tepat waktu",
    ),
)


class ReportImporter(Importer):
    kind = "wajib-lapor"
    title = _l("Laporan wajib lapor")
    columns = COLUMNS

    def prepare(self) -> None:
        query = visible_clients(self.actor) if self.actor is not None else select(Client)
        self.clients = {c.register_number: c for c in db.session.scalars(query)}
        pks = db.session.scalars(select(User).where(User.role == Role.PK)).all()
        self.pks = {pk.id: pk for pk in pks}
        self.pk_names = PkNames(pks)
        self.today = client_ops.office_today()
        self.existing: dict[tuple[int, Any], list] = defaultdict(list)
        light = select(
            Report.id,
            Report.client_id,
            Report.reported_on,
            Report.mode,
            Report.kelurahan,
            Report.pk_id,
            Report.note,
            Report.mobile_day_id,
        ).order_by(Report.id)
        for report in db.session.execute(light):
            self.existing[(report.client_id, report.reported_on)].append(report)
        self.seen: dict[tuple[int, Any], int] = {}

    def _client(self, values: dict[str, Any]) -> Client:
        number = values["register_number"]
        if not number:
            raise RowProblem(REGISTER.header, _l("Nomor register wajib diisi."))
        return registered_client(self.clients, number, values["name"], self.column_header("name"))

    def _same_day(self, client: Client, values: dict[str, Any]):
        """The client's stored report on that date (of the same mode, if several)."""
        reports = self.existing.get((client.id, values["on"]), [])
        return next((r for r in reports if r.mode == values["mode"]), None) or next(
            iter(reports), None
        )

    def check(self, row: int, values: dict[str, Any]) -> tuple[str, Any]:
        client = self._client(values)
        key = (client.id, values["on"])
        if values["on"] is not None and key in self.seen:
            raise RowProblem(
                "Tanggal Lapor",
                _l(
                    "Laporan klien %(number)s pada tanggal ini sudah ada di baris %(row)d "
                    "berkas ini.",
                    number=client.register_number,
                    row=self.seen[key],
                ),
            )
        self.seen[key] = row
        details = {
            "mode": values["mode"],
            "kelurahan": values["kelurahan"],
            "note": values["note"],
            "pks": self.pks,
        }
        problems: list[RowProblem] = []
        pk_id = self.pk_names.find_noting(values["pk_id"], problems)
        report = self._same_day(client, values)
        try:
            if report is None:
                result = (
                    "added",
                    operations.check_report(
                        client,
                        on=values["on"],
                        pk_id=pk_id or client.pk_id,
                        today=self.today,
                        **details,
                    ),
                )
            else:
                changes = operations.report_changes(report, pk_id=pk_id or report.pk_id, **details)
                result = ("updated", (report, changes)) if changes else ("unchanged", None)
        except OperationError as exc:
            raise RowProblems(problems + self.problems_of(exc)) from exc
        if problems:
            raise RowProblems(problems)
        return result

    def write(self, checked: list[tuple[str, Any]]) -> None:
        added = [payload for action, payload in checked if action == "added"]
        if added:
            operations.insert_reports(added, actor=self.actor)
        for action, payload in checked:
            if action == "updated":
                operations.update_report(*payload, actor=self.actor)


def reports_table(
    user: User, *, pk_id: int | None, start: date | None, end: date | None
) -> tuple[Table, int]:
    """The reports of the clients the wajib lapor page lists for this PK filter (the
    client's PK, as there), within the period, in the import template's columns so the
    export re-imports unchanged. Only clients the user may see are in it: a juvenile
    file's reports stay out for whoever the page hides it from."""
    criteria = []
    if pk_id:
        criteria.append(Client.pk_id == pk_id)
    if start:
        criteria.append(Report.reported_on >= start)
    if end:
        criteria.append(Report.reported_on <= end)
    query = (
        visible_clients(user, Report, Client, ReportDue.due_on)
        .join_from(Report, Client, Client.id == Report.client_id)
        .outerjoin(ReportDue, ReportDue.id == Report.due_id)
        .where(*criteria)
        .order_by(Report.reported_on, Client.register_number, Report.id)
    )
    pk_names = dict(db.session.execute(select(User.id, User.full_name)).all())
    rows = [
        [
            client.register_number,
            client.name,
            report.reported_on,
            vocab.label(vocab.MODES, report.mode),
            report.kelurahan,
            pk_names.get(report.pk_id, ""),
            report.note,
            due_on,
        ]
        for report, client, due_on in db.session.execute(query)
    ]
    headers = [c.header for c in COLUMNS] + [_("Jadwal yang Dipenuhi")]
    return Table(_("Wajib lapor"), headers, rows), len(rows)
