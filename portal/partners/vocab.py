"""The maintained lists of the partner network (codes stored, labels shown)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.i18n import text

PARTNER_KINDS = {
    "kelompok_masyarakat": _l("Kelompok masyarakat"),
    "komunitas_keagamaan": _l("Komunitas keagamaan"),
    "badan_usaha": _l("Badan usaha"),
    "lsm_lbh": _l("LSM / LBH"),
    "lpk": _l("LPK (lembaga pelatihan kerja)"),
    "instansi_pemerintah": _l("Instansi pemerintah"),
}

SERVICES = {
    "pelatihan": _l("Pelatihan"),
    "penyaluran_kerja": _l("Penyaluran kerja"),
    "magang": _l("Magang"),
    "dukungan_psikososial": _l("Dukungan moral / psikososial"),
    "rumah_singgah": _l("Rumah singgah"),
    "pemasaran_produk": _l("Pemasaran produk"),
    "bantuan_hukum": _l("Bantuan hukum"),
}

AKTIF, NONAKTIF = "aktif", "nonaktif"
PARTNER_STATUSES = {AKTIF: _l("Aktif"), NONAKTIF: _l("Tidak aktif")}

# Job placements (penyaluran kerja) and internships (magang) through partners.
PLACEMENT_KINDS = {"kerja": _l("Penyaluran kerja"), "magang": _l("Magang")}
PLACEMENT_OUTCOMES = {
    "berlangsung": _l("Masih berlangsung"),
    "selesai": _l("Selesai sesuai rencana"),
    "dipekerjakan": _l("Dipekerjakan tetap"),
    "berhenti": _l("Berhenti sebelum selesai"),
}

# An agreement ending within this many days is flagged so it can be renewed in time.
EXPIRY_WARNING_DAYS = 60


def label(vocabulary: dict, code: str | None) -> str:
    if not code:
        return "—"
    return text(vocabulary.get(code, code))


def labels(vocabulary: dict, codes) -> str:
    return ", ".join(label(vocabulary, c) for c in (codes or ())) or "—"
