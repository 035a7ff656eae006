"""The maintained lists a case file is recorded against.

Codes are stored; labels are shown. Adding an entry here is how an office's list grows:
the codes are never renamed, so existing case files keep their meaning.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.i18n import text

SEXES = {"L": _l("Laki-laki"), "P": _l("Perempuan")}

DEWASA, ANAK = "dewasa", "anak"
CATEGORIES = {DEWASA: _l("Dewasa"), ANAK: _l("Anak")}
ADULT_AGE = 18

OFFENCES = {
    "narkotika": _l("Narkotika"),
    "pencurian": _l("Pencurian"),
    "penipuan": _l("Penipuan"),
    "penggelapan": _l("Penggelapan"),
    "penganiayaan": _l("Penganiayaan"),
    "pembunuhan": _l("Pembunuhan"),
    "perampokan": _l("Perampokan"),
    "kesusilaan": _l("Kesusilaan"),
    "perlindungan_anak": _l("Perlindungan anak"),
    "kdrt": _l("Kekerasan dalam rumah tangga"),
    "korupsi": _l("Korupsi"),
    "perjudian": _l("Perjudian"),
    "lalu_lintas": _l("Lalu lintas"),
    "ite": _l("Informasi dan transaksi elektronik (ITE)"),
    "senjata_tajam": _l("Senjata tajam"),
    "lainnya": _l("Lainnya"),
}

PROGRAMS = {
    "pb": _l("Pembebasan Bersyarat (PB)"),
    "cb": _l("Cuti Bersyarat (CB)"),
    "cmb": _l("Cuti Menjelang Bebas (CMB)"),
    "asimilasi": _l("Asimilasi"),
    "pidana_bersyarat": _l("Pidana bersyarat"),
    "pidana_pengawasan": _l("Pidana pengawasan"),
    "diversi": _l("Diversi"),
}

AKTIF, SELESAI, DICABUT, PINDAH, MENINGGAL = "aktif", "selesai", "dicabut", "pindah", "meninggal"
STATUSES = {
    AKTIF: _l("Aktif"),
    SELESAI: _l("Selesai"),
    DICABUT: _l("Dicabut"),
    PINDAH: _l("Pindah"),
    MENINGGAL: _l("Meninggal"),
}
# Which status may follow which. Returning to "aktif" corrects a mistaken entry;
# the history keeps both changes and their reasons.
TRANSITIONS = {
    AKTIF: (SELESAI, DICABUT, PINDAH, MENINGGAL),
    SELESAI: (AKTIF,),
    DICABUT: (AKTIF,),
    PINDAH: (AKTIF,),
    MENINGGAL: (),
}

EDUCATION = {
    "tidak_sekolah": _l("Tidak sekolah"),
    "sd": _l("SD / sederajat"),
    "smp": _l("SMP / sederajat"),
    "sma": _l("SMA / SMK / sederajat"),
    "diploma": _l("Diploma"),
    "sarjana": _l("Sarjana atau lebih"),
}

MARITAL = {
    "belum_kawin": _l("Belum kawin"),
    "kawin": _l("Kawin"),
    "cerai_hidup": _l("Cerai hidup"),
    "cerai_mati": _l("Cerai mati"),
}


def label(vocabulary: dict, code: str | None) -> str:
    if not code:
        return "—"
    return text(vocabulary.get(code, code))
