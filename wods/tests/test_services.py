"""Retrying requests by hand, recording failed deliveries, reconciling requests with the dead
letters, and counting requests by status."""

import dataclasses
import datetime
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coaching.athlete import needs_met
from coaching.generator import AthleteProfile
from coaching.history import History, PastWod
from coaching.vocabulary import Intensity, PartKind
from exercises.models import Equipment
from testing.consumers import run_consumer
from users.services import user_update_profile
from wods.broker.messages import WodMessage
from wods.catalogue import ActiveCatalogue
from wods.models import Wod, WodPart, WodPartMovement, WodRequest
from wods.selectors import wod_histories, wod_request_counts
from wods.services import (
    BROKER_DEAD_LETTERED,
    Failure,
    Fulfilment,
    _requests_lock,
    wod_dead_letters_reconcile,
    wod_requests_fulfil,
    wod_requests_publish,
    wod_requests_record_failures,
    wod_requests_retry,
    wod_rows_build,
    wod_seed,
    wods_store,
)
from wods.tests.factories import (
    generated_metcon,
    make_dead_wod_requests,
    make_session_wod,
    make_wod,
    make_wod_request,
    rest_day_session,
    session_parts,
)

pytestmark = pytest.mark.django_db(transaction=True)

GENERATION_FAILED = WodRequest.ErrorCode.GENERATION_FAILED


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


# Reconciling the requests with wods.dead
# ------------------------------------------------------------------------------


def queued_requests(user, count: int) -> list[WodRequest]:
    requests = [make_wod_request(user=user, status=WodRequest.Status.PENDING) for _ in range(count)]
    assert wod_requests_publish(request_ids=[request.id for request in requests]) == count
    return requests


@pytest.mark.parametrize("max_deliveries", [2])
def test_a_queued_request_whose_message_crashes_dead_lettered_is_marked_dead_and_kept(
    user, broker, catalogue
):
    [request] = queued_requests(user, 1)
    broker.crash_until_dead_lettered(1)
    request.refresh_from_db()
    assert request.status == WodRequest.Status.QUEUED  # what nobody recorded

    out = StringIO()
    call_command("publish_pending_wods", stdout=out)

    request.refresh_from_db()
    assert request.status == WodRequest.Status.DEAD
    assert request.last_error == f"{BROKER_DEAD_LETTERED} (delivery_limit)"
    assert request.last_error_code == WodRequest.ErrorCode.DELIVERIES_EXHAUSTED
    assert "1 request(s) marked dead, 1 kept" in out.getvalue()
    # The letter stays for an operator, whose replay makes the request again.
    assert broker.dead() == 1
    call_command("requeue_dead_wods", stdout=StringIO())
    run_consumer(max_messages=1)
    request.refresh_from_db()
    assert request.status == WodRequest.Status.DONE


@pytest.mark.parametrize("max_deliveries", [2])
def test_the_dead_letter_of_a_request_already_done_is_dropped(user, broker):
    [request] = queued_requests(user, 1)
    broker.crash_until_dead_lettered(1)
    # Its WOD was stored by a consumer that crashed before it could ack.
    WodRequest.objects.filter(pk=request.pk).update(status=WodRequest.Status.DONE)

    report = wod_dead_letters_reconcile()

    assert (report.dropped, report.marked_dead, report.kept) == ([request.id], [], 0)
    assert broker.dead() == 0


@pytest.mark.parametrize("max_deliveries", [2])
def test_letters_of_dead_and_pending_requests_and_malformed_ones_are_left_alone(user, broker):
    dead, pending = queued_requests(user, 2)
    broker.publish_raw(b"not json")
    broker.crash_until_dead_lettered(3)
    WodRequest.objects.filter(pk=dead.pk).update(
        status=WodRequest.Status.DEAD, last_error="Random failure for testing retries"
    )
    WodRequest.objects.filter(pk=pending.pk).update(status=WodRequest.Status.PENDING)

    report = wod_dead_letters_reconcile()

    assert (report.dropped, report.marked_dead, report.kept) == ([], [], 3)
    assert broker.dead() == 3
    assert dict(WodRequest.objects.values_list("pk", "last_error")) == {
        dead.pk: "Random failure for testing retries",
        pending.pk: "",
    }


def test_a_failure_is_recorded_only_on_the_request_its_message_describes(user, other_user):
    victim = make_wod_request(user=user)
    real = WodMessage(request_id=victim.id, user_email=user.email, for_date=victim.for_date)
    forged = WodMessage(request_id=victim.id, user_email=other_user.email, for_date=victim.for_date)

    wod_requests_record_failures(
        failures=[
            Failure(message=forged, attempt=5, code=GENERATION_FAILED, error="forged", final=True)
        ]
    )
    victim.refresh_from_db()
    after_forged = (victim.status, victim.attempts, victim.last_error)
    wod_requests_record_failures(
        failures=[
            Failure(message=real, attempt=2, code=GENERATION_FAILED, error="real", final=False)
        ]
    )
    victim.refresh_from_db()

    assert after_forged == (WodRequest.Status.QUEUED, 0, "")
    assert (victim.status, victim.attempts, victim.last_error, victim.last_error_code) == (
        WodRequest.Status.QUEUED,
        2,
        "real",
        GENERATION_FAILED,
    )


def movements(wod: Wod) -> list[int]:
    return list(wod.movements.order_by("order").values_list("exercise_id", flat=True))


def history_of(wod: Wod) -> History:
    return History(
        recent=(
            PastWod(for_date=wod.for_date, exercise_ids=tuple(movements(wod)), format=wod.format),
        )
    )


def fulfil(request: WodRequest) -> Fulfilment:
    message = WodMessage(
        request_id=request.id, user_email=request.user.email, for_date=request.for_date
    )
    [fulfilment] = wod_requests_fulfil(messages=[message], attempts=[1])
    return fulfilment


def test_a_stored_wod_holds_all_the_generator_wrote_its_stimulus_expected_time_and_loads(
    make_user, catalogue
):
    athlete = make_user(goal="muscle_gain", level="advanced")
    athlete.equipment.set(Equipment.objects.all())
    profile = AthleteProfile(
        goal="muscle_gain",
        level="advanced",
        equipment=frozenset(athlete.equipment.values_list("slug", flat=True)),
    )
    active = ActiveCatalogue()
    for day in range(1, 8):
        history = wod_histories(user_ids=[athlete.pk]).get(athlete.pk, History())
        request = make_wod_request(user=athlete, for_date=datetime.date(2026, 12, day))
        stored = Wod.objects.get(pk=fulfil(request).wod_id)
        generated = active.generator().generate(
            profile=profile,
            history=history,
            day=request.for_date,
            requested=True,
            rng=random.Random(wod_seed(request_id=request.id)),
        )

        assert stored.generator_version == generated.generator_version == 2
        assert (stored.format, stored.minutes, stored.rounds, stored.description) == (
            generated.format,
            generated.minutes,
            generated.rounds,
            generated.description,
        )
        assert stored.stimulus == generated.stimulus
        assert stored.expected_seconds == generated.expected_seconds
        if generated.expected_rounds is None:
            assert stored.expected_rounds is None
        else:
            assert float(stored.expected_rounds) == generated.expected_rounds
        rows = stored.movements.order_by("order").values_list(
            "exercise_id", "reps", "distance_m", "calories", "seconds", "load_kg", "load_women_kg"
        )
        assert [
            (e, r, d, c, s, *(None if kg is None else float(kg) for kg in (men, women)))
            for e, r, d, c, s, men, women in rows
        ] == [
            (
                m.exercise_id,
                m.reps,
                m.distance_m,
                m.calories,
                m.seconds,
                m.load_kg,
                m.load_women_kg,
            )
            for m in generated.movements
        ]


def test_an_athletes_profile_edit_shapes_their_very_next_wod(make_user, catalogue):
    # The consumer reads each athlete's profile with the request it fulfils, so an edit made
    # between two WODs counts for the second one, whatever the consumer did before.
    athlete = make_user(goal="weight_loss", level="beginner")
    active = ActiveCatalogue()
    first = make_wod(user=athlete, for_date=datetime.date(2026, 12, 1))
    user_update_profile(
        user=athlete,
        goal="muscle_gain",
        level="advanced",
        equipment=Equipment.objects.exclude(slug=Equipment.BODYWEIGHT_SLUG),
    )
    edited = AthleteProfile(
        goal="muscle_gain",
        level="advanced",
        equipment=frozenset(athlete.equipment.values_list("slug", flat=True)),
    )
    unedited = AthleteProfile(goal="weight_loss", level="beginner", equipment=frozenset())
    request = make_wod_request(user=athlete, for_date=datetime.date(2026, 12, 2))

    second = Wod.objects.get(pk=fulfil(request).wod_id)

    def expected(profile: AthleteProfile) -> list[int]:
        wod = active.generator().generate(
            profile=profile,
            history=history_of(first),
            day=request.for_date,
            requested=True,
            rng=random.Random(wod_seed(request_id=request.id)),
        )
        return [movement.exercise_id for movement in wod.movements]

    assert expected(edited) != expected(unedited)  # the edit makes a difference here
    assert movements(second) == expected(edited)


# Storing whole sessions
# ------------------------------------------------------------------------------


def stored_parts(wod: Wod) -> list[tuple]:
    return [
        (
            part.kind,
            part.minutes,
            part.description,
            [
                (m.exercise_id, m.sets, m.reps, m.calories, m.seconds, m.load_kg, m.note)
                for m in part.movements.order_by("order")
            ],
        )
        for part in wod.parts.order_by("order")
    ]


def test_a_session_is_stored_with_its_parts_in_order_and_the_metcon_movements_on_the_wod(
    user, catalogue
):
    day = datetime.date(2026, 12, 1)
    metcon = generated_metcon(user=user, for_date=day)
    session = dataclasses.replace(
        metcon,
        parts=session_parts(metcon),
        intensity=Intensity.HEAVY,
        benchmark="fran",
        rep_scheme=(21, 15, 9),
        work_seconds=180,
        rest_seconds=60,
    )

    wod = make_session_wod(user=user, session=session, for_date=day)

    assert (wod.score_type, wod.intensity, wod.benchmark) == (metcon.score_type, "heavy", "fran")
    assert (wod.rep_scheme, wod.work_seconds, wod.rest_seconds) == ("21-15-9", 180, 60)
    assert [m.exercise_id for m in session.movements] == movements(wod)
    assert stored_parts(wod) == [
        (
            part.kind,
            part.minutes,
            part.description,
            []
            if part.kind == PartKind.METCON
            else [
                (
                    m.exercise_id,
                    m.sets,
                    m.reps,
                    m.calories,
                    m.seconds,
                    None if m.load_kg is None else Decimal(str(m.load_kg)),
                    m.note,
                )
                for m in part.movements
            ],
        )
        for part in session.parts
    ]


def test_a_rest_day_is_stored_without_metcon_movements_or_score_type(user, catalogue):
    wod = make_session_wod(user=user, session=rest_day_session())

    assert (wod.format, wod.minutes, wod.score_type, wod.intensity) == ("rest", 0, "", "recovery")
    assert wod.description.startswith("Rest day:")
    assert movements(wod) == []
    assert [kind for kind, *_ in stored_parts(wod)] == [PartKind.RECOVERY, PartKind.COOL_DOWN]


def test_storing_a_batch_of_sessions_takes_the_same_few_statements_whatever_its_size(
    make_user, catalogue
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's bulk inserts are split by its limit of bound parameters")
    day = datetime.date(2026, 12, 1)
    athlete = make_user()
    metcon = generated_metcon(user=athlete, for_date=day)
    session = dataclasses.replace(metcon, parts=session_parts(metcon))

    def statements_for(count: int) -> list[str]:
        rows = []
        for _ in range(count):
            request = make_wod_request(user=athlete, for_date=day)
            rows.append(
                wod_rows_build(
                    wod=session, request_id=request.id, user_id=athlete.pk, for_date=day, seed=0
                )
            )
        with CaptureQueriesContext(connection) as queries:
            wods_store(wods=rows)
        return [query["sql"] for query in queries]

    one, many = statements_for(1), statements_for(20)

    # The WODs' and parts' ids drawn from their sequences; every row then goes in by COPY,
    # which is no query here: four tables, four statements and two reads of a sequence.
    assert len(one) == len(many) == 2
    assert all(sql.startswith("SELECT nextval") for sql in many)
    assert Wod.objects.count() == 21
    assert WodPart.objects.count() == 21 * 4
    assert WodPartMovement.objects.count() == 21 * 6


def test_the_consumer_generates_from_the_athletes_session_length_week_and_space(
    make_user, catalogue
):
    athlete = make_user(
        session_minutes=30, training_days_per_week=3, has_wall=False, has_open_space=True
    )
    request = make_wod_request(user=athlete)

    with transaction.atomic():
        [locked] = _requests_lock(request_ids=[request.id]).values()

    assert locked.profile.session_minutes == 30
    assert locked.profile.training_days_per_week == 3
    assert locked.profile.space == needs_met(has_wall=False, has_open_space=True)
    assert locked.source == WodRequest.Source.USER
