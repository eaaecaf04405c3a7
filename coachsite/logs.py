"""The WOD request id on every log line about a request, in plain text or JSON.

The API and the publisher handle one request at a time, so they set the id in a context
variable (`request_id_context`) and every line logged meanwhile, by any module, carries it.
The consumer handles a batch of requests at once; it names the request on each line instead
(`logger.info(..., extra=request_extra(request_id))`). `RequestIdFilter`, on the handler, adds
the context's id to the records that do not name one.
"""

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


@contextmanager
def request_id_context(request_id: object) -> Iterator[None]:
    token = _request_id.set(str(request_id))
    try:
        yield
    finally:
        _request_id.reset(token)


def request_extra(request_id: object) -> dict[str, str]:
    """`extra` for a log call about one request (nothing when the message named none)."""
    return {} if request_id is None else {"request_id": str(request_id)}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = _request_id.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


class PlainFormatter(logging.Formatter):
    """One line of text, ending in `request_id=<id>` unless the message already says it."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        request_id = getattr(record, "request_id", None)
        if request_id is None or f"request_id={request_id}" in line:
            return line
        return f"{line} request_id={request_id}"
