"""The single domain error type that services raise and the API turns into a response."""

from typing import Any


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, message: str, *, status_code: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra
        if status_code is not None:
            self.status_code = status_code
