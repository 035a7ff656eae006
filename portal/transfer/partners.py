"""Pokmas Lipas partners and their cooperation agreements in and out of spreadsheets.

One row per agreement, the partner's columns repeated on each of its rows; a partner
without an agreement is one row with the agreement columns left empty. That is the
shape of an office's own "daftar mitra dan PKS" sheet: a renewed agreement is written
as a new row under the old one (which stays as history), the partner's name, kind and
contact copied down. One row per partner would lose every agreement but the latest.
The export has the same shape and columns, so an export re-imports as "unchanged".

Every rule comes from `portal.partners.operations` (check_partner, partner_changes,
check_agreement, agreement_changes, create_*/update_*); this module only says which
column is which and how a row finds what it updates: the partner by its name within
the office (case, spacing and punctuation forgiven; the stored spelling is kept), the
agreement by its number, or, when the number is not found, by the partner and start
date (so a corrected number updates the agreement instead of adding a second one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.errors import OperationError, every_error
from portal.extensions import db
from portal.partners import operations, vocab
from portal.partners.models import Agreement, Partner
from portal.transfer.columns import DATE_HELP, Column, allowed_values
from portal.transfer.engine import Importer, RowProblem, RowProblems, RowRefusals
from portal.transfer.exporting import Table
from portal.transfer.values import (
    choice_reader,
    choices_reader,
    normalise,
    phone_reader,
    read_date,
    text_reader,
)

KIND_ALIASES = {
    **dict.fromkeys(
        ("pokmas", "kelompok", "komunitas", "karang taruna", "ormas", "community group"),
        "kelompok_masyarakat",
    ),
    **dict.fromkeys(
        (
            "keagamaan",
            "agama",
            "gereja",
            "masjid",
            "majelis taklim",
            "pesantren",
            "pondok pesantren",
            "religious community",
        ),
        "komunitas_keagamaan",
    ),
    **dict.fromkeys(
        ("perusahaan", "usaha", "swasta", "umkm", "pt", "cv", "bumn", "company", "business"),
        "badan_usaha",
    ),
    **dict.fromkeys(
        (
            "ngo",
            "yayasan",
            "lembaga swadaya masyarakat",
            "lembaga bantuan hukum",
            "lsm lbh",
        ),
        "lsm_lbh",
    ),
    **dict.fromkeys(("lembaga pelatihan", "lembaga kursus", "kursus", "training institute"), "lpk"),
    **dict.fromkeys(
        (
            "instansi",
            "pemerintah",
            "dinas",
            "pemda",
            "pemerintah daerah",
            "government",
            "government agency",
            "agency",
        ),
        "instansi_pemerintah",
    ),
}
SERVICE_ALIASES = {
    **dict.fromkeys(("pelatihan keterampilan", "pelatihan kerja", "training"), "pelatihan"),
    **dict.fromkeys(
        ("penyaluran tenaga kerja", "penempatan kerja", "lowongan kerja", "kerja", "job placement"),
        "penyaluran_kerja",
    ),
    **dict.fromkeys(("pkl", "internship"), "magang"),
    **dict.fromkeys(("konseling", "dukungan moral psikososial"), "dukungan_psikososial"),
    **dict.fromkeys(("shelter", "hunian sementara", "tempat tinggal sementara"), "rumah_singgah"),
    **dict.fromkeys(("pemasaran", "pemasaran hasil produk", "marketing"), "pemasaran_produk"),
    **dict.fromkeys(("hukum", "legal aid"), "bantuan_hukum"),
}
STATUS_ALIASES = {"non aktif": vocab.NONAKTIF, "tidak": vocab.NONAKTIF, "inactive": vocab.NONAKTIF}
SERVICES_HELP = _l("Satu atau beberapa, dipisah koma: misalnya 'Pelatihan, Magang'.")


PARTNER_COLUMNS = (
    Column(
        "name",
        "Nama Mitra",
        text_reader(160),
        True,
        ("nama", "mitra", "nama pokmas", "nama lembaga", "nama instansi", "partner", "name"),
        _l(
            "Nama mitra; kunci untuk memperbarui mitra yang sudah ada (huruf besar/kecil, "
            "spasi dan tanda baca tidak dibedakan). Setiap perjanjian satu baris: ulangi "
            "data mitra pada setiap barisnya."
        ),
        example="Rumah Makan Sumber Rejeki",
    ),
    Column(
        "kind",
        "Jenis Mitra",
        choice_reader(vocab.PARTNER_KINDS, KIND_ALIASES),
        True,
        ("jenis", "jenis lembaga", "kategori mitra", "bentuk lembaga", "kind", "partner kind"),
        allowed=allowed_values(vocab.PARTNER_KINDS),
        example="Badan usaha",
    ),
    Column(
        "contact_person",
        "Narahubung",
        text_reader(120),
        False,
        ("contact person", "cp", "penanggung jawab", "pic", "nama narahubung", "pimpinan"),
        example="Bapak Darsono",
    ),
    Column(
        "phone",
        "Telepon",
        phone_reader(),
        False,
        ("no hp", "no telp", "telepon narahubung", "kontak"),
        _l("Format sel sebagai Teks agar angka 0 di depan tidak hilang."),
        example="081327001122",
        text_format=True,
    ),
    Column(
        "address",
        "Alamat",
        text_reader(250),
        False,
        ("alamat mitra", "alamat lembaga", "address"),
        example="Jl. Jenderal Sudirman 120, Purwokerto",
    ),
    Column(
        "services",
        "Layanan",
        choices_reader(vocab.SERVICES, SERVICE_ALIASES),
        True,
        ("layanan mitra", "jenis layanan", "bentuk kerja sama", "bidang kerja sama", "services"),
        SERVICES_HELP,
        allowed_values(vocab.SERVICES),
        example="Pelatihan, Penyaluran kerja",
    ),
    Column(
        "status",
        "Status",
        choice_reader(vocab.PARTNER_STATUSES, STATUS_ALIASES),
        False,
        ("status mitra", "keaktifan"),
        _l("Kosongkan untuk 'Aktif' (mitra baru) atau agar status mitra yang ada tidak berubah."),
        allowed_values(vocab.PARTNER_STATUSES),
        example="Aktif",
    ),
    Column(
        "note",
        "Catatan",
        text_reader(500),
        False,
        ("keterangan", "note"),
        example="",
    ),
)
AGREEMENT_COLUMNS = (
    Column(
        "agreement_number",  # not "number": a sheet's "No." (row number) would match it
        "Nomor Perjanjian",
        text_reader(80),
        False,
        (
            "no perjanjian",
            "nomor perjanjian kerja sama",
            "nomor pks",
            "no pks",
            "pks",
            "nomor mou",
            "no mou",
            "mou",
            "agreement number",
        ),
        _l(
            "Kosongkan semua kolom perjanjian untuk mitra tanpa perjanjian. Kunci untuk "
            "memperbarui perjanjian yang sudah ada."
        ),
        example="W.10.PAS.PAS.24-PK.01.05-123",
    ),
    Column(
        "start_date",
        "Berlaku Mulai",
        read_date,
        False,
        (
            "tanggal mulai",
            "mulai berlaku",
            "berlaku dari",
            "tanggal perjanjian",
            "tanggal pks",
            "valid from",
        ),
        DATE_HELP,
        example="02/01/2025",
    ),
    Column(
        "end_date",
        "Berlaku Sampai",
        read_date,
        False,
        (
            "tanggal berakhir",
            "berakhir",
            "berlaku hingga",
            "masa berlaku",
            "berlaku sd",
            "valid until",
        ),
        DATE_HELP,
        example="31/12/2026",
    ),
    Column(
        "agreement_services",
        "Layanan Perjanjian",
        choices_reader(vocab.SERVICES, SERVICE_ALIASES),
        False,
        ("layanan yang dicakup", "ruang lingkup", "ruang lingkup perjanjian"),
        _l("Layanan yang dicakup perjanjian; kosongkan untuk layanan mitra."),
        allowed_values(vocab.SERVICES),
        example="Pelatihan, Magang",
    ),
    Column(
        "document_ref",
        "Rujukan Dokumen",
        text_reader(200),
        False,
        ("dokumen", "arsip", "rujukan arsip", "lokasi dokumen"),
        example="Arsip Bimker 2025/07",
    ),
)
COLUMNS = PARTNER_COLUMNS + AGREEMENT_COLUMNS
PARTNER_KEYS = tuple(c.key for c in PARTNER_COLUMNS)
AGREEMENT_KEYS = tuple(c.key for c in AGREEMENT_COLUMNS)
# An agreement operation's field -> this import's column.
AGREEMENT_FIELD_COLUMNS = {"number": "agreement_number", "services": "agreement_services"}


@dataclass
class RowWrite:
    """What one checked row writes: partner values (None: nothing to write for the
    partner) and agreement values (None: no agreement, or nothing changes)."""

    key: str
    partner: Partner | None
    partner_data: dict[str, Any] | None
    agreement: Agreement | None
    agreement_data: dict[str, Any] | None


@dataclass
class SeenPartner:
    row: int
    data: dict[str, Any]


class PartnerImporter(Importer):
    kind = "mitra"
    title = _l("Mitra dan perjanjian")
    command = "partners"
    columns = COLUMNS

    def prepare(self) -> None:
        self.by_name: dict[str, list[Partner]] = defaultdict(list)
        for partner in db.session.scalars(select(Partner)):
            self.by_name[normalise(partner.name)].append(partner)
        agreements = list(db.session.scalars(select(Agreement)))
        self.by_number = {a.number: a for a in agreements}
        self.by_start: dict[tuple[int, date], list[Agreement]] = defaultdict(list)
        for agreement in agreements:
            self.by_start[(agreement.partner_id, agreement.start_date)].append(agreement)
        self.seen: dict[str, SeenPartner] = {}
        self.claimed: dict[int, int] = {}  # agreement id -> the row that updates it
        self.numbers: dict[str, int] = {}  # agreement number -> its row in this file
        self.created: dict[str, Partner] = {}  # partners this import added, by key

    # --- checking ---------------------------------------------------------------------

    def check(self, row: int, values: dict[str, Any]) -> tuple[str, Any]:
        key = normalise(values["name"])
        partner = self._partner(key, values["name"])
        data = {k: values[k] for k in PARTNER_KEYS}
        if partner is not None:
            data["name"] = partner.name
            data["status"] = data["status"] or partner.status
        has_agreement = any(values[k] for k in AGREEMENT_KEYS)
        refused = RowRefusals(self)  # the partner's and the agreement's, both shown
        partner_action, partner_data = None, None
        with refused.going_on():
            partner_action, partner_data = self._check_partner(
                row, key, partner, data, has_agreement
            )
        agreement, agreement_data, agreement_action = None, None, None
        if has_agreement:
            with refused.going_on():
                agreement, agreement_data, agreement_action = self._check_agreement(
                    row, partner, values, data["services"]
                )
        refused.raise_any()
        actions = {partner_action, agreement_action}
        action = next((a for a in ("added", "updated") if a in actions), "unchanged")
        return action, RowWrite(key, partner, partner_data, agreement, agreement_data)

    def _partner(self, key: str, name: str) -> Partner | None:
        found = self.by_name.get(key, [])
        if len(found) > 1:
            found = [p for p in found if p.name == name]
            if len(found) != 1:
                raise RowProblem(
                    "Nama Mitra",
                    _l(
                        "Beberapa mitra kantor ini bernama mirip '%(name)s'; tulis nama persis "
                        "seperti di portal.",
                        name=name,
                    ),
                )
        return found[0] if found else None

    def _check_partner(
        self, row: int, key: str, partner: Partner | None, data: dict, has_agreement: bool
    ) -> tuple[str | None, dict | None]:
        """The partner's part of a row, checked once: on its first row in the file."""
        seen = self.seen.get(key) if key else None
        if seen is not None:
            if not has_agreement:
                raise RowProblem(
                    "Nama Mitra",
                    _l(
                        "Mitra '%(name)s' sudah ada di baris %(row)d berkas ini.",
                        name=data["name"],
                        row=seen.row,
                    ),
                )
            differing = next((k for k in PARTNER_KEYS if seen.data[k] != data[k]), None)
            if differing is not None:
                raise RowProblem(
                    self.column_header(differing),
                    _l(
                        "Data mitra '%(name)s' berbeda dengan baris %(row)d berkas ini; setiap "
                        "baris perjanjian mitra yang sama harus berisi data mitra yang sama.",
                        name=data["name"],
                        row=seen.row,
                    ),
                )
            return None, None
        if partner is None:
            operations.check_partner(data)
            action = "added"
        else:
            action = "updated" if operations.partner_changes(partner, data) else None
        if key:
            self.seen[key] = SeenPartner(row, data)
        return action, (data if action else None)

    def _check_agreement(
        self, row: int, partner: Partner | None, values: dict, partner_services: list[str]
    ) -> tuple[Agreement | None, dict | None, str | None]:
        data = {
            "number": values["agreement_number"],
            "start_date": values["start_date"],
            "end_date": values["end_date"],
            "services": values["agreement_services"] or partner_services,
            "document_ref": values["document_ref"],
        }
        number = data["number"]
        if number in self.numbers:
            raise RowProblem(
                "Nomor Perjanjian",
                _l(
                    "Perjanjian %(number)s sudah ada di baris %(row)d berkas ini.",
                    number=number,
                    row=self.numbers[number],
                ),
            )
        agreement = self._agreement(partner, data)
        try:
            if agreement is None:
                operations.check_agreement(data)
                action = "added"
            else:
                action = "updated" if operations.agreement_changes(agreement, data) else None
        except OperationError as exc:
            raise RowProblems(
                [
                    RowProblem(
                        self.column_header(AGREEMENT_FIELD_COLUMNS.get(e.field or "", e.field)),
                        e.message,
                    )
                    for e in every_error(exc)
                ]
            ) from exc
        if number:
            self.numbers[number] = row
        if agreement is not None:
            self.claimed[agreement.id] = row
        return agreement, (data if action else None), action

    def _agreement(self, partner: Partner | None, data: dict) -> Agreement | None:
        """The stored agreement this row describes: by number, else by partner and start."""
        agreement = self.by_number.get(data["number"])
        if agreement is not None and (partner is None or agreement.partner_id != partner.id):
            raise RowProblem(
                "Nomor Perjanjian",
                _l(
                    "Nomor perjanjian %(number)s sudah dipakai untuk mitra %(other)s.",
                    number=data["number"],
                    other=agreement.partner.name,
                ),
            )
        if agreement is None and partner is not None and data["start_date"] is not None:
            same_start = self.by_start.get((partner.id, data["start_date"]), [])
            if len(same_start) == 1 and same_start[0].number not in self.numbers:
                agreement = same_start[0]
        if agreement is not None and agreement.id in self.claimed:
            raise RowProblem(
                "Nomor Perjanjian",
                _l(
                    "Perjanjian %(number)s sudah diperbarui oleh baris %(row)d berkas ini.",
                    number=agreement.number,
                    row=self.claimed[agreement.id],
                ),
            )
        return agreement

    # --- writing ----------------------------------------------------------------------

    def write(self, checked: list[tuple[str, Any]]) -> None:
        for _action, row in checked:
            partner = row.partner or self.created.get(row.key)
            if row.partner_data is not None:
                if partner is None:
                    partner = operations.create_partner(actor=self.actor, **row.partner_data)
                    self.created[row.key] = partner
                else:
                    operations.update_partner(partner, actor=self.actor, **row.partner_data)
            if row.agreement_data is None:
                continue
            if row.agreement is None:
                operations.create_agreement(partner, actor=self.actor, **row.agreement_data)
            else:
                operations.update_agreement(row.agreement, actor=self.actor, **row.agreement_data)


# --- export -----------------------------------------------------------------------------


def _labels(vocabulary: dict, codes) -> str:
    return ", ".join(str(vocabulary.get(c, c)) for c in codes or ())


def _partner_cells(p: Partner) -> list:
    return [
        p.name,
        str(vocab.PARTNER_KINDS.get(p.kind, p.kind)),
        p.contact_person,
        p.phone,
        p.address,
        _labels(vocab.SERVICES, p.services),
        str(vocab.PARTNER_STATUSES.get(p.status, p.status)),
        p.note,
    ]


def partners_table(status: str, today: date) -> tuple[Table, int]:
    """The partners the list page shows for this status filter, one row per agreement
    (a partner without one: one row), in the import's columns, then the agreement's
    state as the page shows it."""
    rows = []
    for partner in operations.list_partners(status):
        cells = _partner_cells(partner)
        if not partner.agreements:
            rows.append(cells + [""] * (len(AGREEMENT_COLUMNS) + 1))
        for a in partner.agreements:
            state = operations.agreement_state(a, today).code
            rows.append(
                cells
                + [
                    a.number,
                    a.start_date,
                    a.end_date,
                    _labels(vocab.SERVICES, a.services),
                    a.document_ref,
                    str(operations.AGREEMENT_STATES[state]),
                ]
            )
    headers = [c.header for c in COLUMNS] + [_("Status Perjanjian")]
    text = frozenset(i for i, c in enumerate(COLUMNS) if c.text_format)
    return Table(_("Mitra"), headers, rows, text), len(rows)
