"""An office's open and past Litmas requests in from its own register sheet.

One row per request. Every rule is the Litmas operations' (intake, appointment,
delivery: see `portal.litmas.requests.importing`); this module says which column is
which. Times are the office's clock (WIB, WITA or WIT), as the register writes them;
the legal deadline is never a column: the portal computes it from the purpose, the
time received and the PK's appointment. A request already in the portal (same letter
number from the same institution) is left as it is, so a sheet can be imported again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import vocab as client_vocab
from portal.extensions import db
from portal.litmas.requests import importing, operations, vocab
from portal.litmas.requests.models import LitmasRequest
from portal.transfer.columns import DATE_HELP, Column, allowed_values
from portal.transfer.engine import Importer, RowProblem, RowRefusals
from portal.transfer.pks import PkNames
from portal.transfer.registers import REGISTER_HEADER
from portal.transfer.values import (
    _plain,
    blank,
    choice_reader,
    choices_reader,
    digits_reader,
    normalise,
    read_date,
    text_reader,
)

TIME_PATTERN = re.compile(r"^(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?$")
TIME_HELP = _l("Jam JJ.MM menurut zona waktu kantor (WIB, WITA, atau WIT), misalnya 09.30.")


def read_time(value: Any) -> time | None:
    """09.30, 9:30, 09:30:00 or an Excel time cell, on the office's clock."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    value = _plain(value)
    if blank(value):
        return None
    text = str(value).strip()
    match = TIME_PATTERN.match(text)
    if match is None:
        raise ValueError(
            _l("Format jam '%(t)s' tidak dikenali. Gunakan JJ.MM, misalnya 09.30.", t=text)
        )
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(_l("Jam '%(t)s' tidak ada.", t=text))
    return time(hour, minute)


KIND_ALIASES = {
    **dict.fromkeys(("polisi", "kepolisian", "polres", "polresta", "polsek", "polda"), "penyidik"),
    **dict.fromkeys(("kejaksaan", "kejari", "jpu", "penuntut umum", "jaksa"), "jaksa"),
    **dict.fromkeys(("pn", "pengadilan negeri", "hakim"), "pengadilan"),
}
PURPOSE_ALIASES = {
    "diversi": "diversi",
    "litmas diversi": "diversi",
    "penyidikan": "penyidikan_anak",
    "sidang anak": "sidang_anak",
    "persidangan anak": "sidang_anak",
    "penuntutan anak": "sidang_anak",
    "cuti mengunjungi keluarga": "cuti_mengunjungi_keluarga",
    "pindah": "pemindahan",
    "mutasi": "pemindahan",
    "sidang dewasa": "sidang_dewasa",
    "persidangan dewasa": "sidang_dewasa",
}
MEANS_ALIASES = {
    "tangan": "langsung",
    "diantar": "langsung",
    "kurir": "pos",
    "email": "surel",
    "e-mail": "surel",
    "sdp": "aplikasi",
}

COLUMNS = (
    Column(
        "requester_kind",
        "Jenis Peminta",
        choice_reader(vocab.REQUESTER_KINDS, KIND_ALIASES),
        True,
        ("peminta", "asal permintaan", "jenis instansi"),
        allowed=allowed_values(vocab.REQUESTER_KINDS),
        example="Penyidik (Kepolisian)",
    ),
    Column(
        "requester_institution",
        "Instansi Peminta",
        text_reader(160),
        True,
        ("instansi", "asal surat", "nama instansi", "pengirim"),
        example="Polresta Mataram",
    ),
    Column(
        "letter_number",
        "Nomor Surat",
        text_reader(80),
        True,
        ("no surat", "nomor surat permintaan", "no surat permintaan"),
        _l(
            "Nomor surat permintaan. Permintaan yang sudah ada di portal (nomor surat dan "
            "instansi sama) dilewati, sehingga berkas boleh diimpor ulang."
        ),
        example="B/123/III/2026/Reskrim",
    ),
    Column(
        "letter_date",
        "Tanggal Surat",
        read_date,
        True,
        ("tgl surat", "tanggal surat permintaan"),
        DATE_HELP,
        example="27/03/2026",
    ),
    Column(
        "purpose",
        "Tujuan Litmas",
        choice_reader(vocab.PURPOSE_LABELS, PURPOSE_ALIASES),
        True,
        ("tujuan", "keperluan", "jenis litmas", "jenis permintaan"),
        _l("Menentukan tenggat: 3x24 jam sejak diterima (anak) atau 7 hari sejak PK ditunjuk."),
        allowed_values(vocab.PURPOSE_LABELS),
        example="Diversi anak",
    ),
    Column(
        "received_on",
        "Tanggal Diterima",
        read_date,
        True,
        ("tgl diterima", "tanggal terima", "diterima tanggal", "tanggal masuk"),
        DATE_HELP,
        example="28/03/2026",
    ),
    Column(
        "received_time",
        "Jam Diterima",
        read_time,
        True,
        ("jam terima", "pukul diterima", "waktu diterima", "jam masuk"),
        TIME_HELP,
        example="09.30",
        text_format=True,
    ),
    Column(
        "person_name",
        "Nama",
        text_reader(120),
        True,
        ("nama yang diteliti", "nama klien", "nama anak", "nama lengkap"),
        example="Andi Saputra",
    ),
    Column(
        "nik",
        "NIK",
        digits_reader(20),
        False,
        ("nomor induk kependudukan",),
        _l("16 angka. Format sel sebagai Teks agar angka tidak berubah."),
        example="5271011203110002",
        text_format=True,
    ),
    Column(
        "birth_date",
        "Tanggal Lahir",
        read_date,
        False,
        ("tgl lahir",),
        DATE_HELP,
        example="12/03/2011",
    ),
    Column(
        "category",
        "Kategori",
        choice_reader(client_vocab.CATEGORIES, {"abh": client_vocab.ANAK}),
        True,
        ("anak dewasa", "kategori klien"),
        allowed=allowed_values(client_vocab.CATEGORIES),
        example="Anak",
    ),
    Column(
        "held_at",
        "Tempat Penahanan",
        text_reader(160),
        False,
        ("ditahan di", "lapas rutan", "tempat", "asal"),
        example="Polresta Mataram",
    ),
    Column(
        "register_number",
        REGISTER_HEADER,
        text_reader(40),
        False,
        ("no register", "no reg", "noreg", "nomor register klien"),
        _l("Bila orang ini sudah klien kantor: nomor register berkasnya (boleh kosong)."),
        example="",
    ),
    Column(
        "attachments",
        "Lampiran",
        choices_reader(vocab.ATTACHMENTS),
        False,
        ("lampiran surat", "berkas lampiran"),
        _l("Satu atau beberapa, dipisah koma."),
        allowed_values(vocab.ATTACHMENTS),
        example="Surat permintaan, Laporan polisi",
    ),
    Column(
        "pk_id",
        "PK",
        text_reader(120),
        False,
        ("pk yang ditunjuk", "nama pk", "pembimbing kemasyarakatan", "petugas"),
        _l("Nama lengkap atau nama pengguna PK yang ditunjuk; kosong bila belum ditunjuk."),
        example="Ni Luh Ayu",
    ),
    Column(
        "appointed_on",
        "Tanggal Penunjukan PK",
        read_date,
        False,
        ("tgl penunjukan", "tanggal penunjukan", "tanggal disposisi", "tgl disposisi"),
        _l("Wajib bila PK diisi. Tanggal HH/BB/TTTT (misalnya 17/08/2024) atau sel tanggal Excel."),
        example="28/03/2026",
    ),
    Column(
        "appointed_time",
        "Jam Penunjukan PK",
        read_time,
        False,
        ("jam penunjukan", "jam disposisi"),
        TIME_HELP,
        example="10.00",
        text_format=True,
    ),
    Column(
        "delivered_on",
        "Tanggal Dikirim",
        read_date,
        False,
        ("tgl dikirim", "tanggal pengiriman", "tanggal kirim", "tanggal diserahkan"),
        _l(
            "Kosong bila laporan belum dikirim. Tanggal HH/BB/TTTT (misalnya 17/08/2024) atau sel "
            "tanggal Excel."
        ),
        example="30/03/2026",
    ),
    Column(
        "delivered_time",
        "Jam Dikirim",
        read_time,
        False,
        ("jam pengiriman", "jam kirim", "jam diserahkan"),
        TIME_HELP,
        example="14.00",
        text_format=True,
    ),
    Column(
        "means",
        "Cara Pengiriman",
        choice_reader(vocab.DELIVERY_MEANS, MEANS_ALIASES),
        False,
        ("cara kirim", "dikirim melalui", "media pengiriman"),
        allowed=allowed_values(vocab.DELIVERY_MEANS),
        example="Diserahkan langsung",
    ),
    Column(
        "note",
        "Catatan Pengiriman",
        text_reader(200),
        False,
        ("catatan", "keterangan"),
        example="Diterima penyidik",
    ),
)


APPOINTMENT_COLUMNS = ("Tanggal Penunjukan PK", "Jam Penunjukan PK")


@dataclass
class RowWrite:
    data: dict[str, Any]
    pk_id: int | None
    appointed_at: datetime | None
    delivered: tuple[date, time, str, str] | None


class LitmasRequestImporter(Importer):
    kind = "permintaan-litmas"
    title = _l("Permintaan Litmas")
    columns = COLUMNS
    needs_user = True  # appointing a PK is the head's decision: an administrator imports

    def prepare(self) -> None:
        pks = db.session.scalars(select(User).where(User.role == Role.PK)).all()
        self.pks = {pk.id: pk for pk in pks}
        self.pk_names = PkNames(pks, "PK")
        self.existing = {
            (number, normalise(institution))
            for number, institution in db.session.execute(
                select(LitmasRequest.letter_number, LitmasRequest.requester_institution)
            )
        }
        self.seen: dict[tuple[str, str], int] = {}

    def check(self, row: int, values: dict[str, Any]) -> tuple[str, Any]:
        """Intake, the PK's appointment and the delivery, each checked even when another
        is refused: every problem of the row is reported at once."""
        refused = RowRefusals(self)
        key = (values["letter_number"], normalise(values["requester_institution"]))
        if values["letter_number"] and key in self.seen:
            refused.add(
                _l(
                    "Surat %(number)s dari instansi ini sudah ada di baris %(row)d berkas ini.",
                    number=values["letter_number"],
                    row=self.seen[key],
                ),
                "Nomor Surat",
            )
        else:
            self.seen[key] = row
            if key in self.existing:
                return "unchanged", None
        data = {k: values.get(k) for k in operations.FIELDS}
        with refused.going_on():
            importing.check_request(self.actor, data)
        received_at = None  # the appointment and the delivery are compared with it
        if values["received_on"] is not None and values["received_time"] is not None:
            received_at = importing.local_time(values["received_on"], values["received_time"])
        pk_id = appointed_at = delivered = None
        with refused.going_on():
            pk_id = self.pk_names.find(values["pk_id"])
        with refused.going_on():
            appointed_at = self._appointment(values, pk_id, received_at)
        appointment_known = not refused.failed("PK", *APPOINTMENT_COLUMNS)
        with refused.going_on():
            delivered = self._delivery(values, received_at, appointed_at, appointment_known)
        refused.raise_any()
        return "added", RowWrite(data, pk_id, appointed_at, delivered)

    def _appointment(self, values: dict, pk_id: int | None, received_at: datetime | None):
        """The appointment's time; a PK named but not found (None) is refused where it
        was looked up, and only the appointment's own cells are checked here."""
        day, at = values["appointed_on"], values["appointed_time"]
        if not values["pk_id"]:
            if day is not None or at is not None:
                raise RowProblem("PK", _l("PK wajib diisi bila tanggal penunjukan diisi."))
            return None
        refused = RowRefusals(self)
        if day is None:
            refused.add(
                _l("Tanggal penunjukan PK wajib diisi bila PK diisi."), "Tanggal Penunjukan PK"
            )
        if at is None:
            refused.add(
                _l("Jam penunjukan PK wajib diisi: tenggat 7 hari dihitung dari jam itu."),
                "Jam Penunjukan PK",
            )
        refused.raise_any()
        appointed_at = importing.local_time(day, at)
        pk = self.pks[pk_id] if pk_id is not None else None
        importing.check_appointment(self.actor, pk, received_at, appointed_at)
        return appointed_at

    def _delivery(
        self,
        values: dict,
        received_at: datetime | None,
        appointed_at: datetime | None,
        appointment_known: bool,
    ):
        day, at, means = values["delivered_on"], values["delivered_time"], values["means"]
        if day is None and at is None and means is None:
            if values["note"]:
                raise RowProblem(
                    "Tanggal Dikirim", _l("Catatan pengiriman diisi tetapi tanggal dikirim kosong.")
                )
            return None
        refused = RowRefusals(self)
        if day is None:
            refused.add(_l("Tanggal pengiriman wajib diisi."), "Tanggal Dikirim")
        if at is None:
            refused.add(_l("Jam pengiriman wajib diisi."), "Jam Dikirim")
        delivered_at = None if day is None or at is None else importing.local_time(day, at)
        with refused.going_on():
            importing.check_delivery(
                received_at, appointed_at, delivered_at, means, appointment_known=appointment_known
            )
        refused.raise_any()
        return day, at, means, values["note"]

    def write(self, checked: list[tuple[str, Any]]) -> None:
        for _action, row in checked:
            request = operations.create_request(self.actor, **row.data)
            if row.pk_id is not None:
                operations.appoint_pk(
                    request, row.pk_id, self.actor, request.version_id, at=row.appointed_at
                )
            if row.delivered is not None:
                importing.deliver_paper_report(request, self.actor, *row.delivered)
