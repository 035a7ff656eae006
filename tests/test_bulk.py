"""Bulk inserts of imports (portal.bulk): the office is stamped and checked by tenancy,
on PostgreSQL's one-statement array path as on SQLite's executemany."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, insert, literal, select
from sqlalchemy.exc import DBAPIError
from transfer_helpers import HEADERS, client_row

from portal import bulk
from portal.audit.models import AuditEvent
from portal.audit.operations import record_many
from portal.bulk import insert_columns, insert_returning_ids, insert_rows
from portal.clients import operations as client_ops
from portal.clients.models import Client
from portal.extensions import db
from portal.indicators.models import IndicatorStatus
from portal.offices.models import Office
from portal.reporting.models import ReportDue, ReportingPlan
from portal.tenancy import TenancyError, all_offices, office_scope
from portal.transfer import engine
from portal.transfer.clients import ClientImporter
from portal.transfer.reading import Limits


@pytest.fixture(autouse=True)
def arrays_for_any_number_of_rows(monkeypatch):
    """These tests write a few rows; on PostgreSQL they take the array path all the same."""
    monkeypatch.setattr(bulk, "ARRAY_MIN_ROWS", 1)


def _office_id(slug: str) -> int:
    return db.session.scalar(select(Office.id).where(Office.slug == slug))


def _client_row(n: int) -> dict:
    return client_ops.check_new_client(
        {
            "register_number": f"PB-BULK-{n}",
            "name": f"Klien Massal {n}",
            "nik": f"33020115059000{n:02d}",
            "sex": "L",
            "birth_date": date(1990, 5, 15),
            "offence": "pencurian",
            "program": "pb",
            "guidance_start": date(2025, 1, 6),
            "guidance_end": date(2025, 6, 30),
        }
    )


def test_bulk_rows_get_the_bound_office_ids_in_order_and_defaults(app):
    with app.app_context():
        pwt = _office_id("purwokerto")
        with office_scope(pwt):
            rows = [_client_row(n) for n in range(1, 4)]
            ids = insert_returning_ids(Client, rows)
            stored = db.session.execute(
                select(
                    Client.id,
                    Client.register_number,
                    Client.office_id,
                    Client.version_id,
                    Client.created_at,
                ).order_by(Client.id)
            ).all()
            assert [(r.id, r.register_number) for r in stored] == list(
                zip(ids, ["PB-BULK-1", "PB-BULK-2", "PB-BULK-3"], strict=True)
            )
            assert {(r.office_id, r.version_id) for r in stored} == {(pwt, 1)}
            assert all(r.created_at is not None for r in stored)

            insert_columns(
                ReportDue,
                {
                    "client_id": ids,
                    "due_on": [date(2025, 2, 6)] * 3,
                    "window_from": [date(2025, 1, 30)] * 3,
                    "window_to": [date(2025, 2, 13)] * 3,
                    "cancelled": [False] * 3,  # no constant at all: the office still stamped
                },
            )
            insert_rows(ReportingPlan, [{"client_id": i, "frequency": "bulanan"} for i in ids])
            record_many("create", "client", [(i, f"Klien {i}", {"n": [i]}) for i in ids])
            db.session.commit()
            dues = db.session.execute(select(ReportDue.client_id, ReportDue.office_id)).all()
            assert sorted(dues) == [(i, pwt) for i in ids]
            plans = db.session.execute(select(ReportingPlan.office_id, ReportingPlan.updated_at))
            assert [(o, at is not None) for o, at in plans] == [(pwt, True)] * 3
            events = db.session.execute(
                select(AuditEvent.object_id, AuditEvent.office_id, AuditEvent.detail).order_by(
                    AuditEvent.object_id
                )
            ).all()
            assert events == [(i, pwt, {"n": [i]}) for i in ids]


def test_values_of_every_kind_come_back_as_written(app):
    """The array path frames ids, days, flags and text itself (PostgreSQL's binary
    format): empty values, days before 2000, text beyond ASCII and the empty string are
    stored exactly as the ORM would store them, on SQLite's path as on PostgreSQL's."""
    columns = (
        "name",
        "street",
        "education",
        "birth_date",
        "court_decision_date",
        "dependants",
        "sentence_months",
        "pk_id",
        "category_overridden",
    )
    with app.app_context():
        with office_scope(_office_id("purwokerto")):
            rows = [_client_row(n) for n in range(1, 5)]
            varied = [
                {"name": "Ni Kadek Ayu Śrī Ütari", "street": "", "education": None},
                {"birth_date": date(1969, 12, 31), "court_decision_date": date(2000, 1, 1)},
                {"dependants": 0, "sentence_months": None, "category_overridden": True},
                {"name": 'O\'Brien "Kecil" {1,2} \\ NULL', "street": "Jl. 5 — RT 03/RW 05"},
            ]
            rows = [{**row, **change} for row, change in zip(rows, varied, strict=True)]
            ids = insert_returning_ids(Client, rows)
            stored = db.session.execute(
                select(*(getattr(Client, c) for c in columns))
                .where(Client.id.in_(ids))
                .order_by(Client.id)
            ).all()
            assert [tuple(r) for r in stored] == [tuple(row[c] for c in columns) for row in rows]
            db.session.rollback()
            # A number given for a text column is stored as its text, as a cast would.
            (number_id,) = insert_returning_ids(Client, [{**_client_row(6), "phone": 812345}])
            assert db.session.get(Client, number_id).phone == "812345"
            db.session.rollback()
            if db.engine.dialect.name == "postgresql":  # a value too long is refused, not cut
                with pytest.raises(DBAPIError, match="too long"):
                    insert_returning_ids(Client, [{**_client_row(5), "name": "x" * 121}])
                db.session.rollback()


def test_bulk_rows_of_another_office_or_of_no_office_are_refused(app):
    with app.app_context():
        pwt, tgr = _office_id("purwokerto"), _office_id("tangerang")
        with office_scope(pwt):
            (client_id,) = insert_returning_ids(Client, [_client_row(1)])
            due = {
                "client_id": [client_id],
                "due_on": [date(2025, 2, 6)],
                "window_from": [date(2025, 1, 30)],
                "window_to": [date(2025, 2, 13)],
            }
            with pytest.raises(TenancyError):
                insert_returning_ids(Client, [{**_client_row(2), "office_id": tgr}])
            with pytest.raises(TenancyError):
                insert_columns(ReportDue, due, {"cancelled": False, "office_id": tgr})
            with pytest.raises(TenancyError):
                insert_rows(ReportingPlan, [{"client_id": client_id, "office_id": tgr}])
            # Rows of two offices: each row is held to the bound office.
            with pytest.raises(TenancyError):
                insert_rows(
                    ReportingPlan,
                    [{"client_id": client_id, "office_id": o} for o in (pwt, tgr)],
                )
            db.session.rollback()
        with pytest.raises(TenancyError):
            insert_columns(ReportingPlan, {"client_id": [1]}, {"frequency": "bulanan"})
        db.session.rollback()
        with office_scope(tgr):
            assert db.session.scalar(select(func.count(Client.id))) == 0


def test_an_insert_from_select_must_take_the_office_as_parameter(app):
    with app.app_context():
        source = select(
            literal(1), literal("bulanan"), literal(_office_id("tangerang")), func.now()
        )
        statement = insert(ReportingPlan).from_select(
            [
                ReportingPlan.client_id,
                ReportingPlan.frequency,
                ReportingPlan.office_id,
                ReportingPlan.updated_at,
            ],
            source,
        )
        for scope in (office_scope(_office_id("purwokerto")), all_offices("test")):
            with scope, pytest.raises(TenancyError):
                db.session.execute(statement.execution_options(dml_strategy="raw"))
            db.session.rollback()


def test_a_bulk_insert_marks_the_office_figures_stale(app):
    with app.app_context():
        with office_scope(_office_id("purwokerto")):
            status = db.session.scalar(select(IndicatorStatus))
            if status is None:
                db.session.add(IndicatorStatus(data_version=1))
                db.session.commit()
            before = db.session.scalar(select(IndicatorStatus.data_version))
            client_ops.insert_clients([_client_row(1)])
            db.session.commit()
            assert db.session.scalar(select(IndicatorStatus.data_version)) > before
            assert db.session.scalar(select(func.count(ReportDue.id))) == 5


def test_a_deferred_insert_fails_at_the_next_statement_and_nothing_stays(app):
    with app.app_context(), office_scope(_office_id("purwokerto")):
        (client_id,) = insert_returning_ids(Client, [_client_row(1)])
        due = {
            "client_id": [client_id, client_id],
            "due_on": [date(2025, 2, 6)] * 2,  # twice the same due date: refused
            "window_from": [date(2025, 1, 30)] * 2,
            "window_to": [date(2025, 2, 13)] * 2,
        }
        deferred = db.engine.dialect.name == "postgresql"
        with pytest.raises(Exception, match="(?i)unique"):
            insert_columns(ReportDue, due, {"cancelled": False}, wait=False)
            assert deferred  # only PostgreSQL gets here: the server is still at work
            db.session.scalar(select(func.count(Client.id)))
        db.session.rollback()
        assert db.session.scalar(select(func.count(Client.id))) == 0

        (client_id,) = insert_returning_ids(Client, [_client_row(1)])
        due = {**{k: v[:1] for k, v in due.items()}, "client_id": [client_id]}
        insert_columns(ReportDue, due, {"cancelled": False}, wait=False)
        db.session.commit()  # waits for the deferred insert first
        assert db.session.scalar(select(func.count(ReportDue.id))) == 1


def test_chunks_written_before_a_bad_last_row_are_rolled_back(app, monkeypatch):
    monkeypatch.setattr(engine, "CHUNK", 4)  # two chunks (and their due dates) written
    rows = [client_row(i) for i in range(1, 10)] + [client_row(10, NIK="123")]
    cells = [(1, HEADERS)] + [(n, row) for n, row in enumerate(rows, start=2)]
    with app.app_context(), office_scope(_office_id("purwokerto")):
        outcome = engine.run_rows(ClientImporter(), iter(cells), Limits(), write=True)
        assert not outcome.ok and outcome.problems[0][:2] == (11, "NIK")
        db.session.rollback()
        for model in (Client, ReportDue, ReportingPlan, AuditEvent):
            assert db.session.scalar(select(func.count(model.id))) == 0, model


def test_deferred_statements_queued_behind_a_failed_one_leave_nothing(app):
    with app.app_context(), office_scope(_office_id("purwokerto")):
        with pytest.raises(Exception, match="(?i)unique"):
            ids = insert_returning_ids(Client, [_client_row(1)], wait=False)
            plans = {"client_id": ids * 2}  # one plan per client: the second is refused
            insert_columns(ReportingPlan, plans, {"frequency": "bulanan"}, wait=False)
            dues = {
                "client_id": ids,
                "due_on": [date(2025, 2, 6)],
                "window_from": [date(2025, 1, 30)],
                "window_to": [date(2025, 2, 13)],
            }
            insert_columns(ReportDue, dues, {"cancelled": False}, wait=False)
            db.session.commit()
        db.session.rollback()
        for model in (Client, ReportingPlan, ReportDue):
            assert db.session.scalar(select(func.count(model.id))) == 0, model
