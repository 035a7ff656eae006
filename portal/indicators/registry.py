"""The indicator registry: what every figure counts, over whom, in which period.

One entry per indicator. The comparison pages, the office pages, the Excel/CSV
exports, the JSON API and the definitions page all read these entries, so a
definition cannot say one thing on a page and another in an export.

Each indicator is formed from *measures* (see `portal/indicators/measures/`):
a count is one measure; a rate or ratio is numerator / denominator. Regions and
the nation add numerators and denominators of their offices, never average rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import get_locale

COUNT, RATE, RATIO, RUPIAH = "count", "rate", "ratio", "rupiah"
GROUPS = {
    "bimbingan": ("Bimbingan dan wajib lapor", "Guidance and mandatory reporting"),
    "pelatihan": ("Pelatihan kemandirian", "Independence training"),
    "mitra": ("Mitra Pokmas Lipas", "Pokmas Lipas partners"),
    "residivisme": ("Pengulangan tindak pidana", "Re-offending"),
    "litmas": ("Permintaan Litmas", "Litmas requests"),
    "berhasil": (
        "Apa yang berhasil: rantai hasil pelatihan",
        "What works: training outcome chains",
    ),
}


@dataclass(frozen=True)
class Text:
    id: str
    en: str

    def __str__(self) -> str:
        locale = get_locale()
        return self.en if locale is not None and locale.language == "en" else self.id


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    kind: str
    name: Text
    definition: Text
    numerator: str  # measure key
    numerator_label: Text
    period_rule: Text
    includes: Text
    excludes: Text
    denominator: str | None = None
    denominator_label: Text | None = None
    # Whether numerator and denominator count people (suppressed when small) or
    # staff, organisations or money (never suppressed).
    numerator_is_people: bool = True
    denominator_is_people: bool = True
    # Reported only when every member's follow-up window has closed (see measures).
    window_measure: str | None = None
    # Another indicator shown beside this one (e.g. follow-up coverage beside outcomes).
    companion: str | None = None
    # Members the rate leaves out on purpose (follow-ups not due yet, participations of
    # sessions without a recorded budget): counted and said beside the figure, so that
    # a reader sees what the denominator does not cover.
    not_counted: str | None = None
    not_counted_label: Text | None = None
    # What the figure reads when its denominator is empty only because every member was
    # left out (e.g. "belum tercatat" for a cost with no budget recorded).
    nothing_counted: Text | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_rate(self) -> bool:
        return self.kind in (RATE, RATIO, RUPIAH) and self.denominator is not None

    @property
    def measures(self) -> tuple[str, ...]:
        extra = tuple(m for m in (self.window_measure, self.not_counted) if m)
        return (self.numerator, *((self.denominator,) if self.denominator else ()), *extra)

    @property
    def group_name(self) -> str:
        return str(Text(*GROUPS[self.group]))


def T(id_text: str, en_text: str) -> Text:  # noqa: N802 - reads like a literal
    return Text(id_text, en_text)


CASE_FILES = T(
    "Berkas klien kantor ini; klien yang pindah dihitung di tiap kantor untuk masa "
    "bimbingannya sendiri.",
    "This office's case files; a transferred client counts in each office for its own stretch.",
)
UNDER_GUIDANCE = T(
    "Masa bimbingan: dari tanggal mulai sampai tanggal status akhir (selesai, dicabut, pindah, "
    "meninggal) atau, bila belum ditutup, tanggal akhir bimbingan.",
    "Guidance stretch: from the start date to the date of the closing status (completed, "
    "revoked, transferred, died) or, if not closed, the guidance end date.",
)
SESSION_PERIOD = T(
    "Sesi yang hari pertamanya berada dalam periode.",
    "Sessions whose first day falls in the period.",
)
NAMED_ONLY = T(
    "Peserta bernama yang hadir; sesi tanpa nama (hanya jumlah) tidak menyatakan apa pun "
    "tentang orang per orang.",
    "Named participants who attended; headcount-only sessions say nothing about individual people.",
)

LITMAS_RECEIVED = T(
    "Waktu permintaan diterima, menurut jam kantor (WIB, WITA, atau WIT), berada dalam periode.",
    "The time the request was received, on the office's clock (WIB, WITA or WIT), falls in "
    "the period.",
)
LITMAS_DELIVERED = T(
    "Waktu laporan dikirim, menurut jam kantor (WIB, WITA, atau WIT), berada dalam periode.",
    "The time the report was delivered, on the office's clock (WIB, WITA or WIT), falls in "
    "the period.",
)

INDICATORS: list[Indicator] = [
    Indicator(
        id="klien_aktif",
        group="bimbingan",
        kind=COUNT,
        name=T("Klien aktif pada akhir periode", "Active clients at period end"),
        definition=T(
            "Jumlah klien yang berada dalam masa bimbingan pada hari terakhir periode "
            "(atau hari ini, bila periode belum berakhir).",
            "Clients within their guidance stretch on the last day of the period (or today, "
            "if the period has not ended).",
        ),
        numerator="clients.active_end",
        numerator_label=T("klien aktif", "active clients"),
        period_rule=T("Keadaan pada hari terakhir periode.", "State on the period's last day."),
        includes=T(
            UNDER_GUIDANCE.id + " " + CASE_FILES.id, UNDER_GUIDANCE.en + " " + CASE_FILES.en
        ),
        excludes=T(
            "Klien yang masa bimbingannya belum mulai atau sudah berakhir.",
            "Clients whose stretch has not begun or has ended.",
        ),
    ),
    Indicator(
        id="klien_per_pk",
        group="bimbingan",
        kind=RATIO,
        name=T("Klien per PK", "Clients per PK"),
        definition=T(
            "Klien aktif pada akhir periode dibagi jumlah PK yang memegang setidaknya satu "
            "klien aktif saat itu.",
            "Active clients at period end divided by the PKs holding at least one of them.",
        ),
        numerator="clients.active_end",
        numerator_label=T("klien aktif", "active clients"),
        denominator="clients.pks_end",
        denominator_label=T("PK dengan beban kasus", "PKs with a caseload"),
        denominator_is_people=False,
        period_rule=T("Keadaan pada hari terakhir periode.", "State on the period's last day."),
        includes=T(
            "PK yang saat ini tercatat pada berkas klien.",
            "The PK currently recorded on each case file.",
        ),
        excludes=T(
            "Klien aktif tanpa PK (dihitung di pembilang, tidak menambah PK).",
            "Active clients without a PK (in the numerator, adding no PK).",
        ),
    ),
    Indicator(
        id="pencabutan",
        group="residivisme",
        kind=RATE,
        name=T("Tingkat pencabutan", "Revocation rate"),
        definition=T(
            "Dari klien yang masa bimbingannya di kantor ini berakhir dalam periode, bagian "
            "yang berakhir karena dicabut.",
            "Of clients whose stretch at this office ended in the period, the share ended by "
            "revocation.",
        ),
        numerator="clients.ended_revoked",
        numerator_label=T("berakhir karena dicabut", "ended by revocation"),
        denominator="clients.ended",
        denominator_label=T("masa bimbingan berakhir", "stretches ended"),
        period_rule=T(
            "Kohort: tanggal status akhir berada dalam periode.",
            "Cohort: the closing status date falls in the period.",
        ),
        includes=T(
            "Status akhir selesai, dicabut, atau pindah (pindah mengakhiri masa bimbingan "
            "di kantor asal). Berbasis orang: tiap klien dihitung sekali.",
            "Closing status completed, revoked or transferred (a transfer ends the "
            "stretch at the sending office). Person-based: each client counts once.",
        ),
        excludes=T(
            "Klien yang meninggal; klien yang masih aktif.",
            "Clients who died; clients still active.",
        ),
    ),
    Indicator(
        id="sesi_kepribadian",
        group="bimbingan",
        kind=COUNT,
        name=T("Sesi bimbingan kepribadian", "Personality guidance sessions"),
        definition=T(
            "Jumlah sesi bimbingan kepribadian (keagamaan, kesadaran berbangsa dan bernegara, "
            "kesadaran hukum, intelektual, sikap dan perilaku, konseling) yang diadakan.",
            "Personality guidance sessions held (religious, national awareness, legal "
            "awareness, intellectual, attitude and behaviour, counselling).",
        ),
        numerator="guidance.kepribadian",
        numerator_label=T("sesi", "sessions"),
        period_rule=T(
            "Tanggal sesi berada dalam periode.", "The session date falls in the period."
        ),
        includes=T(
            "Sesi individu dan kelompok; satu sesi kelompok dihitung sekali.",
            "Individual and group sessions; a group session counts once.",
        ),
        excludes=T("Wajib lapor (dihitung terpisah).", "Mandatory reporting (counted separately)."),
    ),
    Indicator(
        id="sesi_kemandirian",
        group="bimbingan",
        kind=COUNT,
        name=T("Sesi bimbingan kemandirian", "Independence guidance sessions"),
        definition=T(
            "Jumlah sesi bimbingan kemandirian (pelatihan vokasi, kerja/produksi, bimbingan "
            "karier, magang, rintisan usaha) yang dicatat sebagai sesi bimbingan.",
            "Independence guidance sessions held (vocational training, work/production, career "
            "guidance, internship, business start-up) recorded as guidance sessions.",
        ),
        numerator="guidance.kemandirian",
        numerator_label=T("sesi", "sessions"),
        period_rule=T(
            "Tanggal sesi berada dalam periode.", "The session date falls in the period."
        ),
        includes=T(
            "Sesi individu dan kelompok; satu sesi kelompok dihitung sekali.",
            "Individual and group sessions; a group session counts once.",
        ),
        excludes=T(
            "Sesi pelatihan mitra (lihat indikator pelatihan).",
            "Partner training sessions (see the training indicators).",
        ),
    ),
    Indicator(
        id="sesi_kelompok",
        group="bimbingan",
        kind=COUNT,
        name=T("Sesi bimbingan kelompok", "Group guidance sessions"),
        definition=T(
            "Jumlah sesi bimbingan (semua jenis) yang diadakan secara kelompok.",
            "Guidance sessions of any kind held as group sessions.",
        ),
        numerator="guidance.group",
        numerator_label=T("sesi kelompok", "group sessions"),
        period_rule=T(
            "Tanggal sesi berada dalam periode.", "The session date falls in the period."
        ),
        includes=T("Sesi dengan dua klien atau lebih.", "Sessions with two or more clients."),
        excludes=T("Sesi individu.", "Individual sessions."),
    ),
    Indicator(
        id="residivis_selama_bimbingan",
        group="residivisme",
        kind=RATE,
        name=T("Pengulangan selama bimbingan", "Re-offending during guidance"),
        definition=T(
            "Dari klien yang masa bimbingannya di kantor ini berakhir dalam periode, bagian yang "
            "melakukan tindak pidana baru antara tanggal mulai dan akhir masa bimbingan itu.",
            "Of clients whose stretch at this office ended in the period, the share with a new "
            "offence between the stretch's start and end.",
        ),
        numerator="clients.ended_reoffended",
        numerator_label=T("klien dengan tindak pidana baru", "clients with a new offence"),
        denominator="clients.ended",
        denominator_label=T("masa bimbingan berakhir", "stretches ended"),
        period_rule=T(
            "Kohort: tanggal status akhir berada dalam periode.",
            "Cohort: the closing status date falls in the period.",
        ),
        includes=T(
            "Kejadian jenis tindak pidana baru. Berbasis orang: klien dihitung sekali "
            "walau kejadiannya lebih dari satu. Akhir selesai, dicabut, atau pindah.",
            "Events of kind new offence. Person-based: a client counts once however many "
            "events. Ends: completed, revoked or transferred.",
        ),
        excludes=T(
            "Pencabutan dan pelanggaran teknis tanpa tindak pidana baru; klien meninggal.",
            "Revocations and technical violations without a new offence; clients who died.",
        ),
    ),
    Indicator(
        id="residivis_12_bulan",
        group="residivisme",
        kind=RATE,
        name=T(
            "Pengulangan 12 bulan setelah bimbingan", "Re-offending within 12 months after guidance"
        ),
        definition=T(
            "Dari klien yang menyelesaikan bimbingan (status selesai) dalam periode, bagian yang "
            "melakukan tindak pidana baru dalam 12 bulan (365 hari) setelah tanggal selesai.",
            "Of clients who completed guidance (status completed) in the period, the share with a "
            "new offence within 12 months (365 days) after completion.",
        ),
        numerator="clients.completed_reoffended_12m",
        numerator_label=T(
            "klien dengan tindak pidana baru ≤ 12 bulan",
            "clients with a new offence within 12 months",
        ),
        denominator="clients.completed",
        denominator_label=T("klien selesai bimbingan", "clients who completed guidance"),
        window_measure="clients.window_12m_closed",
        period_rule=T(
            "Kohort: tanggal selesai dalam periode; dilaporkan hanya setelah 12 bulan "
            "setiap anggota kohort lewat (akhir periode + 365 hari).",
            "Cohort: completion date in the period; reported only once every member's "
            "12 months have passed (period end + 365 days).",
        ),
        includes=T(
            "Kejadian tindak pidana baru yang dicatat kantor ini pada berkas klien.",
            "New-offence events this office records on the client's file.",
        ),
        excludes=T(
            "Klien yang dicabut, pindah, atau meninggal; kejadian yang hanya dicatat kantor lain.",
            "Clients revoked, transferred or who died; events recorded only by another office.",
        ),
    ),
    Indicator(
        id="kepatuhan_lapor",
        group="bimbingan",
        kind=RATE,
        name=T("Kepatuhan wajib lapor", "Mandatory reporting compliance"),
        definition=T(
            "Laporan wajib lapor yang dipenuhi dibagi jadwal lapor yang jatuh tempo dalam periode.",
            "Mandatory reports attended divided by the reporting due dates that fell due in the "
            "period.",
        ),
        numerator="reporting.attended",
        numerator_label=T("jadwal dipenuhi laporan", "due dates met by a report"),
        denominator="reporting.due",
        denominator_label=T("jadwal jatuh tempo", "due dates due"),
        period_rule=T(
            "Tanggal jadwal berada dalam periode; jadwal dihitung setelah jendela toleransinya "
            "lewat atau setelah dipenuhi.",
            "The due date falls in the period; a due date counts once its tolerance window has "
            "closed or it has been met.",
        ),
        includes=T(
            "Laporan di kantor, kunjungan rumah, panggilan video, konseling keliling.",
            "Reports at the office, home visits, video calls, mobile counseling.",
        ),
        excludes=T(
            "Jadwal yang dibatalkan karena bimbingan berakhir; kontak di luar jadwal; laporan "
            "terlambat (setelah jendela toleransi) tidak dihitung sebagai dipenuhi.",
            "Due dates cancelled when guidance ended; contacts outside any due date; a late "
            "report (after the tolerance window) does not count as meeting its due date.",
        ),
    ),
    Indicator(
        id="sesi_pelatihan",
        group="pelatihan",
        kind=COUNT,
        name=T("Sesi pelatihan", "Training sessions"),
        definition=T(
            "Jumlah sesi pelatihan kemandirian yang diadakan.",
            "Independence training sessions held.",
        ),
        numerator="train.sessions",
        numerator_label=T("sesi", "sessions"),
        numerator_is_people=False,
        period_rule=SESSION_PERIOD,
        includes=T(
            "Sesi dengan peserta bernama dan sesi yang hanya mencatat jumlah peserta.",
            "Sessions with named participants and headcount-only sessions.",
        ),
        excludes=T(
            "Sesi bimbingan PK (lihat indikator bimbingan).",
            "PK guidance sessions (see the guidance indicators).",
        ),
    ),
    Indicator(
        id="partisipasi",
        group="pelatihan",
        kind=COUNT,
        name=T("Partisipasi pelatihan", "Training participations"),
        definition=T(
            "Peserta bernama yang hadir ditambah jumlah peserta sesi tanpa nama; satu klien "
            "di dua sesi dihitung dua kali.",
            "Named participants who attended plus the headcounts of headcount-only sessions; a "
            "client in two sessions counts twice.",
        ),
        numerator="train.participations",
        numerator_label=T("partisipasi", "participations"),
        period_rule=SESSION_PERIOD,
        includes=T("Sesi tanpa nama (hanya jumlah).", "Headcount-only sessions."),
        excludes=T(
            "Peserta terdaftar yang tidak hadir.", "Enrolled participants who did not attend."
        ),
    ),
    Indicator(
        id="klien_dilatih",
        group="pelatihan",
        kind=COUNT,
        name=T("Klien yang dilatih", "Clients trained"),
        definition=T(
            "Jumlah klien berbeda yang hadir pada setidaknya satu sesi pelatihan.",
            "Distinct clients who attended at least one training session.",
        ),
        numerator="train.unique_clients",
        numerator_label=T("klien", "clients"),
        period_rule=SESSION_PERIOD,
        includes=NAMED_ONLY,
        excludes=T(
            "Peserta sesi tanpa nama (tidak dapat dihitung per orang).",
            "Participants of headcount-only sessions (cannot be counted per person).",
        ),
    ),
    Indicator(
        id="cakupan_pelatihan",
        group="pelatihan",
        kind=RATE,
        name=T("Cakupan pelatihan", "Training coverage"),
        definition=T(
            "Klien berbeda yang dilatih dibagi klien yang berada dalam masa bimbingan kapan pun "
            "dalam periode.",
            "Distinct clients trained divided by clients under guidance at any time in the period.",
        ),
        numerator="train.unique_clients",
        numerator_label=T("klien dilatih", "clients trained"),
        denominator="clients.under_guidance",
        denominator_label=T("klien dalam bimbingan", "clients under guidance"),
        period_rule=T(
            "Sesi dan masa bimbingan yang bersinggungan dengan periode.",
            "Sessions and guidance stretches overlapping the period.",
        ),
        includes=NAMED_ONLY,
        excludes=T("Peserta sesi tanpa nama.", "Participants of headcount-only sessions."),
    ),
    Indicator(
        id="penyelesaian_pelatihan",
        group="pelatihan",
        kind=RATE,
        name=T("Tingkat penyelesaian pelatihan", "Training completion rate"),
        definition=T(
            "Partisipasi yang dinyatakan selesai dibagi partisipasi bernama yang hadir.",
            "Participations completed divided by named participations attended.",
        ),
        numerator="train.completed",
        numerator_label=T("selesai", "completed"),
        denominator="train.named",
        denominator_label=T("partisipasi bernama", "named participations"),
        period_rule=SESSION_PERIOD,
        includes=NAMED_ONLY,
        excludes=T("Sesi tanpa nama.", "Headcount-only sessions."),
    ),
    Indicator(
        id="tindak_lanjut_tercatat",
        group="pelatihan",
        kind=RATE,
        name=T("Cakupan tindak lanjut", "Follow-up coverage"),
        definition=T(
            "Partisipasi bernama yang memiliki tindak lanjut tercatat (3 atau 6 bulan) dibagi "
            "partisipasi bernama yang tindak lanjutnya sudah jatuh tempo.",
            "Named participations with a recorded follow-up (3 or 6 months) divided by named "
            "participations whose follow-up has fallen due.",
        ),
        numerator="train.followed",
        numerator_label=T("dengan tindak lanjut", "with a follow-up"),
        denominator="train.followup_due",
        denominator_label=T("sudah jatuh tempo", "due"),
        not_counted="train.followup_not_due",
        not_counted_label=T("belum jatuh tempo", "not due yet"),
        nothing_counted=T("belum jatuh tempo", "not due yet"),
        period_rule=SESSION_PERIOD,
        includes=T(
            "Tindak lanjut terakhir (6 bulan bila ada, selain itu 3 bulan). Jatuh tempo: "
            "jendela tindak lanjut 3 bulan sudah terbuka (hari ke-80 setelah hari terakhir "
            "sesi, pada hari penghitungan), atau tindak lanjut sudah dicatat.",
            "The latest follow-up (6 months if recorded, else 3 months). Due: the 3-month "
            "follow-up window has opened (day 80 after the session's last day, on the day "
            "of computing), or a follow-up has been recorded.",
        ),
        excludes=T(
            "Sesi tanpa nama; partisipasi yang tindak lanjutnya belum jatuh tempo (jumlahnya "
            "disebut di samping angka, bukan dihitung sebagai tidak ditindaklanjuti).",
            "Headcount-only sessions; participations whose follow-up is not due yet (their "
            "number is stated beside the figure, not counted as missing).",
        ),
    ),
    Indicator(
        id="menerapkan_keterampilan",
        group="pelatihan",
        kind=RATE,
        name=T("Menerapkan keterampilan", "Applying the skill"),
        definition=T(
            "Dari partisipasi dengan tindak lanjut tercatat, bagian yang menerapkan keterampilan.",
            "Of participations with a recorded follow-up, the share applying the skill.",
        ),
        numerator="train.applying",
        numerator_label=T("menerapkan", "applying"),
        denominator="train.followed",
        denominator_label=T("dengan tindak lanjut", "with a follow-up"),
        companion="tindak_lanjut_tercatat",
        period_rule=SESSION_PERIOD,
        includes=T(
            "Hasil tindak lanjut terakhir tiap partisipasi.",
            "Each participation's latest follow-up outcome.",
        ),
        excludes=T(
            "Partisipasi tanpa tindak lanjut (lihat cakupan tindak lanjut).",
            "Participations without a follow-up (see follow-up coverage).",
        ),
    ),
    Indicator(
        id="bekerja_atau_usaha",
        group="pelatihan",
        kind=RATE,
        name=T(
            "Bekerja atau berwirausaha setelah pelatihan", "Working or self-employed after training"
        ),
        definition=T(
            "Dari partisipasi dengan tindak lanjut tercatat, bagian yang bekerja atau "
            "berwirausaha.",
            "Of participations with a recorded follow-up, the share employed or self-employed.",
        ),
        numerator="train.working",
        numerator_label=T("bekerja/wirausaha", "employed/self-employed"),
        denominator="train.followed",
        denominator_label=T("dengan tindak lanjut", "with a follow-up"),
        companion="tindak_lanjut_tercatat",
        period_rule=SESSION_PERIOD,
        includes=T(
            "Hasil tindak lanjut terakhir tiap partisipasi.",
            "Each participation's latest follow-up outcome.",
        ),
        excludes=T("Partisipasi tanpa tindak lanjut.", "Participations without a follow-up."),
    ),
    Indicator(
        id="biaya_per_partisipasi",
        group="pelatihan",
        kind=RUPIAH,
        name=T("Biaya per partisipasi", "Cost per participation"),
        definition=T(
            "Jumlah anggaran sesi yang anggarannya tercatat dibagi partisipasi (bernama dan "
            "tanpa nama) sesi-sesi itu.",
            "Sum of the recorded session budgets divided by the participations (named and "
            "headcount) of those sessions.",
        ),
        numerator="train.budget",
        numerator_label=T("anggaran (rupiah)", "budget (rupiah)"),
        numerator_is_people=False,
        denominator="train.budgeted_participations",
        denominator_label=T(
            "partisipasi sesi beranggaran", "participations of sessions with a budget"
        ),
        not_counted="train.unbudgeted_participations",
        not_counted_label=T("tanpa anggaran tercatat", "without a recorded budget"),
        nothing_counted=T("belum tercatat", "not recorded"),
        period_rule=SESSION_PERIOD,
        includes=T(
            "Sesi dengan anggaran tercatat, termasuk anggaran Rp0 yang dicatat untuk sesi gratis.",
            "Sessions with a recorded budget, including a budget of Rp0 recorded for a free "
            "session.",
        ),
        excludes=T(
            "Sesi yang anggarannya belum tercatat (tidak dianggap Rp0; jumlah partisipasinya "
            "disebut di samping angka); uang transport yang tidak dimasukkan ke anggaran "
            "sesi. Tanpa anggaran tercatat sama sekali, angka kosong (belum tercatat).",
            "Sessions whose budget is not recorded (not taken as Rp0; their participations "
            "are stated beside the figure); transport money not included in a session's "
            "budget. With no budget recorded at all the figure is empty (not recorded).",
        ),
    ),
    Indicator(
        id="mitra_berperjanjian",
        group="mitra",
        kind=COUNT,
        name=T("Mitra dengan perjanjian berlaku", "Partners with a valid agreement"),
        definition=T(
            "Mitra Pokmas Lipas yang memiliki perjanjian kerja sama berlaku pada hari "
            "terakhir periode.",
            "Pokmas Lipas partners with a cooperation agreement in force on the period's last day.",
        ),
        numerator="partners.with_agreement",
        numerator_label=T("mitra", "partners"),
        numerator_is_people=False,
        period_rule=T(
            "Keadaan pada hari terakhir periode (atau hari ini).",
            "State on the period's last day (or today).",
        ),
        includes=T(
            "Satu mitra dihitung sekali walau perjanjiannya lebih dari satu.",
            "A partner counts once however many agreements.",
        ),
        excludes=T(
            "Mitra yang perjanjiannya sudah berakhir atau belum mulai.",
            "Partners whose agreements have ended or not begun.",
        ),
    ),
    Indicator(
        id="penyaluran_kerja",
        group="mitra",
        kind=COUNT,
        name=T("Penyaluran kerja dimulai", "Job placements started"),
        definition=T(
            "Penyaluran kerja klien melalui mitra yang dimulai dalam periode.",
            "Job placements of clients through partners that started in the period.",
        ),
        numerator="partners.placements.kerja",
        numerator_label=T("penyaluran", "placements"),
        period_rule=T("Tanggal mulai berada dalam periode.", "The start date falls in the period."),
        includes=T(
            "Semua hasil (berlanjut, selesai, berhenti).",
            "Every outcome (ongoing, completed, stopped).",
        ),
        excludes=T("Magang (dihitung terpisah).", "Internships (counted separately)."),
    ),
    Indicator(
        id="magang",
        group="mitra",
        kind=COUNT,
        name=T("Magang dimulai", "Internships started"),
        definition=T(
            "Magang klien melalui mitra yang dimulai dalam periode.",
            "Internships of clients through partners that started in the period.",
        ),
        numerator="partners.placements.magang",
        numerator_label=T("magang", "internships"),
        period_rule=T("Tanggal mulai berada dalam periode.", "The start date falls in the period."),
        includes=T("Semua hasil.", "Every outcome."),
        excludes=T("Penyaluran kerja.", "Job placements."),
    ),
    Indicator(
        id="litmas_diterima",
        group="litmas",
        kind=COUNT,
        name=T("Permintaan Litmas diterima", "Litmas requests received"),
        definition=T(
            "Permintaan Litmas dari luar kantor (penyidik, LPAS/LPKA, Lapas/Rutan, kejaksaan, "
            "pengadilan) yang diterima dalam periode, semua tujuan.",
            "Litmas requests from outside the office (investigators, LPAS/LPKA, Lapas/Rutan, "
            "prosecutors, courts) received in the period, every purpose.",
        ),
        numerator="litmas.received",
        numerator_label=T("permintaan diterima", "requests received"),
        period_rule=LITMAS_RECEIVED,
        includes=T(
            "Permintaan yang masih terbuka maupun yang sudah terkirim, juga yang diimpor dari "
            "lembar kerja kantor. Rincian menurut tujuan ada di halaman kantor.",
            "Requests still open and those delivered, also those imported from the office's "
            "sheets. The breakdown by purpose is on the office's page.",
        ),
        excludes=T(
            "Laporan Litmas yang ditulis pada berkas klien tanpa surat permintaan.",
            "Litmas reports written on a case file without a request letter.",
        ),
    ),
    Indicator(
        id="litmas_terkirim",
        group="litmas",
        kind=COUNT,
        name=T("Litmas selesai (terkirim)", "Litmas completed (delivered)"),
        definition=T(
            "Permintaan Litmas yang laporannya dikirim kepada peminta dalam periode, kapan pun "
            "permintaannya diterima. Selesai berarti terkirim.",
            "Litmas requests whose report was delivered to the requester in the period, "
            "whenever the request was received. Completed means delivered.",
        ),
        numerator="litmas.delivered",
        numerator_label=T("laporan terkirim", "reports delivered"),
        period_rule=LITMAS_DELIVERED,
        includes=T(
            "Laporan yang ditandatangani PK, diketahui kepala, dan dicatat terkirim (tanggal, "
            "jam, dan cara pengiriman), juga laporan kertas yang diimpor dari register kantor "
            "dengan tanggal kirimnya. Rincian menurut tujuan ada di halaman kantor.",
            "Reports signed by the PK, acknowledged by the head and recorded as delivered "
            "(date, time and means), also paper reports imported from the office's register "
            "with their delivery date. The breakdown by purpose is on the office's page.",
        ),
        excludes=T(
            "Permintaan yang masih dikerjakan, dan laporan yang sudah diketahui kepala tetapi "
            "belum dikirim.",
            "Requests still being worked on, and reports acknowledged but not yet delivered.",
        ),
    ),
    Indicator(
        id="litmas_tepat_waktu",
        group="litmas",
        kind=RATE,
        name=T("Litmas tepat waktu", "Litmas delivered on time"),
        definition=T(
            "Dari permintaan yang laporannya terkirim dalam periode, bagian yang terkirim "
            "paling lambat pada tenggat hukumnya (waktu kirim sama dengan atau sebelum tenggat).",
            "Of the requests whose report was delivered in the period, the share delivered by "
            "the legal deadline (delivered at or before the deadline).",
        ),
        numerator="litmas.on_time",
        numerator_label=T("terkirim tepat waktu", "delivered on time"),
        denominator="litmas.delivered",
        denominator_label=T("laporan terkirim", "reports delivered"),
        period_rule=LITMAS_DELIVERED,
        includes=T(
            "Tenggat dihitung portal menurut aturan tujuannya, tidak pernah diketik: 3x24 jam "
            "sejak permintaan diterima untuk diversi, penyidikan, penuntutan dan sidang anak; "
            "7 hari sejak PK pertama ditunjuk untuk asimilasi, PB, CB, CMB, CMK, pemindahan, "
            "sidang dewasa dan lainnya. Penggantian PK tidak memperpanjang tenggat. Tenggat "
            "dalam jam berlaku sama di WIB, WITA, dan WIT.",
            "The portal computes the deadline by the purpose's rule; it is never typed: "
            "3x24 hours from receipt for a child's diversion, investigation, prosecution and "
            "trial; 7 days from the first PK appointment for assimilation, PB, CB, CMB, CMK, "
            "transfer, adult trial and other purposes. Appointing another PK never extends "
            "it. A deadline in hours is the same instant in WIB, WITA and WIT.",
        ),
        excludes=T(
            "Permintaan yang belum terkirim, juga yang sudah melewati tenggat: dihitung pada "
            "periode pengirimannya (daftar permintaan kantor menandainya terlambat).",
            "Requests not yet delivered, including overdue ones: they count in the period "
            "they are delivered in (the office's request lists mark them late).",
        ),
    ),
]

# --- what works: the outcome chain of trained clients (portal/whatworks) --------------
TRAINED_COHORT = T(
    "Klien yang hadir dalam pelatihan, dihitung sekali, menurut hari pertama sesi "
    "pertama yang ia hadiri; hasil diukur dari hari itu.",
    "Clients who attended a training, counted once, by the first day of the first session "
    "they attended; outcomes are measured from that day.",
)
CHAIN_INCLUDES = T(
    "Peserta bernama yang hadir; klien yang pindah diikuti selama masa bimbingannya di kantor ini.",
    "Named participants who attended; a transferred client is followed over their stretch "
    "at this office.",
)
NOT_YET_LABEL = T("jendela belum lewat", "window not yet passed")


def _chain(
    id_: str, outcome: str, name: Text, definition: Text, numerator: Text, excludes: Text
) -> Indicator:
    """One step of the outcome chain: a rate over trained clients whose window passed."""
    return Indicator(
        id=id_,
        group="berhasil",
        kind=RATE,
        name=name,
        definition=definition,
        numerator=f"ww.all.{outcome}.y",
        numerator_label=numerator,
        denominator=f"ww.all.{outcome}.k",
        denominator_label=T(
            "klien terlatih yang hasilnya diketahui", "trained clients with a known outcome"
        ),
        not_counted=f"ww.all.{outcome}.ny",
        not_counted_label=NOT_YET_LABEL,
        period_rule=TRAINED_COHORT,
        includes=CHAIN_INCLUDES,
        excludes=excludes,
    )


INDICATORS += [
    Indicator(
        id="berhasil_selesai",
        group="berhasil",
        kind=RATE,
        name=T("Klien terlatih yang menyelesaikan pelatihan", "Trained clients who completed"),
        definition=T(
            "Klien yang hadir dalam pelatihan dan menyelesaikan setidaknya satu pelatihan itu, "
            "dibagi klien yang hadir.",
            "Clients who attended a training and completed at least one such training, "
            "divided by clients who attended.",
        ),
        numerator="ww.all.done",
        numerator_label=T("selesai", "completed"),
        denominator="ww.all.n",
        denominator_label=T("klien terlatih", "trained clients"),
        period_rule=TRAINED_COHORT,
        includes=CHAIN_INCLUDES,
        excludes=T("Sesi tanpa nama.", "Headcount-only sessions."),
    ),
    _chain(
        "berhasil_penempatan",
        "plc",
        T(
            "Penempatan kerja atau magang dalam 12 bulan",
            "Job placement or internship within 12 months",
        ),
        T(
            "Klien terlatih yang mulai penyaluran kerja atau magang melalui mitra dalam 12 bulan "
            "sejak pelatihan, dibagi klien terlatih yang 12 bulannya sudah lewat.",
            "Trained clients who started a job placement or internship through a partner "
            "within 12 months of the training, divided by trained clients whose 12 months have "
            "passed.",
        ),
        T("ditempatkan", "placed"),
        T("Klien yang 12 bulannya belum lewat.", "Clients whose 12 months have not passed."),
    ),
    _chain(
        "berhasil_bekerja",
        "wrk",
        T("Bekerja atau berwirausaha 6 bulan kemudian", "Working or self-employed 6 months later"),
        T(
            "Menurut catatan status kerja (riwayat pekerjaan atau tindak lanjut pelatihan) yang "
            "paling dekat dengan 6 bulan sesudah pelatihan, antara bulan ke-4 dan ke-8.",
            "By the work status record (employment history or training follow-up) closest to "
            "6 months after the training, between the 4th and the 8th month.",
        ),
        T("bekerja/wirausaha", "employed/self-employed"),
        T(
            "Klien tanpa catatan status kerja antara bulan ke-4 dan ke-8, dan klien yang bulan "
            "ke-8-nya belum lewat.",
            "Clients with no work status recorded between the 4th and the 8th month, and "
            "clients whose 8th month has not passed.",
        ),
    ),
    _chain(
        "berhasil_residivis_bimbingan",
        "rdg",
        T("Tindak pidana baru selama bimbingan", "New offence during guidance"),
        T(
            "Klien terlatih dengan tindak pidana baru sesudah pelatihan dan sebelum akhir masa "
            "bimbingannya di kantor ini, dibagi klien terlatih yang masa bimbingannya sudah "
            "berakhir.",
            "Trained clients with a new offence after the training and before the end of their "
            "guidance stretch at this office, divided by trained clients whose stretch has "
            "ended.",
        ),
        T("dengan tindak pidana baru", "with a new offence"),
        T(
            "Klien yang masih dalam bimbingan; pencabutan dan pelanggaran teknis.",
            "Clients still under guidance; revocations and technical violations.",
        ),
    ),
    _chain(
        "berhasil_residivis_12b",
        "r12",
        T(
            "Tindak pidana baru dalam 12 bulan sesudah bimbingan",
            "New offence within 12 months after guidance",
        ),
        T(
            "Klien terlatih yang menyelesaikan bimbingan dan melakukan tindak pidana baru dalam "
            "12 bulan sesudahnya, dibagi klien terlatih yang selesai dan 12 bulannya sudah lewat.",
            "Trained clients who completed guidance and committed a new offence within 12 "
            "months after it, divided by trained clients who completed and whose 12 months "
            "have passed.",
        ),
        T("dengan tindak pidana baru", "with a new offence"),
        T(
            "Klien yang dicabut, pindah atau meninggal; yang 12 bulannya belum lewat.",
            "Clients revoked, transferred or deceased; those whose 12 months have not passed.",
        ),
    ),
]

BY_ID = {indicator.id: indicator for indicator in INDICATORS}

# How every figure reads, whatever the indicator: on the definitions page, and followed
# by the pages (`display.py`), the exports (`export.py`) and the JSON API alike.
READING_RULES: list[Text] = [
    T(
        "Angka 1–4 tentang orang tidak ditampilkan, begitu pula angka lain yang dapat dipakai "
        "menghitungnya dari total. Angka yang disembunyikan — jumlah, tingkat, atau bagian "
        'pecahan — selalu tertulis "disembunyikan" dengan alasannya; di Excel dan CSV selnya '
        "kosong dengan keterangan, di JSON bernilai null dengan tanda *_suppressed.",
        "Counts of 1–4 people are not shown, nor any other figure from which they could be "
        "worked out from a total. A withheld figure — a count, a rate or part of a fraction — "
        'always reads "suppressed" with its reason; in Excel and CSV its cell is empty with '
        "a note, in JSON it is null with a *_suppressed flag.",
    ),
    T(
        "Tingkat hanya menghitung yang sudah dapat dinilai, dan menyebut yang tidak dihitung: "
        "tindak lanjut yang belum jatuh tempo, partisipasi sesi yang anggarannya belum "
        'tercatat. Bila tidak ada yang dapat dihitung, angkanya kosong ("belum jatuh tempo", '
        '"belum tercatat"), bukan 0% atau Rp0.',
        "Rates count only what can be judged yet, and state what they leave out: follow-ups "
        "not due yet, participations of sessions whose budget is not recorded. When nothing "
        'can be counted the figure is empty ("not due yet", "not recorded"), not 0% or '
        "Rp0.",
    ),
    T(
        "Wilayah yang hanya memiliki satu kantor tidak ditampilkan dua kali: baris kantor itu "
        "sekaligus total wilayahnya (JSON tetap memuat baris wilayah dengan offices = 1).",
        "A region of one office is not shown twice: that office's row is also its region's "
        "total (the JSON keeps the region's row, with offices = 1).",
    ),
]


def in_group(group: str) -> list[Indicator]:
    return [i for i in INDICATORS if i.group == group]
