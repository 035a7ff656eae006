"""Lists and fixed periods of the training records (codes stored, labels shown)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.i18n import text

AULA_KANTOR, LOKASI_MITRA, GRIYA = "aula_kantor", "lokasi_mitra", "griya_abhipraya"
VENUE_KINDS = {
    AULA_KANTOR: _l("Aula kantor"),
    LOKASI_MITRA: _l("Lokasi mitra"),
    GRIYA: _l("Griya Abhipraya"),
}

BEKERJA, WIRAUSAHA, TIDAK_BEKERJA = "bekerja", "wirausaha", "tidak_bekerja"
WORK_STATUSES = {
    BEKERJA: _l("Bekerja"),
    WIRAUSAHA: _l("Wirausaha"),
    TIDAK_BEKERJA: _l("Tidak bekerja"),
}
# "Working at follow-up" in every figure: employed or self-employed.
WORKING = (BEKERJA, WIRAUSAHA)

SECTORS = {
    "kuliner": _l("Kuliner / rumah makan"),
    "pertanian": _l("Pertanian / perkebunan"),
    "perikanan": _l("Perikanan"),
    "jasa": _l("Jasa (salon, pangkas, pijat)"),
    "perdagangan": _l("Perdagangan / toko"),
    "industri": _l("Industri / pabrik"),
    "konstruksi": _l("Konstruksi / bangunan"),
    "transportasi": _l("Transportasi / ojek"),
    "lainnya": _l("Lainnya"),
}

INCOME_BANDS = {
    "lt1": _l("Kurang dari Rp1 juta per bulan"),
    "1to2": _l("Rp1–2 juta per bulan"),
    "2to35": _l("Rp2–3,5 juta per bulan"),
    "gt35": _l("Lebih dari Rp3,5 juta per bulan"),
}

# Follow-up windows, in days after the session's last day (documented on the pages):
# the 3-month follow-up is due from day 80 to day 120, the 6-month from day 170 to
# day 210. Before the window it is "not yet due", after it "late" until recorded.
FOLLOW_UP_WINDOWS = {3: (80, 120), 6: (170, 210)}
STAGES = tuple(FOLLOW_UP_WINDOWS)
# Late follow-ups stop being chased (worklist) this many days after the session.
FOLLOW_UP_CHASE_DAYS = 365


def label(vocabulary: dict, code: str | None) -> str:
    if not code:
        return "—"
    return text(vocabulary.get(code, code))
