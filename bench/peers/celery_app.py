"""The peer: a Celery 5 worker doing the very service call `consume_wods` makes per message.

Run by `make bench` as
    celery -A bench.peers.celery_app worker --pool=solo --concurrency=1 --prefetch-multiplier=N
with `acks_late=True`: a task is acked after it returns, as `consume_wods` acks after commit.
"""

import datetime
import os
import uuid

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402

from wods.broker.messages import WodMessage  # noqa: E402
from wods.catalogue import ActiveCatalogue  # noqa: E402
from wods.services import wod_requests_fulfil  # noqa: E402

QUEUE = os.environ.get("CELERY_BENCH_QUEUE", "bench.celery")
# One per worker process, as the consumer holds one: the catalogue is read again only when it
# changed.
catalogue = ActiveCatalogue()

app = Celery("coach_bench", broker=settings.AMQP_URL)
app.conf.update(
    task_acks_late=True,
    task_default_queue=QUEUE,
    # The same queue type as wods.generate, so both sides pay the same broker costs.
    task_default_queue_type="quorum",
    worker_detect_quorum_queues=True,
    task_serializer="json",
    accept_content=["json"],
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


@app.task(name="bench.generate_wod")
def generate_wod(request_id: str, user_email: str, for_date: str) -> None:
    message = WodMessage(
        request_id=uuid.UUID(request_id),
        user_email=user_email,
        for_date=datetime.date.fromisoformat(for_date),
    )
    wod_requests_fulfil(messages=[message], attempts=[1], catalogue=catalogue)
