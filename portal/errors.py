"""The error every operation raises for a rule the user broke; views show its message."""

from __future__ import annotations


class OperationError(ValueError):
    """A business rule refused the change. `field` names the form field, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
