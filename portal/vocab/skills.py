"""The skill fields (bidang keterampilan) of independence guidance.

One list for every module that speaks of skills: a Litmas records which fields a
client wants, a training is given in one field, and indicators compare trainings
by field. Keeping it here means an interest in "kuliner" and a "kuliner" training
are the same code, so an office can match needs to trainings. Codes are stored
and never renamed; add new fields at the end.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SKILLS = {
    "kuliner": _l("Kuliner / tata boga"),
    "pertanian": _l("Pertanian"),
    "perikanan": _l("Perikanan"),
    "peternakan": _l("Peternakan"),
    "barista": _l("Barista"),
    "tata_rias": _l("Tata rias"),
    "pijat_refleksi": _l("Pijat refleksi"),
    "pangkas_rambut": _l("Pangkas rambut"),
    "menjahit": _l("Menjahit"),
    "pertukangan": _l("Pertukangan (kayu dan bangunan)"),
    "digital": _l("Keterampilan digital"),
    "otomotif": _l("Otomotif / perbengkelan"),
    "las": _l("Pengelasan (las)"),
    "kerajinan": _l("Kerajinan tangan"),
    "cuci_kendaraan": _l("Cuci kendaraan"),
    "pembibitan": _l("Pembibitan tanaman"),
    "wirausaha": _l("Kewirausahaan dan pemasaran"),
    "lainnya": _l("Lainnya"),
}


def skill_label(code: str | None) -> str:
    if not code:
        return "—"
    return str(SKILLS.get(code, code))
