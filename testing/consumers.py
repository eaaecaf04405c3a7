"""Consumers run by tests, in this process: until a known number of deliveries, or in a thread."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from wods.consumer import WodConsumer

# Should fewer messages come than a test expects, the consumer gives up after this long
# without one and the test fails, rather than waiting forever.
IDLE_GUARD_SECONDS = 10


def run_consumer(*, max_messages: int, **options) -> WodConsumer:
    """Run a consumer until it has settled `max_messages` deliveries (retries count each)."""
    options.setdefault("prefetch", 10)
    options.setdefault("failure_rate", 0.0)
    consumer = WodConsumer(max_messages=max_messages, idle_exit=IDLE_GUARD_SECONDS, **options)
    consumer.run()
    handled = consumer.stats.handled
    assert handled == max_messages, f"the consumer settled {handled} of {max_messages} deliveries"
    return consumer


@contextmanager
def consumer_in_thread(**options) -> Iterator[WodConsumer]:
    """A consumer running in a thread for the length of the block, stopped at its end."""
    options.setdefault("prefetch", 10)
    options.setdefault("failure_rate", 0.0)
    consumer = WodConsumer(**options)
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    try:
        yield consumer
    finally:
        consumer.stop()
        thread.join(timeout=30)
