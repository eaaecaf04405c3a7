"""Retrying requests by hand, and counting them by status."""

from io import StringIO

import pytest
from django.core.management import call_command

from testing.consumers import run_consumer
from wods.models import Wod, WodRequest
from wods.selectors import wod_request_counts
from wods.services import wod_requests_retry
from wods.tests.factories import make_dead_wod_requests, make_wod_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("max_deliveries", [2])
def test_a_retried_dead_request_makes_one_wod_even_with_its_dead_letter_replayed_too(
    user, broker, catalogue
):
    [request] = make_dead_wod_requests(user=user, count=1)
    request.refresh_from_db()
    assert request.status == WodRequest.Status.DEAD
    assert broker.dead() == 1

    retry = wod_requests_retry(request_ids=[request.id])
    call_command("requeue_dead_wods", stdout=StringIO())
    assert broker.ready() == 2
    run_consumer(max_messages=2)

    request.refresh_from_db()
    assert (retry.retried, retry.published) == (1, 1)
    assert request.status == WodRequest.Status.DONE
    assert Wod.objects.filter(request=request).count() == 1
    assert broker.ready() == broker.dead() == 0


def test_retrying_leaves_queued_and_done_requests_as_they_are(user, broker):
    queued = make_wod_request(user=user, status=WodRequest.Status.QUEUED)
    done = make_wod_request(user=user, status=WodRequest.Status.DONE)

    retry = wod_requests_retry(request_ids=[queued.id, done.id])

    assert (retry.retried, retry.published) == (0, 0)
    assert broker.ready() == 0
    assert set(WodRequest.objects.values_list("status", flat=True)) == {"queued", "done"}


def test_requests_are_counted_by_status_and_by_source_with_every_value_present(user, other_user):
    make_wod_request(user=user, status=WodRequest.Status.DEAD)
    make_wod_request(user=other_user, status=WodRequest.Status.DEAD, source="daily")
    make_wod_request(user=user, status=WodRequest.Status.DONE)

    counts = wod_request_counts()

    assert counts.by_status == {"pending": 0, "queued": 0, "done": 1, "dead": 2}
    assert counts.by_source == {"user": 2, "daily": 1}
