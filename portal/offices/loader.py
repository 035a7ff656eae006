"""Read and validate the office definitions in `tenants/` (one TOML file per office).

Every file is checked before anything is written, so a malformed file changes
nothing; errors name the file and the field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.config import PROJECT_ROOT

TENANTS_DIR = PROJECT_ROOT / "tenants"
SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,58}[a-z0-9]$")
# Slugs that would collide with the portal's own top-level paths.
RESERVED_SLUGS = {"pusat", "admin", "static", "bahasa", "logout", "akun", "api", "indikator"}


class TenantFileError(ValueError):
    def __init__(self, path: Path, field: str, problem: str):
        self.path, self.field, self.problem = path, field, problem
        super().__init__(f"{path.name}: field '{field}': {problem}")


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str


@dataclass(frozen=True)
class OfficeSpec:
    slug: str
    name: str
    office_class: str
    region: RegionSpec
    timezone: str
    territory: tuple[str, ...]
    address: str
    source: Path


def _text(path: Path, data: dict, field: str, max_len: int = 300) -> str:
    value = data.get(field.rsplit(".", 1)[-1])
    if not isinstance(value, str) or not value.strip():
        raise TenantFileError(path, field, "required text is missing or empty")
    if len(value) > max_len:
        raise TenantFileError(path, field, f"longer than {max_len} characters")
    return value.strip()


def parse_file(path: Path) -> OfficeSpec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TenantFileError(path, "(file)", f"not valid TOML: {exc}") from exc

    slug = _text(path, data, "slug", 60)
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise TenantFileError(path, "slug", "use lowercase letters, digits and hyphens")
    if slug != path.stem:
        raise TenantFileError(path, "slug", f"must equal the file name '{path.stem}'")
    office_class = _text(path, data, "class", 4)
    if office_class not in ("I", "II"):
        raise TenantFileError(path, "class", "must be 'I' or 'II'")
    timezone = _text(path, data, "timezone", 40)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TenantFileError(path, "timezone", f"unknown time zone '{timezone}'") from exc

    region = data.get("region")
    if not isinstance(region, dict):
        raise TenantFileError(path, "region", "a [region] table with code and name is required")
    region_spec = RegionSpec(
        code=_text(path, region, "region.code", 40), name=_text(path, region, "region.name", 120)
    )

    territory = data.get("territory")
    if (
        not isinstance(territory, list)
        or not territory
        or not all(isinstance(t, str) and t.strip() for t in territory)
    ):
        raise TenantFileError(path, "territory", "a non-empty list of kabupaten/kota names")

    return OfficeSpec(
        slug=slug,
        name=_text(path, data, "name", 120),
        office_class=office_class,
        region=region_spec,
        timezone=timezone,
        territory=tuple(t.strip() for t in territory),
        address=_text(path, data, "address", 300),
        source=path,
    )


def load_all(directory: Path = TENANTS_DIR) -> list[OfficeSpec]:
    """Parse every office file, and check that files agree with each other."""
    specs = [parse_file(p) for p in sorted(directory.glob("*.toml"))]
    regions: dict[str, tuple[str, Path]] = {}
    for spec in specs:
        known = regions.setdefault(spec.region.code, (spec.region.name, spec.source))
        if known[0] != spec.region.name:
            raise TenantFileError(
                spec.source,
                "region.name",
                f"region '{spec.region.code}' is named '{known[0]}' in {known[1].name}",
            )
    names = {}
    for spec in specs:
        if spec.name in names:
            raise TenantFileError(spec.source, "name", f"also used by {names[spec.name].name}")
        names[spec.name] = spec.source
    return specs
