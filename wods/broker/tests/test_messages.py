import datetime
import json
import uuid

import pytest

from wods.broker.messages import MAX_BODY_BYTES, MalformedMessage, WodMessage

REQUEST_ID = uuid.UUID("8b0d1d8e-3f4c-4a7f-9a35-3b8f4f1f6a01")


def body(**overrides) -> bytes:
    payload = {
        "request_id": str(REQUEST_ID),
        "user_email": "ana@example.com",
        "for_date": "2026-11-28",
    }
    payload.update(overrides)
    return json.dumps({k: v for k, v in payload.items() if v is not ...}).encode()


def test_a_message_survives_encoding_and_decoding():
    message = WodMessage(
        request_id=REQUEST_ID, user_email="ana@example.com", for_date=datetime.date(2026, 11, 28)
    )

    assert WodMessage.decode(message.encode(), content_type="application/json") == message


def test_the_body_has_exactly_the_three_documented_fields():
    message = WodMessage(
        request_id=REQUEST_ID, user_email="ana@example.com", for_date=datetime.date(2026, 11, 28)
    )

    assert json.loads(message.encode()) == {
        "request_id": str(REQUEST_ID),
        "user_email": "ana@example.com",
        "for_date": "2026-11-28",
    }


@pytest.mark.parametrize(
    ("raw", "content_type", "reason"),
    [
        (b"", "application/json", "empty body"),
        (b"\xff\xfe\x00", "application/json", "not UTF-8"),
        (b"{not json", "application/json", "not JSON"),
        (b"[1, 2, 3]", "application/json", "JSON list, not an object"),
        (b'"a string"', "application/json", "JSON str, not an object"),
        (body(user_email=...), "application/json", "missing fields: user_email"),
        (body(extra="field"), "application/json", "unexpected fields: 'extra'"),
        (body(request_id=42), "application/json", "must be strings"),
        (body(request_id="not-a-uuid"), "application/json", "request_id is not a UUID"),
        (body(for_date="28/11/2026"), "application/json", "for_date is not an ISO date"),
        (body(), "text/plain", "content type 'text/plain'"),
        (body(), None, "content type None"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", "exceeds"),
        (b"[" * 2000 + b"]" * 2000, "application/json", "not JSON"),
        (b" " * (MAX_BODY_BYTES + 1), "application/json", "exceeds"),
    ],
)
def test_a_malformed_body_is_refused_with_its_reason(raw, content_type, reason):
    with pytest.raises(MalformedMessage, match=reason):
        WodMessage.decode(raw, content_type=content_type)
