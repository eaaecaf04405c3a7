"""Rows for tests, made through the same services the product uses where that matters."""

import dataclasses
import datetime
import random
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.utils import timezone

from coaching.generator import GENERATOR_VERSION, AthleteProfile
from coaching.history import History
from coaching.vocabulary import Intensity, PartKind, TimeDomain, WodFormat
from coaching.wod import GeneratedWod, Movement, Part
from exercises.models import Exercise
from testing.broker import Broker
from testing.consumers import run_consumer
from users.models import User
from wods.broker.messages import WodMessage
from wods.broker.topology import Topology
from wods.catalogue import ActiveCatalogue
from wods.models import Wod, WodExercise, WodRequest, WodResult
from wods.services import (
    wod_requests_fulfil,
    wod_requests_publish,
    wod_result_create,
    wod_rows_build,
    wods_store,
)


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


# Whole sessions, written by hand until the generator writes every part
# ------------------------------------------------------------------------------


def movement(name: str, order: int, **prescription) -> Movement:
    """A movement of the catalogue's exercise `name`, e.g. `movement("Row", 1, calories=12)`."""
    amounts = dict.fromkeys(("reps", "distance_m", "calories", "seconds", "load_kg"))
    amounts["load_women_kg"] = None
    return Movement(
        exercise_id=Exercise.objects.get(name=name).pk,
        exercise_name=name,
        order=order,
        **{**amounts, **prescription},
    )


def generated_metcon(*, user: User, for_date: datetime.date, seed: int = 1) -> GeneratedWod:
    """What the generator writes for `user` today, from the active catalogue."""
    return (
        ActiveCatalogue()
        .generator()
        .generate(
            profile=AthleteProfile(
                goal=user.goal,
                level=user.level,
                equipment=frozenset(user.equipment.values_list("slug", flat=True)),
            ),
            history=History(),
            day=for_date,
            requested=True,
            rng=random.Random(seed),
        )
    )


def session_parts(metcon: GeneratedWod) -> tuple[Part, ...]:
    """A coach's whole session around `metcon`: a warm-up, a strength block, the metcon and
    a cool-down, each with movements from the catalogue."""
    return (
        Part(
            kind=PartKind.WARM_UP,
            minutes=8,
            description="2 rounds: 6 cal row, 10 leg swings, 5 inchworms",
            movements=(
                movement("Row", 1, calories=6, sets=2),
                movement("Leg Swing", 2, reps=10, sets=2),
                movement("Inchworm", 3, reps=5, sets=2),
            ),
        ),
        Part(
            kind=PartKind.STRENGTH,
            minutes=15,
            description="Back squat 5x5 at RPE 7",
            movements=(
                movement(
                    "Back Squat",
                    1,
                    sets=5,
                    reps=5,
                    load_kg=80.0,
                    load_women_kg=55.0,
                    note="at RPE 7",
                ),
            ),
        ),
        Part(
            kind=PartKind.METCON,
            minutes=metcon.minutes,
            description=metcon.description,
            movements=metcon.movements,
        ),
        Part(
            kind=PartKind.COOL_DOWN,
            minutes=4,
            description="Couch stretch and pigeon, 1 min a side",
            movements=(
                movement("Couch Stretch", 1, seconds=60, sets=2, note="each side"),
                movement("Pigeon Stretch", 2, seconds=60, sets=2, note="each side"),
            ),
        ),
    )


def rest_day_session() -> GeneratedWod:
    """A rest day as the generator describes one: no metcon, an easy row and mobility."""
    return GeneratedWod(
        format=WodFormat.REST,
        time_domain=TimeDomain.SHORT,
        minutes=0,
        rounds=None,
        description="Rest day: 20 min easy row, then 5 min of mobility.",
        movements=(),
        generator_version=GENERATOR_VERSION,
        stimulus="Recover: easy, conversational pace.",
        expected_seconds=0,
        expected_rounds=None,
        parts=(
            Part(
                kind=PartKind.RECOVERY,
                minutes=20,
                description="20 min easy row, conversational pace",
                movements=(movement("Row", 1, seconds=1200, note="easy"),),
            ),
            Part(
                kind=PartKind.COOL_DOWN,
                minutes=5,
                description="Child's pose and downward dog",
                movements=(
                    movement("Child's Pose", 1, seconds=90),
                    movement("Downward Dog", 2, seconds=90),
                ),
            ),
        ),
        score_type=None,
        intensity=Intensity.RECOVERY,
    )


def make_session_wod(
    *,
    user: User,
    session: GeneratedWod | None = None,
    for_date: datetime.date | None = None,
    **changes,
) -> Wod:
    """A session stored as the consumer stores one (`wods_store`), from `session` or, by
    default, the generator's metcon for `user` within `session_parts`; `changes` replace the
    session's fields (`benchmark="fran"`, `intensity=...`)."""
    request = make_wod_request(user=user, status=WodRequest.Status.DONE, for_date=for_date)
    if session is None:
        metcon = generated_metcon(user=user, for_date=request.for_date)
        session = dataclasses.replace(metcon, parts=session_parts(metcon))
    session = dataclasses.replace(session, **changes)
    rows = wod_rows_build(
        wod=session,
        request_id=request.id,
        user_id=user.pk,
        for_date=request.for_date,
        seed=0,
    )
    [wod_id] = wods_store(wods=[rows]).values()
    return Wod.objects.get(pk=wod_id)
