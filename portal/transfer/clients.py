"""Client case files in and out of spreadsheets.

The import calls `portal.clients.operations` for every rule (check_new_client,
pending_changes, insert_clients, update_client); this module only says which column
is which and how a row finds the case file it updates: by register number, or, when
the register number is left empty, by NIK.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.clients import operations, vocab
from portal.clients.models import Client
from portal.errors import OperationError
from portal.extensions import db
from portal.transfer.columns import DATE_HELP, Column, allowed_values
from portal.transfer.engine import Importer, RowProblem, RowProblems
from portal.transfer.pks import PkNames
from portal.transfer.values import (
    choice_reader,
    nik_reader,
    phone_reader,
    read_date,
    read_int,
    text_reader,
)

SEX_ALIASES = {"lk": "L", "laki": "L", "pria": "L", "pr": "P", "wanita": "P"}

COLUMNS = (
    Column(
        "register_number",
        "Nomor Register",
        text_reader(40),
        True,
        ("no register", "no reg", "noreg", "nomor registrasi", "register", "reg no"),
        _l(
            "Nomor register klien di kantor ini; kunci untuk memperbarui berkas yang sudah "
            "ada. Jika kosong, berkas dicocokkan dengan NIK."
        ),
        example="PB.2025.0142",
    ),
    Column(
        "name",
        "Nama",
        text_reader(120),
        True,
        ("nama lengkap", "nama klien", "name", "full name"),
        _l("Nama lengkap klien."),
        example="Budi Santoso",
    ),
    Column(
        "nik",
        "NIK",
        nik_reader(),
        True,
        ("nomor induk kependudukan", "no ktp", "nik ktp", "ktp"),
        _l(
            "16 angka; angka ke-7 sampai ke-12 adalah tanggal lahir HHBBTT (perempuan: "
            "tanggal + 40). Format sel sebagai Teks agar Excel tidak membulatkannya."
        ),
        example="3302011505900001",
        text_format=True,
    ),
    Column(
        "sex",
        "Jenis Kelamin",
        choice_reader(vocab.SEXES, SEX_ALIASES),
        True,
        ("jk", "l p", "kelamin", "sex", "gender"),
        _l("L atau P."),
        allowed_values(vocab.SEXES),
        example="L",
    ),
    Column(
        "birth_date",
        "Tanggal Lahir",
        read_date,
        True,
        ("tgl lahir", "lahir", "birth date", "date of birth", "tanggal kelahiran"),
        DATE_HELP,
        example="15/05/1990",
    ),
    Column(
        "street",
        "Alamat",
        text_reader(200),
        False,
        ("alamat jalan", "jalan", "street"),
        _l("Jalan, nomor rumah, RT/RW."),
        example="Jl. Gatot Subroto No. 12 RT 03/RW 05",
    ),
    Column(
        "kelurahan",
        "Kelurahan/Desa",
        text_reader(80),
        False,
        ("kelurahan", "desa"),
        example="Sokanegara",
    ),
    Column("kecamatan", "Kecamatan", text_reader(80), example="Purwokerto Timur"),
    Column(
        "kabupaten_kota",
        "Kabupaten/Kota",
        text_reader(80),
        False,
        ("kabupaten", "kota", "kab kota", "kab"),
        example="Banyumas",
    ),
    Column(
        "phone",
        "Telepon",
        phone_reader(),
        False,
        ("no hp", "no telp", "nomor hp", "telepon hp"),
        _l("Format sel sebagai Teks agar angka 0 di depan tidak hilang."),
        example="081234567890",
        text_format=True,
    ),
    Column(
        "education",
        "Pendidikan",
        choice_reader(vocab.EDUCATION),
        False,
        ("pendidikan terakhir", "education"),
        allowed=allowed_values(vocab.EDUCATION),
        example="SMA",
    ),
    Column(
        "marital_status",
        "Status Perkawinan",
        choice_reader(vocab.MARITAL),
        False,
        ("status kawin", "perkawinan", "marital status"),
        allowed=allowed_values(vocab.MARITAL),
        example="Kawin",
    ),
    Column(
        "dependants",
        "Jumlah Tanggungan",
        read_int,
        False,
        ("tanggungan", "dependants"),
        _l("Bilangan bulat, 0 bila tidak ada."),
        example=2,
    ),
    Column(
        "work_before",
        "Pekerjaan Sebelumnya",
        text_reader(120),
        False,
        ("pekerjaan", "pekerjaan sebelum dipidana", "work before"),
        example="Buruh tani",
    ),
    Column(
        "offence",
        "Tindak Pidana",
        choice_reader(vocab.OFFENCES),
        True,
        (
            "kategori tindak pidana",
            "perkara",
            "kasus",
            "jenis kejahatan",
            "offence",
            "tindak pidana kategori",
        ),
        allowed=allowed_values(vocab.OFFENCES),
        example="Pencurian",
    ),
    Column(
        "court_decision_number",
        "Nomor Putusan",
        text_reader(80),
        False,
        ("no putusan", "putusan"),
        example="123/Pid.B/2023/PN Pwt",
    ),
    Column(
        "court_decision_date",
        "Tanggal Putusan",
        read_date,
        False,
        ("tgl putusan",),
        DATE_HELP,
        example="14/03/2023",
    ),
    Column(
        "sentence_months",
        "Lama Pidana (Bulan)",
        read_int,
        False,
        ("lama pidana", "pidana bulan", "masa pidana", "sentence months"),
        _l("Lama pidana dalam bulan (bilangan bulat)."),
        example=24,
    ),
    Column(
        "origin_institution",
        "Asal Lapas/Rutan",
        text_reader(120),
        False,
        ("asal lapas", "asal rutan", "asal upt", "lapas", "rutan", "lapas rutan"),
        example="Lapas Purwokerto",
    ),
    Column(
        "program",
        "Program",
        choice_reader(vocab.PROGRAMS),
        True,
        ("jenis program", "dasar pembimbingan", "program pembinaan"),
        allowed=allowed_values(vocab.PROGRAMS),
        example="PB",
    ),
    Column(
        "guidance_start",
        "Mulai Bimbingan",
        read_date,
        True,
        ("tanggal mulai bimbingan", "awal bimbingan", "tmt bimbingan", "mulai"),
        DATE_HELP,
        example="06/01/2025",
    ),
    Column(
        "guidance_end",
        "Akhir Bimbingan",
        read_date,
        True,
        ("tanggal akhir bimbingan", "berakhir bimbingan", "selesai bimbingan", "akhir"),
        DATE_HELP,
        example="06/01/2026",
    ),
    Column(
        "pk_id",
        "PK",
        text_reader(120),
        False,
        ("pk pembimbing", "nama pk", "pembimbing kemasyarakatan", "pembimbing"),
        _l("Nama lengkap atau nama pengguna PK kantor ini; boleh kosong."),
        example="",
    ),
    Column(
        "category_override",
        "Kategori",
        choice_reader(vocab.CATEGORIES),
        False,
        ("kategori klien", "category"),
        _l("Kosongkan agar dihitung dari umur pada mulai bimbingan."),
        allowed_values(vocab.CATEGORIES),
        example="",
    ),
    Column(
        "category_reason",
        "Alasan Kategori",
        text_reader(300),
        False,
        ("alasan kategori berbeda",),
        _l("Wajib bila Kategori berbeda dari yang dihitung dari umur."),
        example="",
    ),
)


class ClientImporter(Importer):
    kind = "klien"
    title = _l("Klien")
    columns = COLUMNS
    creates_clients = True

    def prepare(self) -> None:
        self.lookups = operations.Lookups.load()
        self.by_nik: dict[str, list[int]] = defaultdict(list)
        for nik, client_id in db.session.execute(select(Client.nik, Client.id)):
            self.by_nik[nik].append(client_id)
        self.pk_names = PkNames(self.lookups.pks.values())
        self.seen: dict[str, int] = {}
        self.clients: dict[int, Client] | None = None

    def _existing(self, values: dict[str, Any]) -> Client | None:
        number, nik = values["register_number"], values["nik"]
        if number:
            client_id = self.lookups.register_ids.get(number) or None
        elif nik and len(self.by_nik.get(nik, ())) > 1:
            raise RowProblem(
                "NIK",
                _l(
                    "Nomor register kosong dan NIK ini dimiliki beberapa klien; isi nomor register."
                ),
            )
        else:
            client_id = (self.by_nik.get(nik) or [None])[0]
        if client_id is None:
            return None
        if self.clients is None:  # a re-import: load the office's files once, not per row
            self.clients = {c.id: c for c in db.session.scalars(select(Client))}
        return self.clients[client_id]

    def check(self, row: int, values: dict[str, Any]) -> tuple[str, Any]:
        problems: list[RowProblem] = []
        pk_id = self.pk_names.find_noting(values["pk_id"], problems)
        data = {**values, "pk_id": pk_id}
        client = self._existing(data)
        key = client.register_number if client is not None else data["register_number"]
        if key and key in self.seen:
            problems.append(
                RowProblem(
                    "Nomor Register",
                    _l(
                        "Klien %(key)s sudah ada di baris %(row)d berkas ini.",
                        key=key,
                        row=self.seen[key],
                    ),
                )
            )
            raise RowProblems(problems)
        if client is not None:
            data["register_number"] = client.register_number
        try:
            if client is None:
                result = "added", operations.check_new_client(data, self.lookups)
            elif operations.pending_changes(client, data, self.lookups):
                result = "updated", (client, data)
            else:
                result = "unchanged", None
        except OperationError as exc:
            raise RowProblems(problems + self.problems_of(exc)) from exc
        finally:
            if key:
                self.seen[key] = row
        if problems:
            raise RowProblems(problems)
        return result

    def write(self, checked: list[tuple[str, Any]]) -> None:
        operations.insert_clients(
            [p for action, p in checked if action == "added"], actor=self.actor
        )
        for action, payload in checked:
            if action == "updated":
                client, data = payload
                operations.update_client(client, client.version_id, lookups=self.lookups, **data)
