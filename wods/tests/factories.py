"""Rows for tests, made through the same services the product uses where that matters."""

import datetime
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.utils import timezone

from coaching.generator import GENERATOR_VERSION
from exercises.models import Exercise
from testing.broker import Broker
from testing.consumers import run_consumer
from users.models import User
from wods.broker.messages import WodMessage
from wods.broker.topology import Topology
from wods.models import TimeDomain, Wod, WodExercise, WodRequest, WodResult
from wods.services import wod_requests_fulfil, wod_requests_publish, wod_result_create


def make_wod_request(
    *,
    user: User,
    status: str = WodRequest.Status.QUEUED,
    for_date: datetime.date | None = None,
    source: str = WodRequest.Source.USER,
) -> WodRequest:
    """A request row without publishing anything: tests publish what they need themselves."""
    return WodRequest.objects.create(
        user=user, status=status, for_date=for_date or timezone.localdate(), source=source
    )


def make_wod(*, user: User, for_date: datetime.date | None = None) -> Wod:
    """A WOD generated and stored by the consumer's own service, without the broker."""
    request = make_wod_request(user=user, for_date=for_date)
    message = WodMessage(request_id=request.id, user_email=user.email, for_date=request.for_date)
    [fulfilment] = wod_requests_fulfil(messages=[message], attempts=[1])
    return Wod.objects.get(pk=fulfilment.wod_id)


def make_version_1_wod(*, user: User) -> Wod:
    """A WOD as generator version 1 stored it: no stimulus, expected time or women's loads."""
    request = make_wod_request(user=user, status=WodRequest.Status.DONE)
    wod = Wod.objects.create(
        request=request,
        user=user,
        for_date=request.for_date,
        format="for_time",
        time_domain="medium",
        minutes=18,
        rounds=5,
        description="5 rounds for time (cap 18): 400 m run, 15 thrusters (42.5 kg)",
        seed=1,
        generator_version=1,
    )
    for order, (name, amounts) in enumerate(
        [("Run", {"distance_m": 400}), ("Thruster", {"reps": 15, "load_kg": 42.5})], start=1
    ):
        WodExercise.objects.create(
            wod=wod, exercise=Exercise.objects.get(name=name), order=order, **amounts
        )
    return wod


def make_dead_wod_requests(*, user: User, count: int) -> list[WodRequest]:
    """Requests that really died: every delivery failed until RabbitMQ dead-lettered them.

    Needs the `broker` fixture, with a small `max_deliveries` to stay quick.
    """
    broker = Broker(Topology.from_settings(), settings.AMQP_URL)
    dead_before = broker.dead()
    requests = [make_wod_request(user=user, status=WodRequest.Status.PENDING) for _ in range(count)]
    wod_requests_publish(request_ids=[request.id for request in requests])
    run_consumer(failure_rate=1.0, max_messages=count * settings.WOD_MAX_DELIVERIES)
    broker.wait_for_dead(dead_before + count)
    return requests


def make_wod_as(
    *,
    user: User,
    format: str,
    minutes: int,
    movements: Sequence[tuple[str, Mapping[str, object]]],
    rounds: int | None = None,
    for_date: datetime.date | None = None,
) -> Wod:
    """A WOD written as given rather than generated, for tests that need its exact work.

    `movements` are (exercise name, prescription) pairs in order, e.g.
    `("Thruster", {"reps": 15, "load_kg": 43})`; the exercises come from the catalogue.
    """
    request = make_wod_request(user=user, status=WodRequest.Status.DONE, for_date=for_date)
    domain = (
        TimeDomain.SHORT
        if minutes <= 10
        else TimeDomain.MEDIUM
        if minutes <= 20
        else TimeDomain.LONG
    )
    wod = Wod.objects.create(
        request=request,
        user=user,
        for_date=request.for_date,
        format=format,
        time_domain=domain,
        minutes=minutes,
        rounds=rounds,
        description=f"{format} {minutes}: " + ", ".join(name for name, _ in movements),
        seed=0,
        generator_version=GENERATOR_VERSION,
    )
    WodExercise.objects.bulk_create(
        WodExercise(wod=wod, exercise=Exercise.objects.get(name=name), order=order, **prescription)
        for order, (name, prescription) in enumerate(movements, start=1)
    )
    return wod


def make_result(*, wod: Wod, rx: bool = True, **fields) -> WodResult:
    """A result logged through the service, so it passes the same checks as the API's."""
    result, _ = wod_result_create(wod=wod, rx=rx, **fields)
    return result
