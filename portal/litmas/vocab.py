"""Why a Litmas was written, and its two states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PURPOSES = {
    "pembebasan_bersyarat": _l("Pembebasan bersyarat"),
    "cuti_bersyarat": _l("Cuti bersyarat"),
    "cuti_menjelang_bebas": _l("Cuti menjelang bebas"),
    "asimilasi": _l("Asimilasi"),
    "diversi": _l("Diversi"),
    "sidang_anak": _l("Sidang peradilan anak"),
    "pembimbingan_awal": _l("Pembimbingan awal"),
    "pembimbingan_lanjutan": _l("Evaluasi pembimbingan lanjutan"),
    "pengakhiran": _l("Pengakhiran bimbingan"),
    "lainnya": _l("Lainnya"),
}

DRAFT, FINAL = "draft", "final"
STATUSES = {DRAFT: _l("Draf"), FINAL: _l("Final")}
