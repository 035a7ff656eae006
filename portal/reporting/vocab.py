"""Reporting frequencies and modes: codes are stored, labels are shown."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.i18n import text


@dataclass(frozen=True)
class Frequency:
    """A reporting rhythm: every `weeks` weeks or every `months` calendar months."""

    label: object
    weeks: int = 0
    months: int = 0

    @property
    def approx_days(self) -> int:
        return self.weeks * 7 or self.months * 30


MINGGUAN, DUA_MINGGUAN, BULANAN, DUA_BULANAN = "mingguan", "dua_mingguan", "bulanan", "dua_bulanan"
FREQUENCIES = {
    MINGGUAN: Frequency(_l("Mingguan"), weeks=1),
    DUA_MINGGUAN: Frequency(_l("Dua minggu sekali"), weeks=2),
    BULANAN: Frequency(_l("Bulanan"), months=1),
    DUA_BULANAN: Frequency(_l("Dua bulan sekali"), months=2),
}
DEFAULT_FREQUENCY = BULANAN

KANTOR, KUNJUNGAN_RUMAH, VIDEO, KELILING = "kantor", "kunjungan_rumah", "video", "keliling"
MODES = {
    KANTOR: _l("Di kantor"),
    KUNJUNGAN_RUMAH: _l("Kunjungan rumah"),
    VIDEO: _l("Panggilan video"),
    KELILING: _l("Konseling keliling"),
}

# Statuses of a due date, computed (never stored) from its report, violation and window.
TERJADWAL, JATUH_TEMPO, HADIR, TERLAMBAT, PELANGGARAN, DIBATALKAN = (
    "terjadwal",
    "jatuh_tempo",
    "hadir",
    "terlambat",
    "pelanggaran",
    "dibatalkan",
)
HADIR_TERLAMBAT = "hadir_terlambat"  # met by a report after the window (operations)
DUE_STATUSES = {
    TERJADWAL: _l("Terjadwal"),
    JATUH_TEMPO: _l("Jatuh tempo"),
    HADIR: _l("Hadir"),
    HADIR_TERLAMBAT: _l("Hadir terlambat"),
    TERLAMBAT: _l("Terlambat / tidak lapor"),
    PELANGGARAN: _l("Pelanggaran"),
    DIBATALKAN: _l("Dibatalkan"),
}


def label(vocabulary: dict, code: str | None) -> str:
    if not code:
        return "—"
    entry = vocabulary.get(code, code)
    return text(getattr(entry, "label", entry))
