"""Six weeks of one athlete, end to end: each day's request goes through RabbitMQ and the
consumer, the athlete reads the session in the API and logs a result for it, and the results
shape what Coach writes next (issue 15).

- Easy Rx results (RPE 4) for three weeks: the loads of the movements they did go up.
- A week at RPE 10: within days a training day is light and its stimulus says why.
- Every benchmark, done five weeks before the first day: the first benchmark of the six weeks
  is a retest, and the session quotes the earlier score.
"""

import datetime

import pytest

from coaching.benchmarks import BENCHMARKS
from coaching.vocabulary import ScoreType
from exercises.models import Equipment
from testing.clients import client_for
from testing.consumers import run_consumer
from wods.models import Wod, WodRequest
from wods.services import wod_requests_publish
from wods.tests.factories import make_result, make_wod_as, make_wod_request

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_DAY = datetime.date(2026, 8, 3)  # a Monday, well in the past
DAYS = 42
GARAGE_GYM = ["barbell", "dumbbell", "kettlebell", "pull_up_bar", "jump_rope", "box", "rower"]
HARD_WEEK = range(21, 28)  # days of week 4, every result at RPE 10


def day(index: int) -> datetime.date:
    return FIRST_DAY + datetime.timedelta(days=index)


def noon(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(12), datetime.UTC)


def rpe_on(index: int) -> int:
    return 10 if index in HARD_WEEK else 4


def score_of(wod: dict) -> dict:
    """A plausible score in the session's score type: what the athlete expected to do."""
    score_type = wod["score_type"]
    if score_type == "time":
        return {"time_seconds": wod["expected_seconds"]}
    if score_type == "rounds_reps":
        return {"rounds": int(float(wod["expected_rounds"])), "reps": 0}
    if score_type == "calories":
        return {"calories": 10}
    if score_type == "load":
        return {"load_kg": "40.0"}
    return {"reps": 10}


def loads_by_exercise(wod: dict) -> dict[str, float]:
    return {
        movement["exercise"]: float(movement["load_kg"])
        for movement in wod["movements"]
        if movement["load_kg"] is not None
    }


@pytest.fixture
def athlete(make_user, catalogue):
    athlete = make_user(goal="general_fitness", level="intermediate", training_days_per_week=5)
    athlete.equipment.set(Equipment.objects.filter(slug__in=GARAGE_GYM))
    return athlete


# What the athlete scored in each benchmark five weeks before the first day, as a WOD quotes it.
EARLIER_SCORES = {ScoreType.TIME: "6:35", ScoreType.ROUNDS_REPS: "12 rounds + 3 reps"}


@pytest.fixture
def benchmarks_five_weeks_before(athlete) -> dict[str, str]:
    """Every benchmark done and logged on one day five weeks before the first day (a test
    athlete's history, not a program); each comes back for a retest in the six weeks."""
    scores = {}
    for benchmark in BENCHMARKS:
        wod = make_wod_as(
            user=athlete,
            format=benchmark.format,
            minutes=20,
            rounds=1,
            for_date=day(-35),
            movements=[("Air Squat", {"reps": 50})],
        )
        Wod.objects.filter(pk=wod.pk).update(
            benchmark=benchmark.slug, score_type=benchmark.score_type
        )
        wod.refresh_from_db()
        score = (
            {"time_seconds": 395}
            if benchmark.score_type == ScoreType.TIME
            else {"rounds": 12, "reps": 3}
        )
        make_result(wod=wod, rpe=8, performed_at=noon(wod.for_date), **score)
        scores[benchmark.slug] = EARLIER_SCORES[benchmark.score_type]
    return scores


def test_six_weeks_of_results_move_loads_call_a_light_day_and_bring_a_benchmark_back(
    athlete, benchmarks_five_weeks_before, broker
):
    api = client_for(athlete)
    sessions: list[dict] = []
    for index in range(DAYS):
        request = make_wod_request(
            user=athlete,
            for_date=day(index),
            source=WodRequest.Source.DAILY,
            status=WodRequest.Status.PENDING,
        )
        wod_requests_publish(request_ids=[request.id])
        run_consumer(max_messages=1)
        listing = api.get("/api/wods/", {"date_from": day(index), "date_to": day(index)})
        [wod] = listing.json()["results"]
        sessions.append(wod)
        if wod["format"] == "rest":
            continue
        response = api.post(
            f"/api/wods/{wod['id']}/results/",
            {**score_of(wod), "rx": True, "rpe": rpe_on(index), "performed_at": noon(day(index))},
            format="json",
        )
        assert response.status_code == 201, (wod, response.content)

    rest_days = [s for s in sessions if s["format"] == "rest"]
    assert len(rest_days) == 2 * DAYS // 7

    # Loads rise: a movement loaded in the first two weeks comes back heavier in weeks 3-4.
    first = {}
    for session in sessions[:14]:
        for name, load in loads_by_exercise(session).items():
            first.setdefault(name, load)
    raised = {
        name
        for session in sessions[14:28]
        for name, load in loads_by_exercise(session).items()
        if name in first and load > first[name]
    }
    assert raised, "no loaded movement came back heavier after two weeks of easy Rx results"

    # The hard week's load soon runs well above the month's: a light day that says why.
    hard_days = sessions[HARD_WEEK.start + 2 : HARD_WEEK.stop + 5]
    assert any(s["intensity"] == "light" and "training load" in s["stimulus"] for s in hard_days), [
        (s["intensity"], s["stimulus"]) for s in hard_days
    ]

    # A benchmark comes back for a retest and quotes the score of five weeks before.
    retests = [s for s in sessions if s["benchmark"]]
    assert retests, "no benchmark in six weeks"
    first = retests[0]
    assert f"Last time: {benchmarks_five_weeks_before[first['benchmark']]} Rx" in first["stimulus"]
