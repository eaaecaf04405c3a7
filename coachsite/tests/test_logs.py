"""Log lines in plain text: the request id named once; a bad LOG_FORMAT stops the process.

How a WOD request's id follows it from the API to the consumer: `wods/tests/test_logs.py`.
"""

import logging
import subprocess

from coachsite.logs import PlainFormatter, RequestIdFilter, request_id_context
from testing.processes import start_manage


def test_a_plain_line_names_the_request_once():
    formatter = PlainFormatter("%(levelname)s %(message)s")

    def line(message: str, *args) -> str:
        record = logging.LogRecord("wods", logging.INFO, __file__, 1, message, args, None)
        RequestIdFilter().filter(record)
        return formatter.format(record)

    with request_id_context("42"):
        assert line("WOD request created") == "INFO WOD request created request_id=42"
        assert line("Message sent request_id=%s", 42) == "INFO Message sent request_id=42"
    assert line("Consuming wods.generate") == "INFO Consuming wods.generate"


def test_an_unknown_log_format_stops_the_process_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "yaml")

    process = start_manage("check", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, errors = process.communicate(timeout=60)

    assert process.returncode != 0
    assert "LOG_FORMAT must be 'plain' or 'json', not 'yaml'" in errors
