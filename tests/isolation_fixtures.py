"""The people and objects of the isolation matrix: a victim office and its attackers.

Later modules extend `make_victim_objects` with their own records (clients,
trainings...) so every route's object arguments point into the victim office.
"""

from __future__ import annotations

from datetime import date

VICTIM_OFFICE = "tangerang"
ATTACKER_OFFICE = "purwokerto"
VICTIM_MARKER = "Korban Penanda Tangerang"

# (label, role, office, region)
ATTACKERS = [
    ("admin", "admin", ATTACKER_OFFICE, None),
    ("pk", "pk", ATTACKER_OFFICE, None),
    ("staff", "staff", ATTACKER_OFFICE, None),
    ("viewer", "viewer", ATTACKER_OFFICE, None),
    ("regional-other-region", "regional", None, "jawa-tengah"),
    ("regional-victim-region", "regional", None, "banten"),
    ("national", "national", None, None),
    ("sysadmin", "sysadmin", None, None),
]


def make_victim_objects(app, make_user) -> dict:
    """Records of the victim office whose ids the routes are called with."""
    # The office's administrator is legitimately visible to system administrators;
    # the marker is carried only by records nobody outside the office may see.
    admin_id = make_user(
        "admin",
        office=VICTIM_OFFICE,
        username="admin.tangerang",
        full_name="Administrator Tangerang",
    )
    user_id = make_user("pk", office=VICTIM_OFFICE, username="korban.pk", full_name=VICTIM_MARKER)
    client_id = _make_client(app, VICTIM_OFFICE, pk_id=user_id, name=VICTIM_MARKER)
    objs = {
        "user_id": user_id,
        "client_id": client_id,
        "slug": VICTIM_OFFICE,
        "token_id": _make_api_token(app),
        "batch_token": _make_import_batch(app, VICTIM_OFFICE),
    }
    objs.update(_make_guidance_objects(app, VICTIM_OFFICE, client_id, user_id))
    objs.update(_make_reporting(app, VICTIM_OFFICE, client_id, user_id))
    objs.update(_make_training_objects(app, VICTIM_OFFICE, client_id))
    objs.update(_make_litmas_request_objects(app, VICTIM_OFFICE, admin_id, user_id))
    return objs


def _make_litmas_request_objects(app, office_slug: str, admin_id: int, pk_id: int) -> dict:
    """A Litmas request with a draft report, and a TPP session that discussed it."""
    from datetime import date, time

    from portal.auth.models import User
    from portal.extensions import db
    from portal.litmas.requests import operations, report, tpp

    def make() -> dict:
        admin, pk = db.session.get(User, admin_id), db.session.get(User, pk_id)
        request = operations.create_request(
            admin,
            requester_kind="lapas",
            requester_institution="Lapas Kelas I Tangerang",
            letter_number="W11.PAS.1-PK.01.05.02-001",
            letter_date=date(2025, 3, 1),
            purpose="pembebasan_bersyarat",
            received_on=date(2025, 3, 3),
            received_time=time(9, 0),
            person_name=VICTIM_MARKER,
            category="dewasa",
        )
        operations.appoint_pk(request, pk.id, admin, request.version_id)
        report.save_report(request, pk, None, background=VICTIM_MARKER)
        session = tpp.create_session(admin, date(2025, 3, 5), [VICTIM_MARKER])
        tpp.record_recommendation(session, request, VICTIM_MARKER)
        return {"request_id": request.id, "tpp_session_id": session.id}

    return _in_office(app, office_slug, make)


def _make_import_batch(app, office_slug: str) -> str:
    """An uploaded file awaiting confirmation: its token must be 404 to everyone else."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.offices.models import Office
    from portal.tenancy import office_scope
    from portal.transfer.models import READY, ImportBatch

    token = "korban" + "x" * 40
    with app.app_context():
        office = db.session.scalar(select(Office).where(Office.slug == office_slug))
        with office_scope(office.id):
            db.session.add(
                ImportBatch(
                    token=token,
                    kind="klien",
                    filename=f"{VICTIM_MARKER}.xlsx",
                    size_bytes=1,
                    sha256="0" * 64,
                    created_by_name=VICTIM_MARKER,
                    state=READY,
                    total_rows=1,
                    report={"headers": ["Nama"], "preview": [["2", VICTIM_MARKER]]},
                )
            )
            db.session.commit()
        db.session.remove()
    return token


def _make_api_token(app) -> int:
    """A token made by a national officer: no one else may revoke it."""
    from portal.auth.operations import create_user
    from portal.extensions import db
    from portal.indicators.tokens import create_token
    from portal.tenancy import all_offices

    with app.app_context(), all_offices("test fixture"):
        owner = create_user(
            username="pemilik.token",
            full_name="Pemilik Token",
            role="national",
            password="Kata-Sandi-Uji-2026",
            must_change_password=False,
        )
        token, _plain = create_token(owner, "Dasbor", 30)
        db.session.commit()
        token_id = token.id
        db.session.remove()
    return token_id


def _make_guidance_objects(app, office_slug: str, client_id: int, pk_id: int) -> dict:
    """A Litmas and a guidance session of the victim office, carrying the marker."""
    from datetime import date

    from portal.auth.models import User
    from portal.clients.models import Client
    from portal.extensions import db
    from portal.guidance.operations import create_session
    from portal.litmas.operations import create_litmas

    def make() -> dict:
        client = db.session.get(Client, client_id)
        litmas = create_litmas(
            client,
            written_on=date(2025, 1, 2),
            purpose="pembimbingan_awal",
            pk_id=pk_id,
            background=VICTIM_MARKER,
            skills=["kuliner"],
        )
        session = create_session(
            db.session.get(User, pk_id),
            [{"client_id": client_id, "attendance": "hadir"}],
            held_on=date(2025, 2, 3),
            kind="kepribadian",
            subtype="konseling",
            format="individu",
            stage="awal",
            pk_id=pk_id,
            topic=VICTIM_MARKER,
        )
        return {"litmas_id": litmas.id, "session_id": session.id}

    return _in_office(app, office_slug, make)


def _make_reporting(app, office_slug: str, client_id: int, pk_id: int) -> dict:
    """A report, a violation and a mobile counseling day (carrying the marker)."""
    from datetime import date

    from sqlalchemy import select

    from portal.clients.models import Client
    from portal.extensions import db
    from portal.reporting import mobile, operations
    from portal.reporting.models import ReportDue

    def make() -> dict:
        client = db.session.get(Client, client_id)
        dues = db.session.scalars(select(ReportDue).order_by(ReportDue.due_on)).all()
        operations.record_report(
            client, on=dues[0].due_on, mode="video", pk_id=pk_id, note=VICTIM_MARKER
        )
        operations.record_violation(client, dues[1].id, VICTIM_MARKER)
        day = mobile.plan_day(
            held_on=date(2025, 6, 14), kelurahan=VICTIM_MARKER, kecamatan="Cipondoh", pk_ids=[pk_id]
        )
        return {"due_id": dues[1].id, "day_id": day.id}

    return _in_office(app, office_slug, make)


def _in_office(app, office_slug: str, fn):
    """Run fn() in that office's scope, commit, and return its result."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.offices.models import Office
    from portal.tenancy import office_scope

    with app.app_context():
        office = db.session.scalar(select(Office).where(Office.slug == office_slug))
        with office_scope(office.id):
            result = fn()
            db.session.commit()
        db.session.remove()
    return result


def _make_client(app, office_slug: str, **fields) -> int:
    from datetime import date

    from sqlalchemy import select

    from portal.clients.operations import create_client
    from portal.extensions import db
    from portal.offices.models import Office
    from portal.tenancy import office_scope

    values = {
        "register_number": "PB-KORBAN-001",
        "name": "Budi Santoso",
        "nik": "3603011505900001",
        "sex": "L",
        "birth_date": date(1990, 5, 15),
        "offence": "pencurian",
        "program": "pb",
        "guidance_start": date(2025, 1, 6),
        "guidance_end": date(2026, 1, 6),
        **fields,
    }
    with app.app_context():
        office = db.session.scalar(select(Office).where(Office.slug == office_slug))
        with office_scope(office.id):
            client_id = create_client(**values).id
            db.session.commit()
        db.session.remove()
    return client_id


JUVENILE = {  # a child on diversion: seen only by their PK and the office administrator
    "name": "Anak Rahasia",
    "nik": "3302011505100003",
    "birth_date": date(2010, 5, 15),
    "program": "diversi",
}


def _make_juvenile(app, office_slug: str, pk_id: int, **fields) -> int:
    return _make_client(app, office_slug, **{**JUVENILE, "pk_id": pk_id, **fields})


def _make_training_objects(app, office_slug: str, client_id: int) -> dict:
    """A partner with an agreement, a Griya Abhipraya, a placement, and a training
    whose session has the client as a participant with a recorded follow-up."""
    from datetime import date

    from sqlalchemy import select

    from portal.auth.models import User
    from portal.extensions import db
    from portal.offices.models import Office
    from portal.partners import operations as partners
    from portal.partners.placements import create_placement
    from portal.tenancy import office_scope
    from portal.trainings import operations as trainings
    from portal.trainings.followups import record_follow_up

    with app.app_context():
        office = db.session.scalar(select(Office).where(Office.slug == office_slug))
        with office_scope(office.id):
            admin = db.session.scalar(select(User).where(User.role == "admin"))
            partner = partners.create_partner(
                name=VICTIM_MARKER, kind="badan_usaha", services=["pelatihan", "magang"]
            )
            agreement = partners.create_agreement(
                partner,
                number="PKS-KORBAN/1",
                start_date=date(2025, 1, 1),
                end_date=date(2027, 1, 1),
                services=["pelatihan"],
            )
            venue = partners.create_venue(
                name=f"Griya {VICTIM_MARKER}", beds=4, training_places=20, partner_ids=[partner.id]
            )
            placement = create_placement(
                admin,
                client_id=client_id,
                partner_id=partner.id,
                kind="magang",
                position=VICTIM_MARKER,
                start_date=date(2025, 4, 1),
                outcome="berlangsung",
            )
            training = trainings.create_training(
                title=VICTIM_MARKER, skill_field="barista", partner_id=partner.id
            )
            session = trainings.create_session(
                training,
                start_date=date(2025, 3, 10),
                end_date=date(2025, 3, 12),
                venue_kind="griya_abhipraya",
                venue_id=venue.id,
                budget=1_000_000,
            )
            participant = trainings.enrol(admin, session, client_id)
            trainings.update_participant(
                admin,
                participant,
                attended=True,
                completed=True,
                certificate=True,
                transport_money=50_000,
            )
            record_follow_up(
                admin,
                participant,
                3,
                followed_on=date(2025, 6, 12),
                applying_skill=True,
                work_status="bekerja",
                sector="kuliner",
                note=VICTIM_MARKER,
            )
            db.session.commit()
            ids = {
                "partner_id": partner.id,
                "agreement_id": agreement.id,
                "venue_id": venue.id,
                "placement_id": placement.id,
                "training_id": training.id,
                "training_session_id": session.id,
                "participant_id": participant.id,
            }
        db.session.remove()
    return ids
