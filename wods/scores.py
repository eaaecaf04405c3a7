"""How a WOD is scored, and which scores no human could post: plain Python, no Django.

A WOD's work is its movements in order, each a number of units (reps, metres, calories or
seconds of a hold). The clock allows only so much of it: no one is faster than
`FASTEST_SECONDS` per unit (at or past the world's best bursts: a 9 s 100 m, three reps a
second, a calorie in 0.3 s), so a For Time finished faster than its work at that pace, or
more AMRAP rounds than its minutes hold at it, is a mistake or a lie, and refused. The bounds
are deliberately generous: they catch the typo (`time_seconds: 3` for a 21-15-9, 500
rounds), never a good day.

The same walk through the work says what a logged session did (`units_done`), for the
weekly volume: the first `reps` units of a capped For Time, the full rounds and the partial
one of an AMRAP.

Every format is a walk through bouts (`WodWork.bouts`): For Time's and a chipper's rounds,
a descending scheme's rounds (21-15-9: each movement's first-round amount, then 15/21 and
9/21 of it), an EMOM's minutes and an E2MOM's two-minute slots (one movement each, in
turn); an AMRAP, intervals and a Tabata cycle through their movements until the clock ends
them, intervals and a Tabata counting only their work periods.
"""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle

from coaching.vocabulary import Measurement, Modality, ScoreType, WodFormat

# The score type of each format, for WODs stored before they had their own (the generator
# stores one; a benchmark may be scored otherwise, e.g. by load). A rest day has none.
FORMAT_SCORE_TYPES = {
    WodFormat.FOR_TIME: ScoreType.TIME,
    WodFormat.DESCENDING: ScoreType.TIME,
    WodFormat.CHIPPER: ScoreType.TIME,
    WodFormat.AMRAP: ScoreType.ROUNDS_REPS,
    WodFormat.EMOM: ScoreType.REPS,
    WodFormat.E2MOM: ScoreType.REPS,
    WodFormat.INTERVALS: ScoreType.REPS,
    WodFormat.TABATA: ScoreType.REPS,
}
# Formats done once through, so their work has an end; the others run until the clock stops.
FINITE_FORMATS = frozenset(
    {
        WodFormat.FOR_TIME,
        WodFormat.DESCENDING,
        WodFormat.CHIPPER,
        WodFormat.EMOM,
        WodFormat.E2MOM,
    }
)
# Formats whose clock holds rest: only their work periods count.
WORK_PERIOD_FORMATS = frozenset({WodFormat.INTERVALS, WodFormat.TABATA})

# The fields each score type is given in; For Time's `reps` are those done at the cap.
SCORE_FIELDS: Mapping[ScoreType, tuple[str, ...]] = {
    ScoreType.TIME: ("time_seconds", "reps"),
    ScoreType.ROUNDS_REPS: ("rounds", "reps"),
    ScoreType.LOAD: ("load_kg",),
    ScoreType.REPS: ("reps",),
    ScoreType.CALORIES: ("calories",),
}
ALL_SCORE_FIELDS = ("time_seconds", "rounds", "reps", "load_kg", "calories")

# The least time one unit takes the fastest human, in seconds: (measurement, monostructural).
# Monostructural reps are jump-rope turns, jumping jacks and the like; monostructural metres
# are running; other metres are carries, crawls and handstand walks; a hold takes its time.
FASTEST_SECONDS: Mapping[tuple[str, bool], float] = {
    (Measurement.REPS, True): 0.1,
    (Measurement.REPS, False): 0.3,
    (Measurement.DISTANCE, True): 0.09,
    (Measurement.DISTANCE, False): 0.15,
    (Measurement.CALORIES, True): 0.3,
    (Measurement.CALORIES, False): 0.3,
    (Measurement.SECONDS, True): 1.0,
    (Measurement.SECONDS, False): 1.0,
}
# Heavier than any lift on record (the deadlift's is about 500 kg).
MAX_LOAD_KG = Decimal(500)


@dataclass(frozen=True, slots=True)
class Piece:
    """One movement as the clock sees it: its units in one round, and their kind."""

    modality: str  # a Modality
    measurement: str  # a Measurement
    units: int

    @property
    def unit_seconds(self) -> float:
        """The least time one unit takes."""
        return FASTEST_SECONDS[self.measurement, self.modality == Modality.MONOSTRUCTURAL]

    @property
    def fastest_seconds(self) -> float:
        return self.units * self.unit_seconds


@dataclass(frozen=True, slots=True)
class WodWork:
    """A WOD's work: format, clock, rounds and the movements of a round, in order.

    An EMOM's minute i does movement i mod n, an E2MOM's slot of two minutes the same; a
    descending scheme's round i does each movement's amount times `rep_scheme[i]` over
    `rep_scheme[0]`; intervals and a Tabata are `rounds` sets of `work_seconds` of work.
    """

    format: str  # a WodFormat
    minutes: int
    rounds: int | None  # For Time's, a descending scheme's, interval sets
    pieces: tuple[Piece, ...]
    rep_scheme: tuple[int, ...] = ()  # descending: units per round, e.g. (21, 15, 9)
    work_seconds: int | None = None  # intervals and Tabata: the work of one set

    @property
    def units_per_round(self) -> int:
        return sum(piece.units for piece in self.pieces)

    @property
    def working_seconds(self) -> int:
        """The seconds of the clock spent working: intervals' and Tabata's work periods, the
        whole clock otherwise."""
        if self.format in WORK_PERIOD_FORMATS and self.work_seconds and self.rounds:
            return self.rounds * self.work_seconds
        return self.minutes * 60

    @property
    def total_units(self) -> int | None:
        """The units of the whole WOD, or None when the clock alone ends it (AMRAP,
        intervals, Tabata)."""
        if self.format not in FINITE_FORMATS:
            return None
        return sum(units for _, units in self.bouts())

    @property
    def fastest_seconds(self) -> float:
        """The least time the whole WOD (done once through) or one round (run by the clock)
        could take."""
        if self.format not in FINITE_FORMATS:
            return sum(piece.fastest_seconds for piece in self.pieces)
        return sum(units * self.pieces[index].unit_seconds for index, units in self.bouts())

    def bouts(self) -> Iterator[tuple[int, int]]:
        """(piece index, units) in the order they are done: without end when the clock alone
        ends the WOD."""
        count = len(self.pieces)
        if count == 0:
            return iter(())
        if self.format in (WodFormat.FOR_TIME, WodFormat.CHIPPER):
            rounds = range(self.rounds or 1)
            return ((i, self.pieces[i].units) for _ in rounds for i in range(count))
        if self.format == WodFormat.DESCENDING:
            scheme = self.rep_scheme or (1,) * (self.rounds or 1)
            return (
                (i, _scheme_share(self.pieces[i].units, amount, scheme[0]))
                for amount in scheme
                for i in range(count)
            )
        if self.format in (WodFormat.EMOM, WodFormat.E2MOM):
            slots = self.minutes if self.format == WodFormat.EMOM else self.minutes // 2
            return ((slot % count, self.pieces[slot % count].units) for slot in range(slots))
        return ((i, self.pieces[i].units) for i in cycle(range(count)))

    def units_in(self, seconds: float) -> float:
        """The most units anyone could do in `seconds`, working through the WOD in order."""
        if self.fastest_seconds == 0:  # no movement has any units: nothing bounds a score
            return math.inf
        done, left = 0.0, seconds
        for index, units in self.bouts():
            bout_seconds = units * self.pieces[index].unit_seconds
            if bout_seconds > left:
                return done + units * left / bout_seconds
            done += units
            left -= bout_seconds
        return done

    def units_done(self, units: int | None) -> list[int]:
        """Each piece's units (in the order of `pieces`) in the first `units` of the WOD, or
        in all of it when None (one round of a WOD the clock ends, which has no end)."""
        done = [0] * len(self.pieces)
        left = units if units is not None else self.total_units or self.units_per_round
        if self.units_per_round == 0:  # nothing to count, and an AMRAP would never end
            return done
        for index, bout in self.bouts():
            if left <= 0:
                break
            taken = min(bout, left)
            done[index] += int(taken)
            left -= taken
        return done


def _scheme_share(first: int, amount: int, first_amount: int) -> int:
    """A movement's units in a round of a descending scheme, from its first round's, rounded
    half up and never below one, as the generator prescribes them: 50 double-unders in
    21-15-9 are 50, 36, 21."""
    return max(1, math.floor(first * amount / first_amount + 0.5))


@dataclass(frozen=True, slots=True)
class Score:
    time_seconds: int | None = None
    rounds: int | None = None
    reps: int | None = None
    load_kg: Decimal | None = None
    calories: int | None = None

    def given(self) -> set[str]:
        return {name for name in ALL_SCORE_FIELDS if getattr(self, name) is not None}


def score_errors(*, score_type: ScoreType, work: WodWork, score: Score) -> dict[str, str]:
    """What is wrong with `score` as a result of `work`, by field; empty when nothing is.

    First the shape (the fields of the score type, and only those), then the bounds of the
    clock and of the work.
    """
    allowed = SCORE_FIELDS[score_type]
    wrong = {
        name: f"Not a score of this WOD: its score type is {score_type.value}, given in "
        f"{', '.join(allowed)}."
        for name in sorted(score.given() - set(allowed))
    }
    if wrong:
        return wrong
    check = {
        ScoreType.TIME: _time_errors,
        ScoreType.ROUNDS_REPS: _rounds_reps_errors,
        ScoreType.LOAD: _load_errors,
        ScoreType.REPS: _reps_errors,
        ScoreType.CALORIES: _calories_errors,
    }[score_type]
    return check(work, score)


def _time_errors(work: WodWork, score: Score) -> dict[str, str]:
    if score.time_seconds is not None and score.reps is not None:
        return {"time_seconds": "Either a time or, capped, the reps done at the cap: not both."}
    cap = work.minutes * 60
    if score.time_seconds is not None:
        floor = math.ceil(work.fastest_seconds)
        if score.time_seconds < floor:
            return {
                "time_seconds": f"Faster than humanly possible: this WOD's work takes at "
                f"least {floor} s."
            }
        if score.time_seconds > cap:
            return {
                "time_seconds": f"Past the {work.minutes}-minute cap: give the reps done at the "
                "cap instead."
            }
        return {}
    if score.reps is None:
        return {"time_seconds": "Required: the time, or the reps done at the cap (`reps`)."}
    total = work.total_units or 0
    if score.reps >= total:
        return {
            "reps": f"The whole WOD is {total} reps: a finished WOD is scored by its time "
            "(`time_seconds`)."
        }
    return _at_most(work.units_in(cap), score.reps, "reps", f"in the {work.minutes}-minute cap")


def _rounds_reps_errors(work: WodWork, score: Score) -> dict[str, str]:
    if score.rounds is None:
        return {"rounds": "Required: the rounds finished (and `reps` of the next one)."}
    per_round = work.units_per_round
    reps = score.reps or 0
    if per_round and reps >= per_round:
        return {"reps": f"A round is {per_round} reps: these are the reps of an unfinished round."}
    possible = work.units_in(work.minutes * 60)
    clock = f"in {work.minutes} minutes"
    if score.rounds * per_round > possible:
        return {
            "rounds": f"More rounds than the clock allows: at most "
            f"{math.floor(possible / per_round)} {clock}."
        }
    left = possible - score.rounds * per_round
    return _at_most(left, reps, "reps", f"after those rounds {clock}")


def _reps_errors(work: WodWork, score: Score) -> dict[str, str]:
    if score.reps is None:
        return {"reps": "Required."}
    if work.total_units is not None:
        return _at_most(work.total_units, score.reps, "reps", "in this WOD's prescription")
    return _at_most(work.units_in(work.working_seconds), score.reps, "reps", "in the time")


def _load_errors(work: WodWork, score: Score) -> dict[str, str]:
    if score.load_kg is None:
        return {"load_kg": "Required."}
    if score.load_kg > MAX_LOAD_KG:
        return {"load_kg": f"Heavier than any lift on record: at most {MAX_LOAD_KG} kg."}
    return {}


def _calories_errors(work: WodWork, score: Score) -> dict[str, str]:
    if score.calories is None:
        return {"calories": "Required."}
    pace = FASTEST_SECONDS[Measurement.CALORIES, True]
    return _at_most(work.working_seconds / pace, score.calories, "calories", "in the time")


def _at_most(limit: float, value: int, field: str, where: str) -> dict[str, str]:
    if value > limit:
        return {field: f"More than humanly possible: at most {math.floor(limit)} {where}."}
    return {}


def units_scored(*, score_type: ScoreType, work: WodWork, score: Score) -> int | None:
    """The units of the WOD a valid score says were done; None for all of it (a finished
    For Time, and the scores that count no units: load, calories)."""
    if score_type == ScoreType.TIME:
        return score.reps if score.time_seconds is None else None
    if score_type == ScoreType.ROUNDS_REPS:
        return (score.rounds or 0) * work.units_per_round + (score.reps or 0)
    if score_type == ScoreType.REPS:
        return score.reps
    return None


def score_text(*, score_type: ScoreType, score: Score) -> str:
    """A score as a coach writes it: 7:32, capped at 75 reps, 9 rounds + 3 reps, 102.5 kg."""
    if score_type == ScoreType.TIME:
        if score.time_seconds is None:
            return f"capped at {score.reps} reps"
        minutes, seconds = divmod(score.time_seconds, 60)
        return f"{minutes}:{seconds:02}"
    if score_type == ScoreType.ROUNDS_REPS:
        return f"{score.rounds} rounds + {score.reps or 0} reps"
    if score_type == ScoreType.REPS:
        return f"{score.reps} reps"
    if score_type == ScoreType.LOAD:
        return f"{score.load_kg} kg"
    return f"{score.calories} cal"


def score_rank(*, score_type: ScoreType, score: Score) -> tuple:
    """Orders scores of one type, the better the greater: a faster time, any finished time
    over a capped one (and more reps at the cap over fewer), more rounds and reps, more load,
    reps or calories."""
    if score_type == ScoreType.TIME:
        if score.time_seconds is None:
            return (0, score.reps or 0)
        return (1, -score.time_seconds)
    if score_type == ScoreType.ROUNDS_REPS:
        return (score.rounds or 0, score.reps or 0)
    if score_type == ScoreType.LOAD:
        return (score.load_kg or 0,)
    if score_type == ScoreType.REPS:
        return (score.reps or 0,)
    return (score.calories or 0,)
