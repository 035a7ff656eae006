"""Operator commands: `flask tenants sync`, `flask users create`, `flask demo seed`,
`flask import <kind>`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from portal.errors import OperationError
from portal.extensions import db

tenants_cli = AppGroup("tenants", help="Offices (Bapas) defined in tenants/.")
users_cli = AppGroup("users", help="Accounts.")
demo_cli = AppGroup("demo", help="Synthetic demonstration data.")


@tenants_cli.command("sync")
def tenants_sync() -> None:
    """Create or update offices and regions from the files in tenants/."""
    from portal.offices.loader import TenantFileError, load_all
    from portal.offices.operations import sync_offices

    try:
        specs = load_all()
    except TenantFileError as exc:
        raise click.ClickException(f"tenants/{exc}. Nothing was changed.") from exc
    report = sync_offices(specs)
    for label, slugs in (
        ("created", report.created),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
    ):
        if slugs:
            click.echo(f"{label}: {', '.join(slugs)}")
    if report.not_in_files:
        click.echo(
            f"in the database but not in tenants/ (left as is): {', '.join(report.not_in_files)}"
        )


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "pk", "staff", "viewer", "regional", "national", "sysadmin"]),
)
@click.option("--office", "office_slug", help="Office slug, for office roles.")
@click.option("--region", "region_code", help="Region code, for regional officers.")
@click.password_option(help="Initial password (asked for if not given).")
def users_create(username, full_name, role, office_slug, region_code, password) -> None:
    """Create an account; office administrators then manage their office in the web UI."""
    from portal.auth.operations import create_user
    from portal.offices.models import Office, Region
    from portal.tenancy import all_offices, office_scope

    office = region = None
    if office_slug:
        office = db.session.scalar(select(Office).where(Office.slug == office_slug))
        if office is None:
            raise click.ClickException(f"no office '{office_slug}' (run `flask tenants sync`)")
    if region_code:
        region = db.session.scalar(select(Region).where(Region.code == region_code))
        if region is None:
            raise click.ClickException(f"no region '{region_code}'")
    scope = office_scope(office.id) if office else all_offices("CLI creates a central account")
    try:
        with scope:
            user = create_user(
                username=username,
                full_name=full_name,
                role=role,
                password=password,
                office=office,
                region=region,
                must_change_password=False,
            )
            db.session.commit()
            click.echo(f"created {user.username} ({role})")
    except OperationError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing if accounts already exist.")
def demo_seed(if_empty: bool) -> None:
    """Fill the offices with synthetic demonstration data (never real people)."""
    from portal.demo.seed import seed_demo

    result = seed_demo(if_empty=if_empty)
    click.echo(result)


@demo_cli.command("accounts")
def demo_accounts() -> None:
    """Print the demo accounts (demo only: every one shares the documented password)."""
    from portal.demo.seed import DEMO_PASSWORD, office_account_names
    from portal.offices.models import Office

    click.echo("Demo accounts (synthetic data only), password for all: " + DEMO_PASSWORD)
    names = ", ".join(f"{name} ({role.value})" for name, role in office_account_names())
    for office in db.session.scalars(select(Office).order_by(Office.slug)):
        click.echo(f"  /{office.slug}/login   {names}")
    click.echo("  /pusat/login   kanwil (Kanwil Jawa Tengah), ditjenpas, sysadmin")


def _import_command(name: str, kind: str) -> click.Command:
    @click.command(name)
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--office", "office_slug", required=True, help="Office slug.")
    @click.option("--user", "username", help="Account of that office the import acts as.")
    @click.option(
        "--commit",
        is_flag=True,
        help="Write the records. Without it the file is only checked (dry run).",
    )
    @with_appcontext
    def command(file: Path, office_slug: str, username: str | None, commit: bool) -> None:
        _import_file(kind, file, office_slug, username, commit)

    command.help = f"Check (and with --commit, import) a file of '{kind}': all rows or none."
    return command


class ImportGroup(AppGroup):
    """`flask import <kind> FILE`: one command per importer in `service.IMPORTERS`, so a
    new importer needs no command of its own. `clients` is the English name of `klien`."""

    ALIASES = {"clients": "klien", "partners": "mitra"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        from portal.transfer.service import IMPORTERS

        return sorted({*IMPORTERS, *self.ALIASES})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from portal.transfer.service import IMPORTERS

        kind = self.ALIASES.get(name, name)
        return _import_command(name, kind) if kind in IMPORTERS else None


import_cli = ImportGroup("import", help="Import records from .xlsx or .csv files.")


def _import_file(
    kind: str, file: Path, office_slug: str, username: str | None, commit: bool
) -> None:
    from portal.auth.models import User
    from portal.offices.models import Office
    from portal.tenancy import office_scope
    from portal.transfer import service
    from portal.transfer.reading import FileRejected

    office = db.session.scalar(select(Office).where(Office.slug == office_slug))
    if office is None:
        raise click.ClickException(f"no office '{office_slug}' (run `flask tenants sync`)")
    with office_scope(office.id):
        user = None
        if username:
            user = db.session.scalar(select(User).where(User.username == username))
            if user is None:
                raise click.ClickException(f"no account '{username}' in {office_slug}")
        try:
            outcome = service.run_file(kind, file, user, commit=commit)
        except FileRejected as exc:
            raise click.ClickException(str(exc.message)) from exc
    for warning in outcome.warnings:
        click.echo(warning)
    for row, column, message, value in outcome.problems:
        shown = f" [sel: {value}]" if value else ""
        click.echo(f"baris {row}, kolom {column or '-'}: {message}{shown}")
    verb = (
        "written"
        if commit and outcome.ok
        else "would be written (dry run)"
        if outcome.ok
        else "NOT written (nothing stored)"
    )
    click.echo(
        f"{outcome.rows} rows: {outcome.added} added, {outcome.updated} updated, "
        f"{outcome.unchanged} unchanged, {outcome.problem_count} problems; {verb}"
    )
    if not outcome.ok:
        raise SystemExit(1)


def register(app: Flask) -> None:
    for group in (tenants_cli, users_cli, demo_cli, import_cli):
        app.cli.add_command(group)
