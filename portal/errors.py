"""The error every operation raises for a rule the user broke; views show its message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class OperationError(ValueError):
    """A business rule refused the change. `field` names the form field, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class OperationErrors(OperationError):
    """Several rules refused at once. A form shows the first (message and field are its);
    an import lists them all, so one upload reports every mistake of a row."""

    def __init__(self, errors: list[OperationError]):
        super().__init__(errors[0].message, errors[0].field)
        self.errors = errors


def every_error(exc: OperationError) -> list[OperationError]:
    return list(getattr(exc, "errors", [exc]))


class Refusals:
    """Broken rules collected by a check that goes on past the first one."""

    def __init__(self) -> None:
        self.errors: list[OperationError] = []

    def add(self, message, field: str | None = None) -> None:
        self.errors.append(OperationError(message, field))

    def failed(self, *fields: str) -> bool:
        """Whether one of these fields is already refused (a later rule that reads it
        would only repeat the problem, or compare a value that is not there)."""
        return any(e.field in fields for e in self.errors)

    @contextmanager
    def going_on(self) -> Iterator[None]:
        try:
            yield
        except OperationError as exc:
            self.errors.extend(every_error(exc))

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise OperationErrors(self.errors)
