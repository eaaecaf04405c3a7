"""Talking to servers a test started, and waiting for them."""

import time
import urllib.error
import urllib.request
from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families


def http_get(url: str, *, token: str | None = None) -> tuple[int, str]:
    """GET `url` (with a bearer token if given) -> (status, body); status 0: no answer."""
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:  # refused, reset, timed out
        return 0, repr(error)


def wait_until(
    condition: Callable[[], bool], *, timeout: float = 30, details: Callable[[], str] = str
) -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds, saying `details()`."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not reached within {timeout}s\n{details()}"
        time.sleep(0.2)


def parse_metrics(text: str) -> dict[tuple[str, frozenset], float]:
    """Prometheus exposition text -> {(sample name, frozenset of label pairs): value}."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def metric(samples: dict[tuple[str, frozenset], float], name: str, **labels) -> float | None:
    return samples.get((name, frozenset(labels.items())))
