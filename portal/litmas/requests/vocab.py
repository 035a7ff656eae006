"""Codes of Litmas requests, each with its Indonesian label (English in the catalogue).

The purposes are the maintained list: a code, its label, whether it concerns only
children, and the deadline rule the law sets for it (see `deadlines.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Who sent the request.
REQUESTER_KINDS = {
    "penyidik": _l("Penyidik (Kepolisian)"),
    "lpas": _l("LPAS"),
    "lpka": _l("LPKA"),
    "lapas": _l("Lapas"),
    "rutan": _l("Rutan"),
    "jaksa": _l("Kejaksaan (penuntut umum)"),
    "pengadilan": _l("Pengadilan"),
}

# When the clock of a deadline starts.
FROM_RECEIPT, FROM_APPOINTMENT = "receipt", "appointment"


@dataclass(frozen=True)
class Rule:
    """The legal limit of a purpose: `hours` counted from receipt or from appointment."""

    start: str
    hours: int
    basis: str  # the legal source, shown beside the deadline


CHILD_72H = Rule(
    FROM_RECEIPT,
    72,
    _l("PP 65/2015 dan UU 11/2012 Pasal 28: paling lama 3x24 jam sejak permintaan diterima"),
)
SEVEN_DAYS = Rule(
    FROM_APPOINTMENT,
    7 * 24,
    _l("Standar layanan Litmas: paling lama 7 hari sejak PK ditunjuk"),
)


@dataclass(frozen=True)
class Purpose:
    label: object
    rule: Rule
    child_only: bool = False


# Child cases of the juvenile justice system (SPPA) run on its short detention periods:
# diversion (PP 65/2015) and the investigator's request (UU 11/2012 art. 28) both set
# 3x24 hours from receipt; a Litmas for a child's prosecution or trial is held to the same
# limit, since the SPPA's detention of a child at those stages is as short. Integration
# programmes (asimilasi, PB, CB, CMB, CMK) and transfers: 7 days from the PK's appointment
# (the regional offices' service standard); CB is a reintegration leave like CMB. An
# adult's trial and anything else: the same 7 days, the longest limit any purpose has, so
# no request is without one.
PURPOSES = {
    "diversi": Purpose(_l("Diversi anak"), CHILD_72H, child_only=True),
    "penyidikan_anak": Purpose(_l("Penyidikan anak"), CHILD_72H, child_only=True),
    "sidang_anak": Purpose(_l("Penuntutan dan sidang anak"), CHILD_72H, child_only=True),
    "asimilasi": Purpose(_l("Asimilasi"), SEVEN_DAYS),
    "pembebasan_bersyarat": Purpose(_l("Pembebasan bersyarat (PB)"), SEVEN_DAYS),
    "cuti_bersyarat": Purpose(_l("Cuti bersyarat (CB)"), SEVEN_DAYS),
    "cuti_menjelang_bebas": Purpose(_l("Cuti menjelang bebas (CMB)"), SEVEN_DAYS),
    "cuti_mengunjungi_keluarga": Purpose(_l("Cuti mengunjungi keluarga (CMK)"), SEVEN_DAYS),
    "pemindahan": Purpose(_l("Pemindahan narapidana atau anak binaan"), SEVEN_DAYS),
    "sidang_dewasa": Purpose(_l("Persidangan terdakwa dewasa"), SEVEN_DAYS),
    "lainnya": Purpose(_l("Lainnya"), SEVEN_DAYS),
}
PURPOSE_LABELS = {code: p.label for code, p in PURPOSES.items()}
DIVERSI = "diversi"

# What came with the letter (ticked on intake; the papers themselves stay in the file).
ATTACHMENTS = {
    "surat_permintaan": _l("Surat permintaan"),
    "laporan_polisi": _l("Laporan polisi"),
    "berita_acara": _l("Berita acara pemeriksaan"),
    "surat_penahanan": _l("Surat perintah penahanan"),
    "putusan": _l("Salinan putusan pengadilan"),
    "kartu_keluarga": _l("Kartu keluarga"),
    "akta_kelahiran": _l("Akta kelahiran"),
    "ktp": _l("KTP"),
    "surat_jaminan": _l("Surat jaminan keluarga"),
    "register_f": _l("Register F (catatan pelanggaran)"),
}

# Where the request stands; OPEN statuses are on the worklists.
BARU, DIKERJAKAN, DITANDATANGANI, SELESAI, TERKIRIM, DIBATALKAN = (
    "baru",
    "dikerjakan",
    "ditandatangani",
    "selesai",
    "terkirim",
    "dibatalkan",
)
STATUSES = {
    BARU: _l("Menunggu penunjukan PK"),
    DIKERJAKAN: _l("Dikerjakan PK"),
    DITANDATANGANI: _l("Ditandatangani PK"),
    SELESAI: _l("Selesai, belum dikirim"),
    TERKIRIM: _l("Terkirim"),
    DIBATALKAN: _l("Dibatalkan"),
}
OPEN = (BARU, DIKERJAKAN, DITANDATANGANI, SELESAI)
CLOSED = (TERKIRIM, DIBATALKAN)

DELIVERY_MEANS = {
    "langsung": _l("Diserahkan langsung"),
    "pos": _l("Pos atau kurir"),
    "surel": _l("Surel"),
    "aplikasi": _l("Aplikasi (SDP)"),
}

# The report's sections, in the order offices write them.
REPORT_SECTIONS = {
    "identity": _l("Identitas"),
    "background": _l("Latar belakang"),
    "family_social": _l("Keadaan keluarga dan lingkungan sosial"),
    "offence": _l("Tindak pidana"),
    "needs": _l("Kebutuhan dan minat"),
    "community_view": _l("Pandangan masyarakat dan korban"),
    "analysis": _l("Analisis"),
    "recommendation": _l("Rekomendasi"),
}
# A report cannot be signed without these (the community's view applies only sometimes).
REPORT_REQUIRED = (
    "identity",
    "background",
    "family_social",
    "offence",
    "needs",
    "analysis",
    "recommendation",
)
