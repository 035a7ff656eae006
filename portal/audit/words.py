"""The audit log in words: codes are stored, the reader's language is chosen when shown.

An event keeps its action and kind of data as codes and its parameters in `detail`
(JSON). Everything a person reads is made here at display time, so the same event
reads in Indonesian or English, and events written before this module (no
parameters beyond their summary) still read as "who did what to which record".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.audit.models import AuditEvent
from portal.clients import vocab as client_vocab
from portal.i18n import text
from portal.outcomes import vocab as outcome_vocab
from portal.reporting import vocab as reporting_vocab

SYSTEM = "sistem"  # actor_name of events no signed-in person caused

ACTIONS = {
    "view": _l("Membuka"),
    "create": _l("Membuat"),
    "update": _l("Mengubah"),
    "status": _l("Mengubah status"),
    "finalise": _l("Memfinalkan"),
    "cancel": _l("Membatalkan"),
    "remove": _l("Menghapus"),
    "revoke": _l("Mencabut"),
    "activate": _l("Mengaktifkan"),
    "deactivate": _l("Menonaktifkan"),
    "enrol": _l("Mendaftarkan"),
    "enrolment_link": _l("Membuat tautan aktivasi"),
    "reset_password": _l("Mengatur ulang kata sandi"),
    "change_password": _l("Mengganti kata sandi"),
    "report": _l("Mencatat wajib lapor"),
    "report_update": _l("Mengubah laporan wajib lapor"),
    "reporting_frequency": _l("Mengubah frekuensi wajib lapor"),
    "violation": _l("Mencatat pelanggaran wajib lapor"),
    "employment": _l("Mencatat status pekerjaan"),
    "reoffence": _l("Mencatat pelanggaran atau tindak pidana"),
    "transfer_out": _l("Memindahkan klien ke kantor lain"),
    "transfer_in": _l("Menerima klien pindahan"),
    "import_preview": _l("Memeriksa berkas impor"),
    "import": _l("Mengimpor"),
    "import_failed": _l("Impor gagal"),
    "import_cancel": _l("Membatalkan impor"),
    "export": _l("Mengekspor"),
    "login": _l("Masuk"),
    "logout": _l("Keluar"),
    "login_failed": _l("Gagal masuk"),
    "lockout": _l("Akun dikunci sementara"),
    "print": _l("Mencetak"),
    "link": _l("Menautkan ke berkas klien"),
    "appoint": _l("Menunjuk PK"),
    "reassign": _l("Mengganti PK"),
    "sign": _l("Menandatangani"),
    "acknowledge": _l("Mengetahui (Kepala Bapas)"),
    "deliver": _l("Mengirim kepada peminta"),
    "recommend": _l("Mencatat rekomendasi TPP"),
    "withdraw": _l("Membatalkan permintaan"),
}

KINDS = {
    "client": _l("Berkas klien"),
    "litmas": _l("Litmas"),
    "guidance_session": _l("Sesi bimbingan"),
    "mobile_counseling_day": _l("Konseling keliling"),
    "wajib-lapor": _l("Wajib lapor"),
    "training": _l("Pelatihan"),
    "training_session": _l("Sesi pelatihan"),
    "training_participant": _l("Peserta pelatihan"),
    "training_participants": _l("Daftar peserta pelatihan"),
    "training_follow_up": _l("Tindak lanjut pelatihan"),
    "partner": _l("Mitra"),
    "agreement": _l("Perjanjian kerja sama"),
    "venue": _l("Griya Abhipraya"),
    "placement": _l("Penempatan"),
    "user": _l("Akun pengguna"),
    "api_token": _l("Token API"),
    "indicators": _l("Indikator"),
    "audit_log": _l("Log audit"),
    "data_subject": _l("Rekam data subjek"),
    "litmas_request": _l("Permintaan Litmas"),
    "litmas_request_report": _l("Laporan Litmas atas permintaan"),
    "tpp_session": _l("Sidang TPP"),
    "whatworks": _l("Apa yang berhasil"),
}


# Imports and exports name their kind of data in Indonesian (the file's name): the
# same kinds as the records'.
ALIASES = {
    "klien": "client",
    "pelatihan": "training",
    "tindak-lanjut": "training_follow_up",
    "mitra": "partner",
    "pengguna": "user",
    "audit": "audit_log",
}


def kind_codes(code: str) -> list[str]:
    """The stored codes of one kind of data (its own and its aliases), for a filter."""
    return [code, *sorted(a for a, to in ALIASES.items() if to == code)]


def _humanise(code: str) -> str:
    """A code no table knows yet (a module added later): readable, never blank."""
    return code.replace("_", " ").replace("-", " ").capitalize()


def action_words(code: str) -> str:
    return text(ACTIONS[code]) if code in ACTIONS else _humanise(code)


def kind_words(code: str) -> str:
    code = ALIASES.get(code, code)
    return text(KINDS[code]) if code in KINDS else _humanise(code)


def actor_words(name: str) -> str:
    return text(_l("Sistem")) if name == SYSTEM else name


def _code(vocabulary: dict, value: Any) -> str:
    """A stored code in words, through the list the pages use; a label object of a
    richer list (frequencies) gives its own label."""
    found = vocabulary.get(value, value)
    return text(getattr(found, "label", found)) if found is not None else "—"


def _change(vocabulary: dict) -> Callable[[dict], str]:
    return lambda d: f"{_code(vocabulary, d.get('from'))} → {_code(vocabulary, d.get('to'))}"


def _rows(d: dict) -> str:
    rows = d.get("rows")
    if rows is None:
        return ""
    fmt = d.get("format")
    words = text(_l("%(n)s baris", n=rows))
    return f"{words} (.{fmt})" if fmt else words


def _import(d: dict) -> str:
    parts = [str(d.get("file") or "")]
    counts = {k: d[k] for k in ("added", "updated", "unchanged") if isinstance(d.get(k), int)}
    if counts:
        parts.append(
            text(
                _l(
                    "%(added)s baru, %(updated)s diperbarui, %(unchanged)s tetap",
                    added=counts.get("added", 0),
                    updated=counts.get("updated", 0),
                    unchanged=counts.get("unchanged", 0),
                )
            )
        )
    return " · ".join(p for p in parts if p)


def _fields(d: dict) -> str:
    from portal.audit.columns import column_words

    fields = d.get("fields") or d.get("changed")
    if not isinstance(fields, list | tuple) or not fields:
        return ""
    return text(_l("Diubah: %(fields)s", fields=", ".join(column_words(f) for f in fields)))


def _username(d: dict) -> str:
    name = d.get("username")
    return text(_l("nama pengguna «%(name)s»", name=name)) if name else ""


# Per action: the event's parameters in words (empty when it has none to tell).
DESCRIBE: dict[str, Callable[[dict], str]] = {
    "status": _change(client_vocab.STATUSES),
    "reporting_frequency": _change(reporting_vocab.FREQUENCIES),
    "reoffence": lambda d: _code(outcome_vocab.REOFFENCE_KINDS, d.get("kind")),
    "employment": lambda d: _code(outcome_vocab.EMPLOYMENT, d.get("status")),
    "transfer_out": lambda d: text(_l("ke %(office)s", office=d.get("to_office", "—"))),
    "export": _rows,
    "import": _import,
    "import_preview": _import,
    "import_failed": lambda d: str(d.get("file") or ""),
    "import_cancel": lambda d: str(d.get("file") or ""),
    "update": _fields,
    "report_update": _fields,
    "login_failed": _username,
    "lockout": lambda d: " · ".join(
        p
        for p in (
            _username(d),
            text(_l("%(n)s menit", n=d["minutes"])) if d.get("minutes") else "",
        )
        if p
    ),
}


def describe(event: AuditEvent) -> str:
    """The event's parameters in the reader's language.

    The action, the kind of data and the record (named and linked beside it) already
    say what happened; this adds what the parameters tell (from which status to which,
    how many rows...). The stored summary, Indonesian text written when the event was,
    is shown only for an action this module does not know yet, and only to an
    Indonesian reader: an English page never shows Indonesian sentences.
    """
    detail = event.detail if isinstance(event.detail, dict) else {}
    if event.action in DESCRIBE:
        try:
            return DESCRIBE[event.action](detail)
        except (KeyError, TypeError, ValueError, AttributeError):  # an old row's other shape
            return ""
    if event.action not in ACTIONS and str(get_locale() or "id").startswith("id"):
        return event.summary or ""
    return ""
