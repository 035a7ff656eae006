"""Synthetic Litmas requests for `flask demo seed`: every requester kind and purpose,
most delivered in time, some late, and an open desk that shows each state: a child's
diversion received this morning, one already overdue, requests awaiting a PK, drafts,
a signed report awaiting the head, one ready to send. Deadlines come from
`deadlines.due_at`, the same rule the pages use. Names and letters are invented.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.demo.names import person_name
from portal.extensions import db
from portal.litmas.requests import deadlines, vocab
from portal.litmas.requests.models import (
    LitmasRequest,
    RequestAssignment,
    RequestReport,
    TppDiscussion,
    TppSession,
)
from portal.offices.models import Office
from portal.timeutil import utcnow

PAST_REQUESTS = 36
LATE_EVERY = 6  # one delivered request in six was late: offices do miss the limit
# Who asks, per office: (kind, institution).
INSTITUTIONS = {
    "purwokerto": [
        ("penyidik", "Polresta Banyumas"),
        ("penyidik", "Polres Purbalingga"),
        ("lpas", "LPAS Kelas II Purwokerto"),
        ("lpka", "LPKA Kelas I Kutoarjo"),
        ("lapas", "Lapas Kelas IIA Purwokerto"),
        ("rutan", "Rutan Kelas IIB Purbalingga"),
        ("jaksa", "Kejaksaan Negeri Banyumas"),
        ("pengadilan", "Pengadilan Negeri Purwokerto"),
    ],
    "mataram": [
        ("penyidik", "Polresta Mataram"),
        ("penyidik", "Polres Lombok Timur"),
        ("lpas", "LPAS Kelas II Mataram"),
        ("lpka", "LPKA Kelas II Lombok Tengah"),
        ("lapas", "Lapas Kelas IIA Lombok Barat"),
        ("rutan", "Rutan Kelas IIA Mataram"),
        ("jaksa", "Kejaksaan Negeri Mataram"),
        ("pengadilan", "Pengadilan Negeri Mataram"),
    ],
    "tangerang": [
        ("penyidik", "Polres Metro Tangerang Kota"),
        ("penyidik", "Polresta Tangerang"),
        ("lpas", "LPAS Kelas I Tangerang"),
        ("lpka", "LPKA Kelas I Tangerang"),
        ("lapas", "Lapas Pemuda Kelas IIA Tangerang"),
        ("rutan", "Rutan Kelas I Tangerang"),
        ("jaksa", "Kejaksaan Negeri Kota Tangerang"),
        ("pengadilan", "Pengadilan Negeri Tangerang"),
    ],
    "jakarta-timur-utara": [
        ("penyidik", "Polres Metro Jakarta Timur"),
        ("penyidik", "Polres Metro Jakarta Utara"),
        ("lpas", "LPAS Kelas I Jakarta"),
        ("lpka", "LPKA Kelas II Jakarta"),
        ("lapas", "Lapas Kelas I Cipinang"),
        ("rutan", "Rutan Kelas I Cipinang"),
        ("jaksa", "Kejaksaan Negeri Jakarta Timur"),
        ("pengadilan", "Pengadilan Negeri Jakarta Utara"),
    ],
}
# What each kind of requester asks for.
PURPOSES_OF = {
    "penyidik": ["diversi", "diversi", "penyidikan_anak"],
    "lpas": ["sidang_anak"],
    "lpka": ["pembebasan_bersyarat", "asimilasi", "cuti_mengunjungi_keluarga", "pemindahan"],
    "lapas": [
        "pembebasan_bersyarat",
        "pembebasan_bersyarat",
        "asimilasi",
        "cuti_bersyarat",
        "cuti_menjelang_bebas",
        "cuti_mengunjungi_keluarga",
        "pemindahan",
    ],
    "rutan": ["asimilasi", "pembebasan_bersyarat", "cuti_menjelang_bebas", "lainnya"],
    "jaksa": ["sidang_anak", "sidang_dewasa"],
    "pengadilan": ["sidang_anak", "sidang_dewasa"],
}
CHILD_OFFENCES = [
    "pencurian telepon genggam di sekolah",
    "perkelahian antarpelajar",
    "pencurian sepeda motor bersama teman",
    "penganiayaan ringan terhadap teman sebaya",
]
ADULT_OFFENCES = [
    "penyalahgunaan narkotika golongan I",
    "pencurian dengan pemberatan",
    "penipuan jual beli daring",
    "penggelapan dalam jabatan",
]
MEANS = ["langsung", "langsung", "surel", "aplikasi", "pos"]
# The open desk: (requester kind, purpose, state, hours since receipt).
OPEN_DESK = [
    ("penyidik", "diversi", vocab.DIKERJAKAN, 2),  # this morning: "sisa 2 hari 21 jam"
    ("penyidik", "diversi", vocab.DIKERJAKAN, 80),  # past 3x24 hours: late
    ("lapas", "pembebasan_bersyarat", vocab.BARU, 5),  # no PK yet: no clock
    ("rutan", "asimilasi", vocab.BARU, 30),
    ("lpas", "sidang_anak", vocab.DIKERJAKAN, 20),
    ("lapas", "cuti_menjelang_bebas", vocab.DIKERJAKAN, 24 * 3),
    ("lpka", "cuti_mengunjungi_keluarga", vocab.DIKERJAKAN, 24 * 9),  # 7 days passed: late
    ("lapas", "cuti_bersyarat", vocab.DITANDATANGANI, 24 * 4),
    ("pengadilan", "sidang_dewasa", vocab.SELESAI, 24 * 5),
    ("penyidik", "penyidikan_anak", vocab.DIBATALKAN, 30),  # diversion reached at the police
]
WITHDRAWN_REASON = "Surat pencabutan dari penyidik: diversi tercapai di tingkat penyidikan."


def seed_requests(office: Office, rng: random.Random, pks: list[User]) -> None:
    if not pks:
        return
    head = db.session.scalar(select(User).where(User.role == Role.ADMIN).limit(1))
    now = utcnow()
    places = INSTITUTIONS.get(office.slug, INSTITUTIONS["purwokerto"])
    made: list[LitmasRequest] = []
    # Every kind and each purpose it asks for once, then a realistic mix.
    every = [
        (kind, purpose) for kind, asks in PURPOSES_OF.items() for purpose in dict.fromkeys(asks)
    ]
    for n in range(PAST_REQUESTS):
        if n < len(every):
            kind, purpose = every[n]
            institution = rng.choice([i for k, i in places if k == kind])
        else:
            kind, institution = rng.choice(places)
            purpose = rng.choice(PURPOSES_OF[kind])
        received = now - timedelta(days=rng.randint(10, 180), hours=rng.randint(0, 8))
        request = _request(office, rng, n, kind, institution, purpose, received)
        _appoint(request, rng.choice(pks), head, received + timedelta(hours=rng.randint(1, 20)))
        late = n % LATE_EVERY == 3
        span = request.due_at - request.received_at
        delivered = (
            request.due_at + timedelta(hours=rng.randint(3, 60))
            if late
            else (request.received_at + span * rng.uniform(0.45, 0.95))
        )
        _report(request, rng, head, delivered - timedelta(hours=2), final=True)
        request.status, request.completed_at = vocab.TERKIRIM, delivered - timedelta(hours=1)
        request.delivered_at, request.delivery_means = delivered, rng.choice(MEANS)
        made.append(request)
    desk_pk = pks[0]  # the demo account "pk" sees the open desk on its home page
    for n, (kind, purpose, state, hours) in enumerate(OPEN_DESK, start=PAST_REQUESTS):
        institution = next(i for k, i in places if k == kind)
        received = now - timedelta(hours=hours, minutes=rng.randint(0, 40))
        request = _request(office, rng, n, kind, institution, purpose, received)
        if state != vocab.BARU:
            pk = desk_pk if n % 2 == 0 or purpose == vocab.DIVERSI else rng.choice(pks)
            _appoint(request, pk, head, received + timedelta(minutes=rng.randint(20, 90)))
            if hours > 24:
                _report(request, rng, head, received + timedelta(hours=hours * 0.7), final=False)
        if state == vocab.DIBATALKAN:
            request.status, request.withdrawn_at = vocab.DIBATALKAN, now - timedelta(hours=4)
            request.withdrawn_by_name = head.full_name if head else ""
            request.withdrawn_reason = WITHDRAWN_REASON
        if state in (vocab.DITANDATANGANI, vocab.SELESAI):
            request.report.signed_at = now - timedelta(hours=6)
            request.report.signed_by_id = request.pk_id
            request.report.signed_by_name = request.pk.full_name
            request.status = vocab.DITANDATANGANI
        if state == vocab.SELESAI:
            request.report.acknowledged_at = now - timedelta(hours=3)
            request.report.acknowledged_by_id = head.id if head else None
            request.report.acknowledged_by_name = head.full_name if head else ""
            request.status, request.completed_at = vocab.SELESAI, now - timedelta(hours=3)
        made.append(request)
    made += _requests_of_clients(office, rng, pks, head, now)
    db.session.flush()
    _tpp_sessions(rng, made, head)


# The request that brought a client into guidance: the case file lists it.
PURPOSE_OF_PROGRAM = {
    "pb": "pembebasan_bersyarat",
    "cb": "cuti_bersyarat",
    "cmb": "cuti_menjelang_bebas",
    "asimilasi": "asimilasi",
}
CLIENT_REQUESTS = 10


def _requests_of_clients(
    office: Office, rng: random.Random, pks: list[User], head: User | None, now: datetime
) -> list[LitmasRequest]:
    """Delivered requests of people who then became clients, linked to their case files."""
    since = now.date() - timedelta(days=240)
    clients = db.session.scalars(
        select(Client)
        .where(
            Client.program.in_(list(PURPOSE_OF_PROGRAM)),
            Client.category == client_vocab.DEWASA,
            Client.pk_id.is_not(None),
            Client.guidance_start >= since + timedelta(days=45),
            Client.guidance_start <= now.date(),
        )
        .order_by(Client.id)
        .limit(CLIENT_REQUESTS)
    ).all()
    by_id = {pk.id: pk for pk in pks}
    made = []
    for n, client in enumerate(clients, start=PAST_REQUESTS + len(OPEN_DESK)):
        received = datetime.combine(
            client.guidance_start - timedelta(days=rng.randint(25, 40)), datetime.min.time()
        ) + timedelta(hours=rng.randint(1, 8))
        kind = "rutan" if "Rutan" in client.origin_institution else "lapas"
        institution = client.origin_institution or next(
            i for k, i in INSTITUTIONS[office.slug] if k == kind
        )
        request = _request(
            office, rng, n, kind, institution, PURPOSE_OF_PROGRAM[client.program], received
        )
        request.person_name, request.nik, request.birth_date = (
            client.name,
            client.nik,
            client.birth_date,
        )
        request.client_id = client.id
        pk = by_id.get(client.pk_id) or rng.choice(pks)
        _appoint(request, pk, head, received + timedelta(hours=rng.randint(2, 24)))
        delivered = request.appointed_at + timedelta(days=rng.uniform(2, 6.5))
        _report(request, rng, head, delivered - timedelta(hours=2), final=True)
        request.status, request.completed_at = vocab.TERKIRIM, delivered - timedelta(hours=1)
        request.delivered_at, request.delivery_means = delivered, rng.choice(MEANS)
        made.append(request)
    return made


def _request(
    office: Office,
    rng: random.Random,
    n: int,
    kind: str,
    institution: str,
    purpose: str,
    received: datetime,
) -> LitmasRequest:
    child = vocab.PURPOSES[purpose].child_only or kind in ("lpas", "lpka")
    sex = "L" if rng.random() < 0.85 else "P"
    age = rng.randint(13, 17) if child else rng.randint(20, 55)
    born = received.date() - timedelta(days=age * 365 + rng.randint(0, 360))
    local = deadlines.to_local(received, office.timezone)
    request = LitmasRequest(
        requester_kind=kind,
        requester_institution=institution,
        letter_number=f"B/{100 + n}/{_roman(local.month)}/{local.year}",
        letter_date=local.date() - timedelta(days=rng.randint(0, 3)),
        purpose=purpose,
        received_at=received,
        attachments=_attachments(kind, rng),
        person_name=person_name(rng, office.slug, sex),
        nik=_nik(rng, born, sex) if rng.random() < 0.8 else "",
        birth_date=born,
        category=client_vocab.ANAK if child else client_vocab.DEWASA,
        held_at=institution,
        status=vocab.BARU,
    )
    request.due_at = deadlines.due_at(purpose, received, None)
    db.session.add(request)
    return request


def _appoint(request: LitmasRequest, pk: User, head: User | None, at: datetime) -> None:
    request.assignments.append(
        RequestAssignment(
            pk_id=pk.id,
            pk_name=pk.full_name,
            appointed_at=at,
            by_user_id=head.id if head else None,
            by_user_name=head.full_name if head else "",
        )
    )
    request.pk, request.appointed_at, request.status = pk, at, vocab.DIKERJAKAN
    request.due_at = deadlines.due_at(request.purpose, request.received_at, at)


def _report(
    request: LitmasRequest, rng: random.Random, head: User | None, signed: datetime, final: bool
) -> None:
    child = request.category == client_vocab.ANAK
    offence = rng.choice(CHILD_OFFENCES if child else ADULT_OFFENCES)
    report = RequestReport(
        identity=f"Nama: {request.person_name}\nTempat: {request.held_at}",
        background=(
            "Anak masih bersekolah dan tinggal bersama orang tua."
            if child
            else "Klien bekerja serabutan sebelum ditahan; menjadi tulang punggung keluarga."
        ),
        family_social="Keluarga bersedia menerima dan mengawasi; lingkungan RT tidak keberatan.",
        offence=f"Perkara {offence}.",
        needs="Bimbingan kepribadian dan keterampilan kerja.",
        community_view="Korban telah memaafkan dan bersedia berdamai." if child else "",
        analysis="Faktor risiko rendah; dukungan keluarga kuat.",
        recommendation=(
            "Diversi: dikembalikan kepada orang tua dengan pengawasan Bapas."
            if request.purpose == vocab.DIVERSI
            else "Layak diusulkan sesuai permintaan, dengan pembimbingan Bapas."
        )
        if final or rng.random() < 0.4
        else "",
    )
    if final:
        report.signed_at, report.signed_by_id = signed, request.pk_id
        report.signed_by_name = request.pk.full_name
        report.acknowledged_at = signed + timedelta(minutes=30)
        report.acknowledged_by_id = head.id if head else None
        report.acknowledged_by_name = head.full_name if head else ""
    request.report = report


def _tpp_sessions(rng: random.Random, requests: list[LitmasRequest], head: User | None) -> None:
    """A weekly session discussed most integration requests before their report was signed."""
    by_week: dict[date, list[LitmasRequest]] = {}
    for request in requests:
        if request.report is None or vocab.PURPOSES[request.purpose].rule != vocab.SEVEN_DAYS:
            continue
        held = (request.appointed_at + timedelta(days=2)).date()
        if held > utcnow().date() or rng.random() < 0.2:
            continue
        by_week.setdefault(held - timedelta(days=held.weekday()), []).append(request)
    for monday, discussed in sorted(by_week.items()):
        held = max(monday + timedelta(days=2), max(r.received_at.date() for r in discussed))
        session = TppSession(
            held_on=min(held, utcnow().date()),
            members=[
                head.full_name if head else "Kepala Bapas",
                *{r.pk.full_name for r in discussed},
            ],
            created_by_name=head.full_name if head else "",
        )
        db.session.add(session)
        for request in discussed:
            session.discussions.append(
                TppDiscussion(
                    request=request,
                    recommendation=rng.choice(
                        [
                            "Sidang TPP menyetujui usulan sesuai rekomendasi PK.",
                            "Disetujui dengan syarat penjamin hadir saat pembebasan.",
                            "Disetujui; PK melengkapi surat jaminan keluarga.",
                        ]
                    ),
                )
            )


def _attachments(kind: str, rng: random.Random) -> list[str]:
    base = ["surat_permintaan"]
    if kind == "penyidik":
        base += ["laporan_polisi", "berita_acara"]
    elif kind in ("lapas", "rutan", "lpka"):
        base += ["putusan", "kartu_keluarga", "surat_jaminan"]
    else:
        base += ["surat_penahanan"]
    return [a for a in base if a == "surat_permintaan" or rng.random() < 0.8]


def _nik(rng: random.Random, born: date, sex: str) -> str:
    day = born.day + (40 if sex == "P" else 0)
    region = f"{rng.randint(11, 94)}{rng.randint(1, 20):02d}{rng.randint(1, 30):02d}"
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


def _roman(month: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][month - 1]
