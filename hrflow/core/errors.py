"""The error every service raises for a business rule a caller broke."""

from typing import Any


class ApplicationError(Exception):
    """A request that breaks a business rule: shown to the user, changes nothing.

    Views turn it into a form error or a flash message, the API into a 400 with
    `message` and `extra` (HackSoft's ApplicationError).
    """

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
