"""The central scoping mechanism: fail closed, stamp inserts, never cross offices."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select, update

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import TenancyError, all_offices, bind_office, office_scope


def _office_id(slug: str) -> int:
    return db.session.scalar(select(Office.id).where(Office.slug == slug))


def test_query_without_office_raises(app, make_user):
    make_user("pk", office="purwokerto")
    with app.app_context():
        with pytest.raises(TenancyError):
            db.session.scalars(select(User)).all()
        with pytest.raises(TenancyError):
            db.session.execute(update(User).values(full_name="x"))
        with pytest.raises(TenancyError):
            db.session.execute(delete(AuditEvent))


def test_opt_out_must_say_why(app):
    with app.app_context(), pytest.raises(TenancyError), all_offices("  "):
        pass


def test_scope_limits_select_update_delete(app, make_user):
    make_user("pk", office="purwokerto", username="pkpwt")
    make_user("pk", office="tangerang", username="pktgr")
    with app.app_context():
        pwt, tgr = _office_id("purwokerto"), _office_id("tangerang")
        with office_scope(pwt):
            assert db.session.scalars(select(User.username)).all() == ["pkpwt"]
            # A bulk UPDATE and DELETE touch only the bound office's rows.
            db.session.execute(update(User).values(full_name="Diubah"))
            db.session.execute(delete(User).where(User.username == "pktgr"))
            db.session.commit()
        with office_scope(tgr):
            user = db.session.scalar(select(User))
            assert user.username == "pktgr" and user.full_name != "Diubah"


def test_a_statement_built_once_is_scoped_to_each_office_it_runs_in(app, make_user):
    """The scoped copy of a statement is kept per statement object and office: the same
    object run for one office, then another, then with none, reads only the bound
    office's rows, and still fails closed with no office."""
    make_user("pk", office="purwokerto", username="pk_once_pwt")
    make_user("pk", office="tangerang", username="pk_once_tgr")
    built_once = select(User.username).order_by(User.username)
    reads_no_office_data = select(func.count()).select_from(Office)
    with app.app_context():
        pwt, tgr = _office_id("purwokerto"), _office_id("tangerang")
        for _ in range(2):  # the second round runs the kept copies
            with office_scope(pwt):
                assert db.session.scalars(built_once).all() == ["pk_once_pwt"]
                assert db.session.scalar(reads_no_office_data) >= 2
            with office_scope(tgr):
                assert db.session.scalars(built_once).all() == ["pk_once_tgr"]
            with pytest.raises(TenancyError):
                db.session.scalars(built_once).all()
            db.session.rollback()


def test_inserts_are_stamped_and_foreign_rows_refused(app):
    with app.app_context():
        pwt, tgr = _office_id("purwokerto"), _office_id("tangerang")
        with office_scope(pwt):
            event = AuditEvent(actor_name="uji", action="x", object_type="y")
            db.session.add(event)
            db.session.flush()
            assert event.office_id == pwt
            db.session.add(AuditEvent(office_id=tgr, actor_name="uji", action="x", object_type="y"))
            with pytest.raises(TenancyError):
                db.session.flush()
            db.session.rollback()
            # Bulk ORM inserts are held to the same rule.
            db.session.execute(
                insert(AuditEvent), [{"actor_name": "a", "action": "b", "object_type": "c"}]
            )
            with pytest.raises(TenancyError):
                db.session.execute(
                    insert(AuditEvent),
                    [{"actor_name": "a", "action": "b", "object_type": "c", "office_id": tgr}],
                )
            db.session.rollback()


def test_a_session_never_serves_two_offices(app):
    with app.app_context():
        bind_office(_office_id("purwokerto"))
        with pytest.raises(TenancyError):
            bind_office(_office_id("tangerang"))


def test_relationship_and_joined_queries_are_scoped(app, make_user):
    make_user("pk", office="purwokerto", username="pkpwt")
    make_user("pk", office="tangerang", username="pktgr")
    with app.app_context(), office_scope(_office_id("purwokerto")):
        # A join from the unscoped offices table still only yields this office's users.
        rows = db.session.execute(select(Office.slug, User.username).join(User)).all()
        assert rows == [("purwokerto", "pkpwt")]


def test_counts_over_subqueries_are_scoped_and_fail_closed(app, make_user):
    make_user("pk", office="purwokerto")
    make_user("pk", office="tangerang")
    make_user("pk", office="tangerang")
    stmt = select(func.count()).select_from(select(User).subquery())
    with app.app_context():
        with pytest.raises(TenancyError):
            db.session.scalar(stmt)
        with office_scope(_office_id("tangerang")):
            assert db.session.scalar(stmt) == 2
