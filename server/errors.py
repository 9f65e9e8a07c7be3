"""The one error type services raise; the API turns it into ``{code, message}``."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Something the caller can fix: a stable ``code``, a message for people, an HTTP status."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 400,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


def not_found(what: str, key: object) -> ServiceError:
    return ServiceError("not_found", f"{what} {key} does not exist", status=404)
