"""Scores against a WOD's work and clock: the shape of each score type, and what no human could
post. Plain Python, no database."""

from decimal import Decimal

import pytest

from coaching.vocabulary import Measurement, Modality, WodFormat
from wods.scores import (
    FASTEST_SECONDS,
    FORMAT_SCORE_TYPES,
    SCORE_FIELDS,
    Piece,
    Score,
    ScoreType,
    WodWork,
    score_errors,
    units_scored,
)

THRUSTERS = Piece(modality=Modality.WEIGHTLIFTING, measurement=Measurement.REPS, units=15)
PULL_UPS = Piece(modality=Modality.GYMNASTICS, measurement=Measurement.REPS, units=15)
RUN = Piece(modality=Modality.MONOSTRUCTURAL, measurement=Measurement.DISTANCE, units=400)
ROW = Piece(modality=Modality.MONOSTRUCTURAL, measurement=Measurement.CALORIES, units=12)
PLANK = Piece(modality=Modality.GYMNASTICS, measurement=Measurement.SECONDS, units=60)
BURPEES = Piece(modality=Modality.GYMNASTICS, measurement=Measurement.REPS, units=10)

# 3 rounds of 15 thrusters and 15 pull-ups, capped at 10 minutes: 90 reps, 27 s at the least.
FOR_TIME = WodWork(format=WodFormat.FOR_TIME, minutes=10, rounds=3, pieces=(THRUSTERS, PULL_UPS))
# 30 reps a round, 9 s at the least: 66 rounds (and 20 reps) in 10 minutes.
AMRAP = WodWork(format=WodFormat.AMRAP, minutes=10, rounds=None, pieces=(THRUSTERS, PULL_UPS))
# Minute 1, 3, 5...: 10 burpees; minute 2, 4, 6...: 12 calories of rowing; 110 in all.
EMOM = WodWork(format=WodFormat.EMOM, minutes=10, rounds=None, pieces=(BURPEES, ROW))


def errors(work: WodWork, **score) -> dict[str, str]:
    return score_errors(score_type=FORMAT_SCORE_TYPES[work.format], work=work, score=Score(**score))


def test_every_way_of_prescribing_a_movement_has_a_fastest_pace():
    assert {measurement for measurement, _ in FASTEST_SECONDS} == set(Measurement)


def test_every_score_type_has_its_fields():
    assert set(SCORE_FIELDS) == set(ScoreType)


@pytest.mark.parametrize(
    ("work", "score"),
    [
        (FOR_TIME, {"time_seconds": 27}),
        (FOR_TIME, {"time_seconds": 600}),
        (FOR_TIME, {"reps": 89}),
        (FOR_TIME, {"reps": 0}),
        (AMRAP, {"rounds": 66, "reps": 20}),
        (AMRAP, {"rounds": 7, "reps": 29}),
        (AMRAP, {"rounds": 0, "reps": 12}),
        (EMOM, {"reps": 110}),
        (EMOM, {"reps": 0}),
    ],
)
def test_a_score_the_clock_allows_has_no_error(work, score):
    assert errors(work, **score) == {}


def test_a_21_15_9_in_three_seconds_is_faster_than_humanly_possible():
    fran = WodWork(
        format=WodFormat.FOR_TIME,
        minutes=10,
        rounds=1,
        pieces=tuple(
            Piece(modality=modality, measurement=Measurement.REPS, units=reps)
            for reps in (21, 15, 9)
            for modality in (Modality.WEIGHTLIFTING, Modality.GYMNASTICS)
        ),
    )

    assert errors(fran, time_seconds=3) == {
        "time_seconds": "Faster than humanly possible: this WOD's work takes at least 27 s."
    }


@pytest.mark.parametrize(
    ("work", "score", "field", "message"),
    [
        (FOR_TIME, {"time_seconds": 26}, "time_seconds", "at least 27 s"),
        (FOR_TIME, {"time_seconds": 601}, "time_seconds", "Past the 10-minute cap"),
        (FOR_TIME, {"reps": 90}, "reps", "The whole WOD is 90 reps"),
        (FOR_TIME, {"time_seconds": 300, "reps": 20}, "time_seconds", "not both"),
        (FOR_TIME, {}, "time_seconds", "Required"),
        (AMRAP, {"rounds": 500}, "rounds", "at most 66 in 10 minutes"),
        (AMRAP, {"rounds": 67}, "rounds", "at most 66 in 10 minutes"),
        (AMRAP, {"rounds": 66, "reps": 21}, "reps", "at most 20 after those rounds"),
        (AMRAP, {"rounds": 3, "reps": 30}, "reps", "A round is 30 reps"),
        (AMRAP, {"reps": 3}, "rounds", "Required"),
        (EMOM, {"reps": 111}, "reps", "at most 110 in this WOD's prescription"),
        (EMOM, {}, "reps", "Required"),
    ],
)
def test_a_score_past_the_work_or_the_clock_is_an_error_on_its_field(work, score, field, message):
    found = errors(work, **score)

    assert list(found) == [field]
    assert message in found[field]


@pytest.mark.parametrize(
    ("work", "score", "fields"),
    [
        (FOR_TIME, {"rounds": 3}, ["rounds"]),
        (FOR_TIME, {"time_seconds": 300, "calories": 5}, ["calories"]),
        (AMRAP, {"time_seconds": 300}, ["time_seconds"]),
        (AMRAP, {"rounds": 5, "load_kg": Decimal(60)}, ["load_kg"]),
        (EMOM, {"rounds": 1, "time_seconds": 60}, ["rounds", "time_seconds"]),
    ],
)
def test_a_field_of_another_score_type_is_an_error_naming_the_type(work, score, fields):
    found = errors(work, **score)

    assert list(found) == fields
    assert all("Not a score of this WOD" in found[field] for field in fields)


def test_a_capped_for_time_may_not_claim_more_reps_than_the_cap_allows():
    long_runs = WodWork(format=WodFormat.FOR_TIME, minutes=1, rounds=5, pieces=(RUN,))

    # 60 s at the fastest pace (0.09 s a metre) is 666 m of the 2,000.
    assert errors(long_runs, reps=666) == {}
    assert "at most 666 in the 1-minute cap" in errors(long_runs, reps=667)["reps"]


def test_a_hold_takes_its_own_time():
    planks = WodWork(format=WodFormat.FOR_TIME, minutes=10, rounds=4, pieces=(PLANK,))

    assert "at least 240 s" in errors(planks, time_seconds=239)["time_seconds"]


@pytest.mark.parametrize(
    ("load_kg", "valid"), [(Decimal("102.5"), True), (Decimal(500), True), (Decimal(501), False)]
)
def test_a_load_is_never_heavier_than_any_lift_on_record(load_kg, valid):
    found = score_errors(score_type=ScoreType.LOAD, work=AMRAP, score=Score(load_kg=load_kg))

    assert (found == {}) is valid


def test_calories_are_bounded_by_the_clock():
    assert score_errors(score_type=ScoreType.CALORIES, work=AMRAP, score=Score(calories=2000)) == {}
    found = score_errors(score_type=ScoreType.CALORIES, work=AMRAP, score=Score(calories=2001))
    assert "at most 2000" in found["calories"]


def test_a_wod_whose_movements_have_no_units_bounds_no_score():
    empty = WodWork(
        format=WodFormat.AMRAP,
        minutes=10,
        rounds=None,
        pieces=(Piece(modality=Modality.GYMNASTICS, measurement=Measurement.REPS, units=0),),
    )

    assert errors(empty, rounds=1000) == {}
    assert empty.units_done(None) == [0]


# What a score says was done
# ------------------------------------------------------------------------------


def done(work: WodWork, **score) -> list[int]:
    score_type = FORMAT_SCORE_TYPES[work.format]
    return work.units_done(units_scored(score_type=score_type, work=work, score=Score(**score)))


def test_a_finished_for_time_did_all_of_its_work():
    assert done(FOR_TIME, time_seconds=400) == [45, 45]


def test_a_capped_for_time_did_the_first_reps_of_its_work_in_order():
    # Two rounds (60 reps), then 15 thrusters and 5 pull-ups of the third.
    assert done(FOR_TIME, reps=80) == [45, 35]


def test_an_amrap_did_its_full_rounds_and_the_reps_of_the_next():
    assert done(AMRAP, rounds=4, reps=20) == [75, 65]


def test_an_emom_did_its_minutes_prescriptions_in_turn():
    assert done(EMOM, reps=110) == [50, 60]
    # Minutes 1 to 4 (10 + 12 + 10 + 12), then 4 burpees of minute 5.
    assert done(EMOM, reps=48) == [24, 24]


def test_a_score_that_counts_no_units_did_the_whole_prescription():
    assert FOR_TIME.units_done(
        units_scored(score_type=ScoreType.LOAD, work=FOR_TIME, score=Score(load_kg=Decimal(80)))
    ) == [45, 45]
    # An AMRAP has no end: a load scored on one counts one round.
    assert AMRAP.units_done(None) == [15, 15]


# The session's formats
# ------------------------------------------------------------------------------

# 21-15-9 thrusters and pull-ups, each movement's amount the first round's: 90 reps, 27 s.
FRAN = WodWork(
    format=WodFormat.DESCENDING,
    minutes=10,
    rounds=3,
    pieces=(
        Piece(modality=Modality.WEIGHTLIFTING, measurement=Measurement.REPS, units=21),
        Piece(modality=Modality.GYMNASTICS, measurement=Measurement.REPS, units=21),
    ),
    rep_scheme=(21, 15, 9),
)
# Once through: 400 m run, 15 thrusters, 15 pull-ups, 10 burpees.
CHIPPER = WodWork(
    format=WodFormat.CHIPPER,
    minutes=20,
    rounds=1,
    pieces=(RUN, THRUSTERS, PULL_UPS, BURPEES),
)
# Every 2 minutes for 12 minutes, in turn: 10 burpees, 12 calories of rowing: 66 units.
E2MOM = WodWork(format=WodFormat.E2MOM, minutes=12, rounds=None, pieces=(BURPEES, ROW))
# 5 sets of 3 minutes of work, 1 minute of rest: 900 s of thrusters and pull-ups, a round of
# 30 reps in 9 s at the least: 3,000 reps.
INTERVALS = WodWork(
    format=WodFormat.INTERVALS,
    minutes=20,
    rounds=5,
    pieces=(THRUSTERS, PULL_UPS),
    work_seconds=180,
)
# 8 x 20 s of burpees: 160 s of work, 0.3 s a rep: 533 reps at most.
TABATA = WodWork(format=WodFormat.TABATA, minutes=4, rounds=8, pieces=(BURPEES,), work_seconds=20)


def test_a_descending_scheme_walks_its_rounds_each_a_share_of_the_first():
    assert FRAN.total_units == 90
    assert list(FRAN.bouts()) == [(0, 21), (1, 21), (0, 15), (1, 15), (0, 9), (1, 9)]
    # The first round (42 reps), then 8 thrusters of the second.
    assert done(FRAN, reps=50) == [29, 21]


def test_a_descending_scheme_rounds_each_share_half_up_and_never_below_one():
    double_unders = Piece(modality=Modality.MONOSTRUCTURAL, measurement=Measurement.REPS, units=50)
    work = WodWork(
        format=WodFormat.DESCENDING,
        minutes=12,
        rounds=3,
        pieces=(double_unders,),
        rep_scheme=(21, 15, 9),
    )
    ladder = WodWork(
        format=WodFormat.DESCENDING,
        minutes=12,
        rounds=10,
        pieces=(BURPEES,),
        rep_scheme=tuple(range(10, 0, -1)),
    )

    assert [units for _, units in work.bouts()] == [50, 36, 21]
    assert [units for _, units in ladder.bouts()] == list(range(10, 0, -1))


def test_a_descending_21_15_9_done_in_three_seconds_is_refused_and_its_fastest_time_passes():
    assert errors(FRAN, time_seconds=27) == {}
    assert errors(FRAN, time_seconds=3) == {
        "time_seconds": "Faster than humanly possible: this WOD's work takes at least 27 s."
    }
    assert "The whole WOD is 90 reps" in errors(FRAN, reps=90)["reps"]


def test_a_chipper_is_done_once_through_and_scored_by_time():
    assert CHIPPER.total_units == 440
    # 400 m at 0.09 s, 40 reps at 0.3 s.
    assert "at least 48 s" in errors(CHIPPER, time_seconds=47)["time_seconds"]
    assert errors(CHIPPER, time_seconds=48) == {}


def test_an_e2mom_does_one_movement_every_two_minutes_in_turn():
    assert E2MOM.total_units == 66
    assert errors(E2MOM, reps=66) == {}
    assert "at most 66 in this WOD's prescription" in errors(E2MOM, reps=67)["reps"]
    assert done(E2MOM, reps=66) == [30, 36]


def test_intervals_count_only_their_work_periods():
    assert INTERVALS.working_seconds == 900
    assert errors(INTERVALS, reps=3000) == {}
    assert "at most 3000 in the time" in errors(INTERVALS, reps=3001)["reps"]


def test_calorie_intervals_are_bounded_by_their_work_periods():
    rows = WodWork(
        format=WodFormat.INTERVALS, minutes=20, rounds=5, pieces=(ROW,), work_seconds=180
    )

    found = score_errors(score_type=ScoreType.CALORIES, work=rows, score=Score(calories=3001))
    assert score_errors(score_type=ScoreType.CALORIES, work=rows, score=Score(calories=3000)) == {}
    assert "at most 3000" in found["calories"]


def test_a_tabata_of_eight_twenty_second_sets_holds_at_most_what_160_seconds_do():
    assert errors(TABATA, reps=533) == {}
    assert "at most 533 in the time" in errors(TABATA, reps=534)["reps"]


def test_every_format_but_a_rest_day_has_a_score_type():
    assert set(FORMAT_SCORE_TYPES) == set(WodFormat) - {WodFormat.REST}
