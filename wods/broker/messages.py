"""A `wods.generate` message: its body, its AMQP properties, and the strict decoding of both."""

import datetime
import json
import uuid
from dataclasses import dataclass

import pika

CONTENT_TYPE = "application/json"
# A valid body is about a hundred bytes; anything far larger is hostile or a bug.
MAX_BODY_BYTES = 4096
FIELDS = frozenset({"request_id", "user_email", "for_date"})


class MalformedMessage(Exception):
    """The message can never be processed: it is dead-lettered at once, with this reason."""


@dataclass(frozen=True, slots=True)
class WodMessage:
    request_id: uuid.UUID
    user_email: str
    for_date: datetime.date

    def encode(self) -> bytes:
        return json.dumps(
            {
                "request_id": str(self.request_id),
                "user_email": self.user_email,
                "for_date": self.for_date.isoformat(),
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def decode(cls, body: bytes, *, content_type: str | None) -> "WodMessage":
        if content_type != CONTENT_TYPE:
            raise MalformedMessage(f"content type {content_type!r} is not {CONTENT_TYPE}")
        if len(body) > MAX_BODY_BYTES:
            raise MalformedMessage(f"body of {len(body)} bytes exceeds {MAX_BODY_BYTES}")
        if not body:
            raise MalformedMessage("empty body")
        try:
            payload = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise MalformedMessage(f"body is not UTF-8: {error.reason}") from None
        except (ValueError, RecursionError) as error:
            raise MalformedMessage(f"body is not JSON: {str(error)[:100]}") from None
        if not isinstance(payload, dict):
            raise MalformedMessage(f"body is a JSON {type(payload).__name__}, not an object")
        if missing := FIELDS - payload.keys():
            raise MalformedMessage(f"missing fields: {', '.join(sorted(missing))}")
        if extra := payload.keys() - FIELDS:
            # Written as repr: the names are the sender's, and the reason is logged.
            names = ", ".join(repr(name) for name in sorted(extra)[:5])
            raise MalformedMessage(f"unexpected fields: {names}")
        values = {field: payload[field] for field in FIELDS}
        if not all(isinstance(value, str) for value in values.values()):
            raise MalformedMessage("request_id, user_email and for_date must be strings")
        try:
            request_id = uuid.UUID(values["request_id"])
        except ValueError:
            raise MalformedMessage("request_id is not a UUID") from None
        try:
            for_date = datetime.date.fromisoformat(values["for_date"])
        except ValueError:
            raise MalformedMessage("for_date is not an ISO date (YYYY-MM-DD)") from None
        return cls(request_id=request_id, user_email=values["user_email"], for_date=for_date)


def persistent_properties(
    *, content_type: str | None, message_id: str | None, headers: dict | None = None
) -> pika.BasicProperties:
    """The properties every message of the pipeline is published with: persistent, identified."""
    return pika.BasicProperties(
        content_type=content_type,
        delivery_mode=pika.DeliveryMode.Persistent,
        message_id=message_id,
        headers=headers,
    )


def message_properties(message: WodMessage) -> pika.BasicProperties:
    """Persistent JSON whose `message_id` is the request id, so every delivery finds its row."""
    return persistent_properties(content_type=CONTENT_TYPE, message_id=str(message.request_id))
