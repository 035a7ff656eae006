"""Kinds, subtypes, formats, stages and attendance of guidance sessions (Permenkumham 35/2018)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KEPRIBADIAN, KEMANDIRIAN = "kepribadian", "kemandirian"
KINDS = {KEPRIBADIAN: _l("Bimbingan kepribadian"), KEMANDIRIAN: _l("Bimbingan kemandirian")}
SUBTYPES = {
    KEPRIBADIAN: {
        "keagamaan": _l("Kesadaran beragama"),
        "berbangsa": _l("Kesadaran berbangsa dan bernegara"),
        "hukum": _l("Kesadaran hukum"),
        "intelektual": _l("Kemampuan intelektual"),
        "sikap_perilaku": _l("Sikap dan perilaku"),
        "konseling": _l("Konseling"),
    },
    KEMANDIRIAN: {
        "pelatihan_vokasi": _l("Pelatihan vokasi"),
        "kerja_produksi": _l("Kerja / produksi"),
        "bimbingan_karier": _l("Bimbingan karier"),
        "magang": _l("Magang"),
        "rintisan_usaha": _l("Rintisan usaha"),
    },
}
ALL_SUBTYPES = {code: label for group in SUBTYPES.values() for code, label in group.items()}

INDIVIDUAL, GROUP = "individu", "kelompok"
FORMATS = {INDIVIDUAL: _l("Individu"), GROUP: _l("Kelompok")}
STAGES = {"awal": _l("Tahap awal"), "lanjutan": _l("Tahap lanjutan"), "akhir": _l("Tahap akhir")}

HADIR, TERLAMBAT, TIDAK_HADIR = "hadir", "terlambat", "tidak_hadir"
ATTENDANCE = {HADIR: _l("Hadir"), TERLAMBAT: _l("Terlambat"), TIDAK_HADIR: _l("Tidak hadir")}
