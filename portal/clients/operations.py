"""Client case files: every rule about a client lives here, once.

The web forms, the CLI, the demo seeder and the (later) Excel import all call these
functions. Each raises `OperationError` with a message in Bahasa Indonesia and the
name of the field at fault, and changes nothing the caller cannot roll back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import ColumnElement, Select, false, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.audit.operations import record, record_many, record_read
from portal.auth.models import User
from portal.auth.roles import Role
from portal.bulk import insert_returning_ids
from portal.clients import vocab
from portal.clients.models import SEARCH_TEXT, Client, ClientStatusChange
from portal.clients.search import kept_matches
from portal.clients.signals import client_changed, clients_inserted
from portal.errors import OperationError, Refusals
from portal.extensions import db
from portal.lru import LRU
from portal.offices.models import Office
from portal.officeversion import SHARED, scope_version
from portal.tenancy import current_office_id

PAGE_SIZE = 50
NIK_RE = re.compile(r"^\d{16}$")
PHONE_RE = re.compile(r"^\+?[\d\s-]{6,20}$")
PROVINCE_CODES = range(11, 95)  # 11 Aceh ... 94 Papua; 2-digit codes in use by Dukcapil

# Fields a case file is written with; forms and imports supply exactly these.
FIELDS = (
    "register_number",
    "name",
    "nik",
    "sex",
    "birth_date",
    "street",
    "kelurahan",
    "kecamatan",
    "kabupaten_kota",
    "phone",
    "education",
    "marital_status",
    "dependants",
    "work_before",
    "offence",
    "court_decision_number",
    "court_decision_date",
    "sentence_months",
    "origin_institution",
    "program",
    "guidance_start",
    "guidance_end",
    "pk_id",
    "category_override",
    "category_reason",
)
REQUIRED = {
    "register_number": _l("Nomor register wajib diisi."),
    "name": _l("Nama wajib diisi."),
    "nik": _l("NIK wajib diisi."),
    "sex": _l("Jenis kelamin wajib dipilih."),
    "birth_date": _l("Tanggal lahir wajib diisi."),
    "offence": _l("Kategori tindak pidana wajib dipilih."),
    "program": _l("Program wajib dipilih."),
    "guidance_start": _l("Tanggal mulai bimbingan wajib diisi."),
    "guidance_end": _l("Tanggal akhir bimbingan wajib diisi."),
}
CHOICES = {
    "sex": vocab.SEXES,
    "education": vocab.EDUCATION,
    "marital_status": vocab.MARITAL,
    "offence": vocab.OFFENCES,
    "program": vocab.PROGRAMS,
}
# What a row of the client list shows (clients/index.html).
LIST_COLUMNS = (
    Client.id,
    Client.register_number,
    Client.name,
    Client.category,
    Client.program,
    Client.guidance_start,
    Client.guidance_end,
    Client.status,
    Client.pk_id,
)
SORTS = {
    "nama": (Client.name, Client.id),
    "register": (Client.register_number, Client.id),
    "mulai": (Client.guidance_start.desc(), Client.id),
    "akhir": (Client.guidance_end, Client.id),
}
CONFLICT = _l(
    "Berkas ini telah diubah oleh petugas lain sejak Anda membukanya. "
    "Muat ulang untuk melihat perubahan terbaru."
)


# --- who sees which client ----------------------------------------------------------------


def juvenile_guard(user: User) -> ColumnElement[bool]:
    """The one rule for juvenile files: only their PK and the office administrator.

    Every query that lists, counts or loads clients goes through `visible_clients`
    or this criterion, so the rule cannot hold on one page and fail on another.
    """
    if user.role == Role.ADMIN:
        return true()
    return or_(Client.category != vocab.ANAK, Client.pk_id == user.id)


def visible_clients(user: User, *columns) -> Select:
    """SELECT of clients (or of `columns` over clients, e.g. a count) this user may see."""
    return select(*(columns or (Client,))).where(juvenile_guard(user))


def find_client(user: User, client_id: int) -> Client | None:
    """Load one client the user may see (the office filter applies too), or None."""
    return db.session.execute(
        visible_clients(user).where(Client.id == client_id)
    ).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class ListedClient:
    """A row of the client list: the columns it shows, not a whole case file (50 full
    ORM objects cost the list page more than its query)."""

    id: int
    register_number: str
    name: str
    category: str
    program: str
    guidance_start: date
    guidance_end: date
    status: str
    pk_name: str | None

    @property
    def is_anak(self) -> bool:
        return self.category == vocab.ANAK


@dataclass
class Page:
    items: Sequence[ListedClient]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def name_or_register_contains(text: str) -> ColumnElement[bool]:
    """The client's name or register number contains `text`, in any case: LIKE over the
    stored lowered column, with `text` lowered by the same database function."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return SEARCH_TEXT.contains(func.lower(escaped), escape="/")


def list_criteria(
    *,
    q: str = "",
    status: str = "",
    program: str = "",
    pk_id: int | None = None,
    category: str = "",
) -> list[ColumnElement[bool]]:
    criteria = []
    q = (q or "").strip()
    if q:
        found = kept_matches(q)  # from the office's register kept in memory, if any
        if found is not None:
            criteria.append(Client.id.in_(sorted(found)) if found else false())
        else:
            criteria.append(
                or_(name_or_register_contains(q), Client.nik.startswith(q, autoescape=True))
            )
    if status in vocab.STATUSES:
        criteria.append(Client.status == status)
    if program in vocab.PROGRAMS:
        criteria.append(Client.program == program)
    if category in vocab.CATEGORIES:
        criteria.append(Client.category == category)
    if pk_id:
        criteria.append(Client.pk_id == pk_id)
    return criteria


def filtered_clients(user: User, *, sort: str = "nama", **filters: Any) -> Select:
    """The client list's query (filters, visibility, order) without paging: the list page
    pages through it and exports take all of it, so both always show the same clients."""
    return (
        visible_clients(user)
        .where(*list_criteria(**filters))
        .options(selectinload(Client.pk))
        .order_by(*SORTS.get(sort, SORTS["nama"]))
    )


def search_clients(
    user: User,
    *,
    q: str = "",
    status: str = "",
    program: str = "",
    pk_id: int | None = None,
    category: str = "",
    sort: str = "nama",
    page: int = 1,
) -> Page:
    """One page of the list. The total comes with the rows (a window count), so the
    filtered clients are read once, not once to count and again to page."""
    filters = {"q": q, "status": status, "program": program, "pk_id": pk_id, "category": category}
    page = max(1, page)
    items, total = _list_page(user, sort, filters, page)
    if items:
        return Page(items, total, page)
    # Past the last page (or nothing matches): count, then show the last page.
    total = db.session.scalar(
        visible_clients(user, func.count(Client.id)).where(*list_criteria(**filters))
    )
    last = math.ceil(total / PAGE_SIZE) or 1
    if page <= last:
        return Page([], total, page)
    return Page(_list_page(user, sort, filters, last)[0], total, last)


def _list_page(user: User, sort: str, filters: dict, page: int) -> tuple[list, int]:
    """The rows of one page and the total. The PKs' names come from `office_people`:
    joined here, PostgreSQL would join every match before the window count."""
    rows = db.session.execute(
        visible_clients(user, *LIST_COLUMNS, func.count().over())
        .where(*list_criteria(**filters))
        .order_by(*SORTS.get(sort, SORTS["nama"]))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    names = office_people().names
    items = [ListedClient(*row[:8], pk_name=names.get(row.pk_id)) for row in rows]
    return items, rows[0][-1] if rows else 0


def office_pk_choices() -> list:
    """(id, full_name) of the office's active PKs, for a filter's choices."""
    return list(office_people().pk_choices)


class PkChoice(NamedTuple):
    id: int
    full_name: str


@dataclass(frozen=True, slots=True)
class OfficePeople:
    """The office's accounts as lists show them: every account's name by id (a PK of
    a listed client may be deactivated) and the active PKs, by name, for filters."""

    names: dict[int, str]
    pk_choices: tuple[PkChoice, ...]
    pk_options: tuple[tuple[str, Markup, Markup], ...]  # (id as text, option, selected)


_PEOPLE_KEPT = 256  # offices per process
_OPTION = Markup('<option value="{}"{}>{}</option>')


def office_people() -> OfficePeople:
    """The bound office's `OfficePeople`, read once per process and change of the
    office's shared data (accounts are shared data: portal.officeversion), not on
    every list page."""
    office_id = current_office_id()
    version = None
    if office_id is not None and has_request_context():  # kept for requests only
        version = scope_version(office_id, SHARED)
    kept = _people_kept()
    key = (office_id, version)
    found = kept.peek(key) if version is not None else None
    if found is not None:
        return found
    rows = db.session.execute(
        select(User.id, User.full_name, User.role, User.active).order_by(User.full_name, User.id)
    ).all()
    choices = tuple(
        PkChoice(row.id, row.full_name) for row in rows if row.role == Role.PK and row.active
    )
    found = OfficePeople(
        {row.id: row.full_name for row in rows},
        choices,
        tuple(
            (
                str(pk_id),
                _OPTION.format(pk_id, Markup(""), name),
                _OPTION.format(pk_id, Markup(" selected"), name),
            )
            for pk_id, name in choices
        ),
    )
    if version is not None:
        kept.put(key, found)
    return found


def pk_filter_options(chosen: str | None) -> Markup:
    """The `<option>`s of the active PKs for a list's PK filter, `chosen` (the id as
    the query string gives it) selected: two hundred PKs cost the template
    milliseconds, and this a few tens of microseconds."""
    return Markup("").join(
        selected if pk_id == chosen else plain
        for pk_id, plain, selected in office_people().pk_options
    )


def _people_kept() -> LRU:
    return current_app.extensions.setdefault("office_people", LRU(_PEOPLE_KEPT))


def office_pks() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.role == Role.PK, User.active.is_(True)).order_by(User.full_name)
        )
    )


# --- validation ---------------------------------------------------------------------------


def office_today() -> date:
    """Today in the bound office's own time zone (WIB, WITA or WIT)."""
    office = db.session.get(Office, current_office_id())
    zone = ZoneInfo(office.timezone if office else "Asia/Jakarta")
    return datetime.now(zone).date()


def check_nik(nik: str, birth_date: date | None, sex: str | None) -> str:
    """A 16-digit NIK whose digits 7–12 encode the birth date (day + 40 for women)."""
    nik = re.sub(r"\s+", "", nik or "")
    if not NIK_RE.match(nik):
        raise OperationError(_l("NIK harus terdiri dari tepat 16 angka."), "nik")
    if int(nik[:2]) not in PROVINCE_CODES:
        raise OperationError(
            _l("Dua angka pertama NIK bukan kode provinsi yang dikenal (11–94)."), "nik"
        )
    if birth_date is not None and sex in vocab.SEXES:
        day = int(nik[6:8]) - (40 if sex == "P" else 0)
        if (day, int(nik[8:10]), int(nik[10:12])) != (
            birth_date.day,
            birth_date.month,
            birth_date.year % 100,
        ):
            raise OperationError(
                _l(
                    "NIK tidak sesuai dengan tanggal lahir dan jenis kelamin: angka ke-7 sampai "
                    "ke-12 harus berupa tanggal lahir HHBBTT (untuk perempuan, tanggal "
                    "ditambah 40)."
                ),
                "nik",
            )
    return nik


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def derive_category(birth_date: date, guidance_start: date) -> str:
    return vocab.ANAK if age_on(birth_date, guidance_start) < vocab.ADULT_AGE else vocab.DEWASA


@dataclass
class Lookups:
    """The office facts the rules check against, loaded once for a batch of changes.

    A web form checks one file and queries as it goes; an import of 100,000 rows
    cannot afford three queries per row, so it loads these first and the very same
    rules read them. `register_ids` maps each register number in use to its client
    (0 for numbers reserved earlier in the same batch).
    """

    today: date
    register_ids: dict[str, int]
    pks: dict[int, User]

    @classmethod
    def load(cls) -> Lookups:
        numbers = db.session.execute(select(Client.register_number, Client.id)).all()
        pks = db.session.scalars(select(User).where(User.role == Role.PK)).all()
        return cls(office_today(), dict(numbers), {pk.id: pk for pk in pks})


def _find_pk(pk_id: int | None, lookups: Lookups | None = None) -> User | None:
    if not pk_id:
        return None
    if lookups is not None:
        pk = lookups.pks.get(pk_id)
    else:
        pk = office_pk(pk_id)
    if pk is None:
        raise OperationError(_l("PK tidak ditemukan di kantor ini."), "pk_id")
    return pk


def office_pk(pk_id: int) -> User | None:
    """The bound office's PK with this id, or None.

    The signed-in PK choosing themself (the usual case) is already loaded: no statement.
    Otherwise one, under the office filter: a PK of another office is simply not found.
    """
    office_id = current_office_id()
    if office_id is None:  # the named opt-out, or no office (refused by the filter)
        return db.session.execute(
            select(User).where(User.id == pk_id, User.role == Role.PK)
        ).scalar_one_or_none()
    pk = db.session.get(User, pk_id)
    if pk is None or pk.role != Role.PK or pk.office_id != office_id:
        return None
    return pk


def find_pk(pk_id: int | None) -> User | None:
    """The PK of the bound office with this id (None if none chosen, refused if unknown):
    Litmas and guidance sessions pick their PK by the same rule as case files."""
    return _find_pk(pk_id)


def _register_taken(number: str, client: Client | None, lookups: Lookups | None) -> bool:
    own = client.id if client is not None else None
    if lookups is not None:
        return number in lookups.register_ids and lookups.register_ids[number] != own
    clash = select(Client.id).where(Client.register_number == number)
    if own is not None:
        clash = clash.where(Client.id != own)
    return db.session.scalar(clash) is not None


# What the table itself says about each column, read once (an import checks 100,000 rows).
_NOT_NULL_DEFAULTS = {
    c.name: (c.default.arg if c.default is not None else "")
    for c in Client.__table__.columns
    if not c.nullable
}
_LENGTHS = {c.name: getattr(c.type, "length", None) for c in Client.__table__.columns}


def _clean(
    data: dict[str, Any], client: Client | None, lookups: Lookups | None = None
) -> dict[str, Any]:
    """Check every rule; return the values to store. Raises every broken rule at once
    (`OperationErrors`; a form shows the first, an import lists them all)."""
    refused = Refusals()
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    for name, message in REQUIRED.items():
        if values.get(name) in (None, ""):
            refused.add(message, name)
    for name, allowed in CHOICES.items():
        if values.get(name) not in (None, "") and values[name] not in allowed:
            refused.add(_l("Pilihan tidak dikenal."), name)
    for name in ("education", "marital_status"):
        values[name] = values.get(name) or None
    for name, value in values.items():
        if value is None and name in _NOT_NULL_DEFAULTS:
            values[name] = _NOT_NULL_DEFAULTS[name]

    today = lookups.today if lookups is not None else office_today()
    # A date left empty (refused above) is left out of the rules that compare dates.
    born, start, end = (
        v if isinstance(v, date) else None
        for v in (values["birth_date"], values["guidance_start"], values["guidance_end"])
    )
    if not refused.failed("nik"):
        with refused.going_on():
            values["nik"] = check_nik(
                values["nik"], born, None if refused.failed("sex") else values["sex"]
            )
    if born is not None and born > today:
        refused.add(_l("Tanggal lahir tidak boleh di masa depan."), "birth_date")
    if start is not None and end is not None and end <= start:
        refused.add(_l("Tanggal akhir bimbingan harus setelah tanggal mulai."), "guidance_end")
    if start is not None and born is not None and start < born:
        refused.add(
            _l("Tanggal mulai bimbingan tidak boleh sebelum tanggal lahir."), "guidance_start"
        )
    decided = values.get("court_decision_date")
    if decided is not None and decided > today:
        refused.add(_l("Tanggal putusan tidak boleh di masa depan."), "court_decision_date")
    if values.get("phone") and not PHONE_RE.match(values["phone"]):
        refused.add(_l("Nomor telepon hanya boleh berisi angka, spasi, tanda + atau -."), "phone")
    for name in ("dependants", "sentence_months"):
        if values.get(name) is not None and values[name] < 0:
            refused.add(_l("Tidak boleh negatif."), name)
    values["dependants"] = values.get("dependants") or 0

    number = values["register_number"]
    if number and _register_taken(number, client, lookups):
        refused.add(
            _l("Nomor register %(number)s sudah dipakai di kantor ini.", number=number),
            "register_number",
        )

    pk = None
    with refused.going_on():
        pk = _find_pk(values.pop("pk_id", None), lookups)
    if pk is not None and not pk.active and (client is None or client.pk_id != pk.id):
        refused.add(_l("PK tersebut sudah tidak aktif."), "pk_id")
    values["pk_id"] = pk.id if pk else None

    override = values.pop("category_override", "") or ""
    reason = values.pop("category_reason", "") or ""
    if override and override not in vocab.CATEGORIES:
        refused.add(_l("Pilihan tidak dikenal."), "category_override")
    if born is not None and start is not None:
        derived = derive_category(born, start)
        if override and override != derived and not reason:
            refused.add(
                _l("Alasan wajib diisi bila kategori berbeda dari yang dihitung dari umur."),
                "category_reason",
            )
        values["category"] = override or derived
        values["category_overridden"] = bool(override) and override != derived
        values["category_reason"] = reason if values["category_overridden"] else ""
        if values["program"] == "diversi" and values["category"] != vocab.ANAK:
            refused.add(_l("Diversi hanya untuk klien anak."), "program")
    for name, value in values.items():
        limit = _LENGTHS.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            refused.add(_l("Paling banyak %(max)d karakter.", max=limit), name)
    refused.raise_any()
    return values


def _flush() -> None:
    """Flush, turning a lost race into the same messages the checks give."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise OperationError(CONFLICT) from exc
    except IntegrityError as exc:
        raise OperationError(
            _l("Nomor register sudah dipakai di kantor ini."), "register_number"
        ) from exc


# --- changes ------------------------------------------------------------------------------


def check_new_client(data: dict[str, Any], lookups: Lookups | None = None) -> dict[str, Any]:
    """The row a new client would be stored as, after every rule; raises if one is broken.

    With `lookups`, the register number is reserved in them, so a later row of the
    same batch that repeats it is refused exactly as the form would refuse it.
    """
    values = _clean({k: data.get(k) for k in FIELDS}, None, lookups)
    if lookups is not None:
        lookups.register_ids[values["register_number"]] = 0
    return {**values, "status": vocab.AKTIF, "status_date": values["guidance_start"]}


def _created_event(row: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return (
        f"Klien {row['register_number']} didaftarkan",
        {"register_number": row["register_number"], "category": row["category"]},
    )


def create_client(**data: Any) -> Client:
    row = check_new_client(data)
    client = Client(**row)
    db.session.add(client)
    _flush()
    summary, detail = _created_event(row)
    record("create", "client", client.id, summary=summary, detail=detail)
    client_changed.send(client)
    return client


def insert_clients(rows: Sequence[dict[str, Any]], actor: User | None = None) -> list[int]:
    """Store many clients already passed through `check_new_client`, in bulk.

    An ORM bulk INSERT, so the tenancy listener still stamps and checks the office;
    each client gets the same audit event `create_client` writes. On PostgreSQL the
    rows are stored while the caller goes on (`portal.bulk`, wait=False): an import
    checks its next rows meanwhile; a failure surfaces at its next query or commit.
    """
    ids = insert_returning_ids(Client, rows, wait=False)
    record_many(
        "create",
        "client",
        [(client_id, *_created_event(row)) for client_id, row in zip(ids, rows, strict=True)],
        actor=actor,
        wait=False,
    )
    clients_inserted.send(None, ids=ids, rows=rows)
    return ids


def pending_changes(
    client: Client, data: dict[str, Any], lookups: Lookups | None = None
) -> dict[str, Any]:
    """The fields an edit would change (after every rule), without changing anything.

    An import preview uses it to say "updated" or "unchanged" before anything is written.
    """
    values = _clean({k: data.get(k) for k in FIELDS}, client, lookups)
    return {k: v for k, v in values.items() if getattr(client, k) != v}


def update_client(
    client: Client,
    expected_version: int | None,
    *,
    lookups: Lookups | None = None,
    **data: Any,
) -> Client:
    """Apply an edit made on the version `expected_version` of the file.

    If someone saved the file since that version was shown, nothing changes.
    """
    if expected_version != client.version_id:
        raise OperationError(CONFLICT)
    values = pending_changes(client, data, lookups)
    changed = sorted(values)
    for name in changed:
        setattr(client, name, values[name])
    if changed:
        _flush()
        record(
            "update",
            "client",
            client.id,
            summary=f"Berkas klien {client.register_number} diubah",
            detail={"fields": changed},
        )
        if {"guidance_start", "guidance_end"} & set(changed):
            client_changed.send(client)
    return client


def allowed_statuses(client: Client) -> tuple[str, ...]:
    return vocab.TRANSITIONS.get(client.status, ())


# Statuses that end guidance in this office (a transfer has its own page and rules).
ENDINGS = (vocab.SELESAI, vocab.DICABUT, vocab.MENINGGAL)


def check_status_change(client: Client, to_status: str, on: date | None, reason: str) -> str:
    """Every rule of a status change, writing nothing: the confirmation page shows only a
    change that `change_status` will accept. Returns the reason as it will be stored."""
    reason = (reason or "").strip()
    if to_status not in allowed_statuses(client):
        raise OperationError(
            _l(
                "Status tidak dapat diubah dari %(old)s menjadi %(new)s.",
                old=vocab.label(vocab.STATUSES, client.status),
                new=vocab.label(vocab.STATUSES, to_status),
            ),
            "to_status",
        )
    if on is None:
        raise OperationError(_l("Tanggal perubahan status wajib diisi."), "on")
    if on > office_today():
        raise OperationError(_l("Tanggal perubahan status tidak boleh di masa depan."), "on")
    if on < client.guidance_start:
        raise OperationError(
            _l("Tanggal perubahan status tidak boleh sebelum mulai bimbingan."), "on"
        )
    if not reason:
        raise OperationError(_l("Alasan perubahan status wajib diisi."), "reason")
    return reason


def change_status(
    client: Client, to_status: str, on: date | None, reason: str, actor: User | None = None
) -> ClientStatusChange:
    reason = check_status_change(client, to_status, on, reason)
    change = ClientStatusChange(
        client=client,
        changed_on=on,
        from_status=client.status,
        to_status=to_status,
        reason=reason[:500],
        by_user_id=actor.id if actor else None,
        by_user_name=actor.full_name if actor else "sistem",
    )
    client.status, client.status_date = to_status, on
    db.session.add(change)
    _flush()
    record(
        "status",
        "client",
        client.id,
        summary=f"Status klien {client.register_number}: {change.from_status} → {to_status}",
        detail={"from": change.from_status, "to": to_status, "on": on.isoformat()},
        actor=actor,
    )
    client_changed.send(client)
    return change


def record_view(client_id: int, register_number: str) -> None:
    """Reading a case file is recorded too (UU 27/2022: who saw whose data)."""
    record_read("view", "client", client_id, summary=f"Berkas klien {register_number} dibuka")
