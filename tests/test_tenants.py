"""Offices come from tenants/: one file each, synced by `flask tenants sync`."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.offices.loader import TENANTS_DIR, TenantFileError, load_all
from portal.offices.models import Office


def test_four_founding_offices_are_synced(app):
    with app.app_context():
        offices = {o.slug: o for o in db.session.scalars(select(Office))}
        assert set(offices) == {"purwokerto", "mataram", "tangerang", "jakarta-timur-utara"}
        assert offices["mataram"].timezone == "Asia/Makassar"
        assert offices["mataram"].timezone_label == "WITA"
        assert offices["purwokerto"].office_class == "II"
        assert offices["purwokerto"].name == "Bapas Kelas II Purwokerto"
        assert offices["tangerang"].region.name == "Kanwil Ditjenpas Banten"
        assert "Kabupaten Administrasi Kepulauan Seribu" in offices["jakarta-timur-utara"].territory


def test_sync_is_idempotent(runner):
    result = runner.invoke(args=["tenants", "sync"])
    assert result.exit_code == 0 and "unchanged: jakarta-timur-utara, mataram" in result.output


def _copy_tenants(tmp_path):
    target = tmp_path / "tenants"
    shutil.copytree(TENANTS_DIR, target)
    return target


@pytest.mark.parametrize(
    "bad,field",
    [
        ('timezone = "Asia/Jakarta"', 'timezone = "Asia/Atlantis"'),
        ('class = "I"', 'class = "III"'),
        ('slug = "tangerang"', 'slug = "tangerang-kota"'),
    ],
)
def test_malformed_file_names_file_and_field_and_changes_nothing(tmp_path, bad, field):
    directory = _copy_tenants(tmp_path)
    path = directory / "tangerang.toml"
    path.write_text(path.read_text().replace(bad, field))
    with pytest.raises(TenantFileError) as error:
        load_all(directory)
    assert error.value.path.name == "tangerang.toml"
    assert error.value.field in ("timezone", "class", "slug")


def test_cli_reports_bad_file_and_writes_nothing(app, runner, monkeypatch, tmp_path):
    directory = _copy_tenants(tmp_path)
    (directory / "bogor.toml").write_text('slug = "bogor"\nname = "Bapas Bogor"\n')
    path = directory / "mataram.toml"
    path.write_text(path.read_text().replace("Bapas Kelas I Mataram", "Bapas Mataram Baru"))
    monkeypatch.setattr("portal.offices.loader.TENANTS_DIR", directory)
    monkeypatch.setattr("portal.offices.loader.load_all.__defaults__", (directory,))
    result = runner.invoke(args=["tenants", "sync"])
    assert result.exit_code != 0
    assert "bogor.toml" in result.output and "Nothing was changed" in result.output
    with app.app_context():
        names = set(db.session.scalars(select(Office.name)))
        assert "Bapas Kelas I Mataram" in names and "Bapas Mataram Baru" not in names


def test_adding_an_office_is_a_file_and_a_sync(app, runner, monkeypatch, tmp_path):
    directory = _copy_tenants(tmp_path)
    (directory / "bogor.toml").write_text(
        'slug = "bogor"\nname = "Bapas Kelas I Bogor"\nclass = "I"\ntimezone = "Asia/Jakarta"\n'
        'address = "Jl. Contoh No. 1, Bogor"\nterritory = ["Kota Bogor", "Kabupaten Bogor"]\n'
        '[region]\ncode = "jawa-barat"\nname = "Kanwil Ditjenpas Jawa Barat"\n'
    )
    monkeypatch.setattr("portal.offices.loader.load_all.__defaults__", (directory,))
    result = runner.invoke(args=["tenants", "sync"])
    assert result.exit_code == 0 and "created: bogor" in result.output
    assert app.test_client().get("/bogor/login").status_code == 200
