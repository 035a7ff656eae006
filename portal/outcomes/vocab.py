"""Maintained lists for outcomes. Codes are stored and never renamed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

BEKERJA, WIRAUSAHA, TIDAK_BEKERJA = "bekerja", "wirausaha", "tidak_bekerja"
EMPLOYMENT = {
    BEKERJA: _l("Bekerja"),
    WIRAUSAHA: _l("Wirausaha"),
    TIDAK_BEKERJA: _l("Tidak bekerja"),
}
SECTORS = {
    "pertanian": _l("Pertanian"),
    "perikanan": _l("Perikanan"),
    "peternakan": _l("Peternakan"),
    "perdagangan": _l("Perdagangan"),
    "kuliner": _l("Kuliner / warung makan"),
    "jasa": _l("Jasa (salon, pangkas, bengkel, laundry)"),
    "konstruksi": _l("Konstruksi / bangunan"),
    "industri": _l("Industri / pabrik"),
    "transportasi": _l("Transportasi / ojek"),
    "pariwisata": _l("Pariwisata"),
    "lainnya": _l("Lainnya"),
}
# Monthly income, in the bands a PK can ask about without needing pay slips.
INCOME_BANDS = {
    "lt1": _l("Kurang dari Rp1 juta"),
    "1-2.5": _l("Rp1 juta – Rp2,5 juta"),
    "2.5-5": _l("Rp2,5 juta – Rp5 juta"),
    "gt5": _l("Lebih dari Rp5 juta"),
}

TINDAK_PIDANA_BARU, PENCABUTAN, PELANGGARAN_TEKNIS = (
    "tindak_pidana_baru",
    "pencabutan",
    "pelanggaran_teknis",
)
REOFFENCE_KINDS = {
    TINDAK_PIDANA_BARU: _l("Tindak pidana baru"),
    PENCABUTAN: _l("Pencabutan program"),
    PELANGGARAN_TEKNIS: _l("Pelanggaran teknis (syarat bimbingan)"),
}
SOURCES = {
    "kepolisian": _l("Kepolisian"),
    "laporan_pk": _l("Laporan PK"),
    "putusan_pengadilan": _l("Putusan pengadilan"),
    "kejaksaan": _l("Kejaksaan"),
    "lapas_rutan": _l("Lapas / Rutan"),
    "masyarakat": _l("Laporan masyarakat / keluarga"),
}

OUT, IN = "keluar", "masuk"
