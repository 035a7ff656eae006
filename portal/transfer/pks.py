"""Finding a PK of the office by the name an office's sheet writes: full name or username."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.transfer.engine import RowProblem
from portal.transfer.values import normalise


class PkNames:
    def __init__(self, pks: Iterable[User], column: str = "PK") -> None:
        self.column = column
        self.ids: dict[str, int | None] = {}
        for pk in pks:
            for name in {normalise(pk.full_name), normalise(pk.username)}:
                # Two PKs of one name cannot be told apart: such a name finds nobody.
                self.ids[name] = None if name in self.ids else pk.id

    def find(self, name: str) -> int | None:
        """The PK's id, None for an empty cell; RowProblem for a name that finds nobody."""
        if not name:
            return None
        pk_id = self.ids.get(normalise(name))
        if pk_id is None:
            raise RowProblem(
                self.column,
                _l(
                    "PK '%(name)s' tidak ditemukan di kantor ini (tulis nama lengkap atau nama "
                    "pengguna PK).",
                    name=name,
                ),
            )
        return pk_id

    def find_noting(self, name: str, problems: list[RowProblem]) -> int | None:
        """As `find`, but a name that finds nobody goes into the row's `problems` (None
        is returned), so the row's other rules are still checked and shown with it."""
        try:
            return self.find(name)
        except RowProblem as exc:
            problems.append(exc)
            return None
