"""Validating and writing a whole file: every row through the domain's own operations.

One pass serves both the preview and the real import. With `write=False` nothing is
written at all (each row is only checked, by the same functions the forms call).
With `write=True` rows are written in chunks inside the caller's transaction; as soon
as one row has a problem nothing more is written and the caller rolls everything
back, so a file failing on its last row leaves the database exactly as before.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.errors import OperationError, Refusals, every_error
from portal.transfer.columns import MISSING_COLUMN, Column, HeaderMatch, find_header
from portal.transfer.reading import HEADER_ALLOWANCE, Limits, cell_text, read_rows, too_many_rows

CHUNK = 1000
PREVIEW_ROWS = 20
MAX_PROBLEMS = 1000  # kept in the report; the count says how many there were


class RowProblem(Exception):
    """A row an importer refuses for its own reason (unknown PK, a repeated key...)."""

    def __init__(self, column: str, message) -> None:
        super().__init__(str(message))
        self.column, self.message = column, message


class RowProblems(Exception):
    """Several problems of one row, all reported (an importer that goes on past the first)."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems


class RowRefusals(Refusals):
    """Every problem of one row, each by the column it is about: the importer's own
    (RowProblem, RowProblems: a lookup that finds nothing, a key repeated in the file)
    and its operations' refusals (OperationError by field, named by its column).

    A check run `going_on()` leaves its problems here and lets the row's next check run,
    so one preview shows them all; `raise_any()` ends the row's check with all of them.
    What a check says about a column an earlier check already refused is left out: it
    read a value that is not there (a PK no one has, a venue not found) and would only
    repeat the problem, or word it wrongly (as the cell left unreadable in the engine)."""

    def __init__(self, importer: Importer) -> None:
        super().__init__()
        self.importer = importer

    def add(self, message, field: str | None = None) -> None:
        """A problem of the column headed `field` (a header, as RowProblem's column)."""
        super().add(message, field or "")

    @contextmanager
    def going_on(self) -> Iterator[None]:
        refused = {e.field for e in self.errors}
        try:
            yield
        except (RowProblem, RowProblems, OperationError) as exc:
            for problem in self.importer.problems_in(exc):
                if problem.column not in refused:
                    self.add(problem.message, problem.column)

    def raise_any(self) -> None:
        if self.errors:
            raise RowProblems([RowProblem(e.field or "", e.message) for e in self.errors])


@dataclass
class Outcome:
    headers: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    # (row, column header, message, the cell as written): every problem of every row
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(self, row: int, column: str, message, value: str = "") -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((row, column, str(message), value))

    def count(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)

    def as_report(self) -> dict[str, Any]:
        return {
            "headers": self.headers,
            "preview": self.preview,
            "problems": self.problems,
            "problem_count": self.problem_count,
            "warnings": self.warnings,
        }


class Importer(ABC):
    """One kind of record. Subclasses name their columns and call their operations."""

    kind: str
    title: Any
    columns: Sequence[Column]
    needs_user = False  # its rules depend on who imports (the CLI then asks for --user)
    creates_clients = False  # its template's example is a new client, not an existing one

    def __init__(self, actor=None) -> None:
        self.actor = actor

    @abstractmethod
    def prepare(self) -> None:
        """Load what every row is checked against (the office's existing keys), once."""

    @abstractmethod
    def check(self, row: int, values: dict[str, Any]) -> tuple[str, Any]:
        """('added' | 'updated' | 'unchanged', what `write` needs); writes nothing.

        Raises OperationError (from the operations) or RowProblem."""

    @abstractmethod
    def write(self, checked: list[tuple[str, Any]]) -> None:
        """Write checked rows through the operations, in the caller's transaction."""

    def column_header(self, key: str | None) -> str:
        return next((c.header for c in self.columns if c.key == key), "")

    def problems_of(self, exc: OperationError) -> list[RowProblem]:
        """An operation's refusals (all of them, when it reports several) by column."""
        return [RowProblem(self.column_header(e.field), e.message) for e in every_error(exc)]

    def problems_in(self, exc: RowProblem | RowProblems | OperationError) -> list[RowProblem]:
        """Every problem an importer's check raised, by column."""
        if isinstance(exc, RowProblems):
            return exc.problems
        if isinstance(exc, RowProblem):
            return [exc]
        return self.problems_of(exc)


def run(
    importer: Importer,
    path: Path,
    filename: str,
    limits: Limits,
    *,
    write: bool,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Read, check (and with `write`, write) every row; never commits or rolls back."""
    return run_rows(
        importer, read_rows(path, filename, limits), limits, write=write, progress=progress
    )


def run_rows(
    importer: Importer,
    rows: Iterator[tuple[int, list[Any]]],
    limits: Limits,
    *,
    write: bool,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """`run` over rows already read (the benchmark times reading and writing apart)."""
    outcome = Outcome()
    rows = iter(rows)
    head = list(islice(rows, HEADER_ALLOWANCE))
    match = find_header(importer.columns, head)
    if match is None:
        outcome.problem(
            0,
            "",
            _l(
                "Baris judul kolom tidak ditemukan. Gunakan templat, atau pastikan baris judul "
                "ada di salah satu dari %(n)d baris pertama.",
                n=HEADER_ALLOWANCE,
            ),
        )
        return outcome
    _describe_header(importer, match, outcome)
    if not outcome.ok:
        return outcome
    importer.prepare()
    readers = _cell_readers(importer, match)
    data = (r for r in _chain(head, rows) if r[0] > match.row)
    pending: list[tuple[str, Any]] = []
    for number, cells in data:
        outcome.rows += 1
        if outcome.rows > limits.max_rows:
            raise too_many_rows(limits)
        if len(outcome.preview) < PREVIEW_ROWS:
            outcome.preview.append(
                [str(number)]
                + [cell_text(cells[i]) if i < len(cells) else "" for i in _order(importer, match)]
            )
        checked = _check_row(importer, readers, number, cells, outcome)
        if checked is None:
            continue
        outcome.count(checked[0])
        if write and outcome.ok and checked[0] != "unchanged":
            pending.append(checked)
            if len(pending) >= CHUNK:
                importer.write(pending)
                pending.clear()
        if progress is not None and outcome.rows % CHUNK == 0:
            progress(outcome.rows)
    if write and outcome.ok and pending:
        importer.write(pending)
    if progress is not None:
        progress(outcome.rows)
    return outcome


def _chain(head: list, rest: Iterator) -> Iterator[tuple[int, list[Any]]]:
    yield from head
    yield from rest


def _order(importer: Importer, match: HeaderMatch) -> list[int]:
    return [match.positions[c.key] for c in importer.columns if c.key in match.positions]


def _describe_header(importer: Importer, match: HeaderMatch, outcome: Outcome) -> None:
    outcome.headers = [c.header for c in importer.columns if c.key in match.positions]
    for column in match.missing:
        outcome.problem(match.row, column.header, MISSING_COLUMN % {"name": column.header})
    for name in match.repeated:
        outcome.problem(match.row, name, _l("Kolom '%(name)s' muncul dua kali.", name=name))
    if match.unknown:
        outcome.warnings.append(
            str(
                _l(
                    "Kolom berikut tidak dikenal dan diabaikan: %(names)s.",
                    names=", ".join(match.unknown),
                )
            )
        )


def _cell_readers(importer: Importer, match: HeaderMatch) -> list[tuple[Column, int]]:
    """Each column with the cell it reads (-1: not in the file), worked out once per file."""
    return [(c, match.positions.get(c.key, -1)) for c in importer.columns]


def _check_row(
    importer: Importer,
    readers: list[tuple[Column, int]],
    number: int,
    cells: list[Any],
    outcome: Outcome,
) -> tuple[str, Any] | None:
    """Every problem of the row: cells that cannot be read, then the importer's own
    checks (lookups, rules across fields) on the rest, so one upload shows them all."""
    values: dict[str, Any] = {}
    unreadable: dict[str, str] = {}
    width = len(cells)
    for column, index in readers:
        cell = cells[index] if -1 < index < width else None
        try:
            values[column.key] = column.read(cell)
        except ValueError as exc:
            outcome.problem(
                number, column.header, exc.args[0] if exc.args else exc, cell_text(cell)
            )
            unreadable[column.header] = ""
            values[column.key] = column.read(None)  # checked further as if left empty
    try:
        checked = importer.check(number, values)
    except (RowProblem, RowProblems, OperationError) as exc:
        for problem in importer.problems_in(exc):
            if problem.column not in unreadable:  # said already, and better, by its cell
                shown = _shown(readers, cells, problem.column)
                outcome.problem(number, problem.column, problem.message, shown)
        return None
    return None if unreadable else checked


def _shown(readers: list[tuple[Column, int]], cells: list[Any], header: str) -> str:
    index = next((i for c, i in readers if c.header == header), -1)
    return cell_text(cells[index]) if -1 < index < len(cells) else ""
