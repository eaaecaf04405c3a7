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
"""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle, islice

from coaching.vocabulary import Measurement, Modality, ScoreType, WodFormat

# The score type of each format, until WODs store their own (they will name benchmarks that
# are scored otherwise, e.g. by load).
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
# Formats done to the end (a descending scheme's rounds counted at the first round's units,
# an upper bound), and those the clock alone ends.
_FINISHED = frozenset({WodFormat.FOR_TIME, WodFormat.DESCENDING, WodFormat.CHIPPER})
_CLOCKED = frozenset({WodFormat.AMRAP, WodFormat.INTERVALS, WodFormat.TABATA})

# Heavier than any lift on record (the deadlift's is about 500 kg).
MAX_LOAD_KG = Decimal(500)


@dataclass(frozen=True, slots=True)
class Piece:
    """One movement as the clock sees it: its units in one round, and their kind."""

    modality: str  # a Modality
    measurement: str  # a Measurement
    units: int

    @property
    def fastest_seconds(self) -> float:
        monostructural = self.modality == Modality.MONOSTRUCTURAL
        return self.units * FASTEST_SECONDS[self.measurement, monostructural]


@dataclass(frozen=True, slots=True)
class WodWork:
    """A WOD's work: format, clock, For Time's rounds and the movements of a round, in order.

    An EMOM's minute i does movement i mod n, its prescription once.
    """

    format: str  # a WodFormat
    minutes: int
    rounds: int | None  # For Time only
    pieces: tuple[Piece, ...]

    @property
    def units_per_round(self) -> int:
        return sum(piece.units for piece in self.pieces)

    @property
    def total_units(self) -> int | None:
        """The units of the whole WOD, or None when the clock alone ends it (AMRAP)."""
        if self.format in _CLOCKED:
            return None
        return sum(self.pieces[index].units for index in self._order())

    @property
    def fastest_seconds(self) -> float:
        """The least time the whole WOD (For Time) or one round (AMRAP, EMOM) could take."""
        rounds = (self.rounds or 1) if self.format in _FINISHED else 1
        return rounds * sum(piece.fastest_seconds for piece in self.pieces)

    def _order(self) -> Iterator[int]:
        """The indices of the pieces in the order they are done: For Time's rounds, an
        AMRAP's rounds without end, an EMOM's minutes."""
        indices = cycle(range(len(self.pieces)))
        if self.format in _FINISHED:
            return islice(indices, (self.rounds or 1) * len(self.pieces))
        if self.format == WodFormat.EMOM:
            return islice(indices, self.minutes)
        if self.format == WodFormat.E2MOM:
            return islice(indices, self.minutes // 2)
        return indices

    def units_in(self, seconds: float) -> float:
        """The most units anyone could do in `seconds`, working through the WOD in order."""
        if self.fastest_seconds == 0:  # no movement has any units: nothing bounds a score
            return math.inf
        done, left = 0.0, seconds
        for index in self._order():
            piece = self.pieces[index]
            if piece.fastest_seconds > left:
                return done + piece.units * left / piece.fastest_seconds
            done += piece.units
            left -= piece.fastest_seconds
        return done

    def units_done(self, units: int | None) -> list[int]:
        """Each piece's units (in the order of `pieces`) in the first `units` of the WOD, or
        in all of it when None (one round of an AMRAP, which has no end)."""
        done = [0] * len(self.pieces)
        left = units if units is not None else self.total_units or self.units_per_round
        if self.units_per_round == 0:  # nothing to count, and an AMRAP would never end
            return done
        for index in self._order():
            if left <= 0:
                break
            taken = min(self.pieces[index].units, left)
            done[index] += int(taken)
            left -= taken
        return done


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
    if work.format in (WodFormat.EMOM, WodFormat.E2MOM):
        return _at_most(work.total_units or 0, score.reps, "reps", "in this EMOM's prescription")
    return _at_most(work.units_in(work.minutes * 60), score.reps, "reps", "in the time")


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
    return _at_most(work.minutes * 60 / pace, score.calories, "calories", "in the time")


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
