"""Coach on a 3-node RabbitMQ cluster that loses nodes: a consumer goes on from a surviving
node, a publish through the loss of the queue's leader is either confirmed (and kept) or
left `pending` for the relay, and queue counts come from whichever node answers.

Slow (nodes are killed and rejoin), so marked `chaos`: `make chaos-cluster` runs them.
"""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench.cluster import ROOT, wait_for
from testing.processes import subprocess_env
from wods.broker.connection import broker_address
from wods.broker.stats import queue_depths
from wods.models import Wod, WodRequest
from wods.services import wod_requests_publish, wod_requests_publish_pending
from wods.tests.factories import make_wod_request

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.chaos]

# Bounds for what takes seconds (a reconnection, a rejoin), not speed goals.
TIMEOUT = 120


def pending_requests(user, count: int) -> list[WodRequest]:
    return [make_wod_request(user=user, status=WodRequest.Status.PENDING) for _ in range(count)]


def all_done() -> bool:
    return not WodRequest.objects.exclude(status=WodRequest.Status.DONE).exists()


def test_a_consumer_whose_node_dies_goes_on_from_a_surviving_node(
    cluster, cluster_amqp, broker, user, catalogue, tmp_path: Path
):
    first, second = cluster.nodes[0], cluster.nodes[1]
    log = tmp_path / "consumer.log"
    env = {
        **subprocess_env(),
        "AMQP_URL": cluster_amqp,
        "AMQP_SHUFFLE_ADDRESSES": "false",
        "LOG_LEVEL": "INFO",
    }
    requests = pending_requests(user, 200)
    assert wod_requests_publish(request_ids=[request.id for request in requests]) == 200
    with log.open("w") as output:
        consumer = subprocess.Popen(
            [
                sys.executable, str(ROOT / "manage.py"), "consume_wods",
                "--failure-rate", "0", "--prefetch", "10",
            ],
            env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for(
            lambda: "[Consumer] WOD" in log.read_text(),
            timeout=TIMEOUT,
            what="the consumer to store its first WODs",
        )
        # Killed under the consumer while it works through the queue, messages in hand.
        cluster.kill(first)
        more = pending_requests(user, 50)
        # Published through the surviving nodes: the dead one answers no more.
        assert wod_requests_publish(request_ids=[request.id for request in more]) == 50
        wait_for(all_done, timeout=TIMEOUT, what="every request to be done")
        consumer.send_signal(signal.SIGTERM)
        assert consumer.wait(timeout=60) == 0
    finally:
        if consumer.poll() is None:
            consumer.kill()
            consumer.wait()
        cluster.restart(first)

    output = log.read_text()
    assert f"on {broker_address(first.url)}" in output
    assert "[Consumer] Broker connection lost" in output
    assert f"on {broker_address(second.url)}" in output
    assert Wod.objects.count() == len(requests) + len(more) == 250
    assert broker.ready() == 0


def test_publishing_through_the_loss_of_the_queue_leader_keeps_every_confirmed_request(
    cluster, cluster_amqp, broker, user
):
    requests = pending_requests(user, 300)
    leader = cluster.leader(broker.topology.queue)
    try:
        for index, request in enumerate(requests):
            if index == 100:
                cluster.kill(leader)
            # The API's path: one message over the thread's own connection.
            wod_requests_publish(request_ids=[request.id])
    finally:
        cluster.restart(leader)

    queued = set(
        WodRequest.objects.filter(status=WodRequest.Status.QUEUED).values_list("pk", flat=True)
    )
    in_queue = set()
    with broker.channel() as channel:
        while (delivery := channel.basic_get(broker.topology.queue))[0] is not None:
            method, properties, _ = delivery
            in_queue.add(properties.message_id)
            channel.basic_ack(method.delivery_tag)
    # Confirmed means kept: no request marked queued lacks its message. Publishing went on
    # after the kill, on the other nodes.
    assert {str(request_id) for request_id in queued} <= in_queue
    assert len(queued) > 100
    # What was not confirmed is still pending, and the relay publishes it.
    left = len(requests) - len(queued)
    assert wod_requests_publish_pending() == left
    assert not WodRequest.objects.exclude(status=WodRequest.Status.QUEUED).exists()


def test_queue_counts_come_from_the_first_management_api_that_answers(
    cluster, cluster_amqp, broker, settings, user
):
    settings.RABBITMQ_MANAGEMENT_URL = (
        f"http://guest:guest@127.0.0.1:1,{cluster.nodes[1].management_url}"
    )
    requests = pending_requests(user, 3)
    wod_requests_publish(request_ids=[request.id for request in requests])

    # The management API refreshes its counts every few seconds.
    wait_for(
        lambda: queue_depths()["generate"].ready == 3,
        timeout=TIMEOUT,
        what="the management API to count the three messages",
    )
    assert queue_depths()["generate"].unacked == 0
