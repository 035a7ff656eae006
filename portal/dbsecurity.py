"""PostgreSQL row-level security and privileges, applied by the migrations.

Kept in one module so every migration that adds an office table calls the same
policy. A no-op on SQLite, which has neither roles nor policies.
"""

from __future__ import annotations

from alembic import op
from flask import current_app

# Tables the app may only insert into and read: the records of what happened.
# Every migration's grant step re-applies this one list (to the tables that exist
# by then), so a later migration cannot give back what an earlier one took away.
APPEND_ONLY = ("audit_events", "client_status_changes", "report_violations")

# Each setting is read in a scalar subquery, which PostgreSQL evaluates once per statement
# (an InitPlan) instead of once per row: a list filtering thousands of rows saves
# milliseconds. Same rule, same result.
BOUND = "(SELECT NULLIF(current_setting('app.office_id', true), '')::integer)"
ALL = "(SELECT current_setting('app.all_offices', true)) = 'on'"
# Tables that also hold rows of no office (central accounts and their audit events).
CENTRAL_ROWS = ("users", "audit_events", "enrolments")


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def app_role() -> str:
    return current_app.config["DB_APP_ROLE"]


def ensure_app_role() -> None:
    if not _is_postgres():
        return
    role = app_role()
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
        f"THEN CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$"
    )


def enable_office_rls(table: str, central_rows: bool = False) -> None:
    """Rows are visible and writable only for the office bound in the transaction.

    `central_rows`: the table also holds rows of no office (central accounts and
    their audit events), visible only when no office is bound.
    """
    if not _is_postgres():
        return
    rule = f"{ALL} OR office_id = {BOUND}"
    if central_rows:
        rule += f" OR (office_id IS NULL AND {BOUND} IS NULL)"
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"DROP POLICY IF EXISTS office_isolation ON {table}")
    op.execute(f"CREATE POLICY office_isolation ON {table} USING ({rule}) WITH CHECK ({rule})")


def grant_app_privileges(append_only: tuple[str, ...] = ()) -> None:
    """Data privileges for the app role; APPEND_ONLY tables (and `append_only`) get no
    UPDATE or DELETE."""
    if not _is_postgres():
        return
    role = app_role()
    op.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}")
    for table in sorted({*APPEND_ONLY, *append_only}):
        op.execute(
            f"DO $$ BEGIN IF to_regclass('public.{table}') IS NOT NULL THEN "
            f"REVOKE UPDATE, DELETE ON {table} FROM {role}; END IF; END $$"
        )


def refresh_office_policies() -> None:
    """Re-create the policy of every table that has one, with the rule as written here."""
    if not _is_postgres():
        return
    tables = op.get_bind().exec_driver_sql(
        "SELECT tablename FROM pg_policies "
        "WHERE schemaname = 'public' AND policyname = 'office_isolation' ORDER BY 1"
    )
    for (table,) in tables.all():
        enable_office_rls(table, central_rows=table in CENTRAL_ROWS)
