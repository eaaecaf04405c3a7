"""The WOD as a coach writes it: the work, the clock, the expected time and the stimulus."""

from __future__ import annotations

from collections.abc import Sequence

from coaching.pool import Prepared
from coaching.vocabulary import WodFormat
from coaching.wod import Movement, scheme_amounts


def phrase(exercise: Prepared, movement: Movement) -> str:
    """ "21 kettlebell swings (24/16 kg)": the men's load first, then the women's."""
    if movement.reps is not None:
        name = exercise.singular if movement.reps == 1 else exercise.plural
        text = f"{movement.reps} {name}"
    elif movement.distance_m is not None:
        text = f"{movement.distance_m} m {exercise.singular}"
    elif movement.calories is not None:
        text = f"{movement.calories} cal {exercise.singular}"
    else:
        text = f"{movement.seconds} s {exercise.singular}"
    if movement.load_kg is not None:
        text += f" ({movement.load_kg:g}/{movement.load_women_kg:g} kg)"
    return text


def stimulus(
    *,
    wod_format: str,
    minutes: int,
    expected_seconds: int,
    expected_rounds: float | None,
    work_seconds: Sequence[float],
) -> str:
    """The intended stimulus in a sentence."""
    if wod_format in _FOR_TIME_FORMATS:
        low = max(1, int(expected_seconds * 0.9 // 60))
        high = max(low + 1, -(-int(expected_seconds * 1.1) // 60))
        if expected_seconds < 8 * 60:
            return f"Fast and unbroken, {low}-{high} min: sprint from the first rep."
        if expected_seconds <= 15 * 60:
            return f"Hard but steady, {low}-{high} min: break sets early and keep moving."
        return f"Long and aerobic, {low}-{high} min: a pace you can hold to the end."
    if wod_format == WodFormat.AMRAP:
        rounds = f"about {expected_rounds:g} rounds"
        if minutes <= 10:
            return f"Short and hot, {rounds}: push the pace, rest only when you must."
        return f"Steady and continuous, {rounds}: the same pace every round."
    if wod_format == WodFormat.INTERVALS:
        return (
            f"Hard, repeatable efforts, about {expected_rounds:g} rounds a set: "
            "the last set as strong as the first."
        )
    if wod_format == WodFormat.TABATA:
        return "All-out 20 s efforts: keep every round's reps close to the first's."
    work = round(sum(work_seconds) / len(work_seconds))
    if wod_format == WodFormat.E2MOM:
        return (
            f"About {work} s of work every two minutes and {120 - work} s to recover: "
            "crisp, quality sets."
        )
    return (
        f"About {work} s of work each minute and {60 - work} s to breathe: "
        "the same quality every minute."
    )


_FOR_TIME_FORMATS = frozenset({WodFormat.FOR_TIME, WodFormat.DESCENDING, WodFormat.CHIPPER})


def scheme_text(scheme: Sequence[int]) -> str:
    return "-".join(str(reps) for reps in scheme)


def _scheme_phrase(exercise: Prepared, movement: Movement, scheme: Sequence[int]) -> str:
    """ "thrusters (43/29 kg)" when it follows the scheme, "50-36-21 double-unders" when not."""
    name = f"cal {exercise.singular}" if movement.calories is not None else exercise.plural
    if movement.volume != scheme[0]:
        name = f"{scheme_text(scheme_amounts(movement.volume, tuple(scheme)))} {name}"
    if movement.load_kg is not None:
        name += f" ({movement.load_kg:g}/{movement.load_women_kg:g} kg)"
    return name


def describe(
    *,
    wod_format: str,
    minutes: int,
    rounds: int | None,
    expected_seconds: int,
    expected_rounds: float | None,
    exercises: Sequence[Prepared],
    movements: Sequence[Movement],
    stimulus_text: str,
    rep_scheme: Sequence[int] = (),
    work_seconds: int | None = None,
    rest_seconds: int | None = None,
) -> str:
    """The metcon in a line and its stimulus."""
    phrases = [phrase(e, m) for e, m in zip(exercises, movements, strict=True)]
    expected = f"about {round(expected_seconds / 60)} min"
    if wod_format == WodFormat.DESCENDING:
        named = [
            _scheme_phrase(e, m, rep_scheme) for e, m in zip(exercises, movements, strict=True)
        ]
        head = (
            f"{scheme_text(rep_scheme)} for time, cap {minutes} min ({expected}): "
            f"{', '.join(named)}"
        )
    elif wod_format == WodFormat.CHIPPER:
        head = (
            f"Chipper for time, cap {minutes} min ({expected}), once each in order: "
            f"{', '.join(phrases)}"
        )
    elif wod_format == WodFormat.E2MOM:
        windows = "; ".join(f"{_ordinal(i)}: {text}" for i, text in enumerate(phrases, 1))
        head = f"Every 2 min for {minutes} min, alternating ({windows})"
    elif wod_format == WodFormat.INTERVALS:
        head = (
            f"{rounds} x ({_duration(work_seconds)} work, {_duration(rest_seconds)} rest), "
            f"as many rounds as you can each set (about {expected_rounds:g}): "
            f"{', '.join(phrases)}"
        )
    elif wod_format == WodFormat.TABATA:
        aims = [
            f"{e.plural if m.reps is not None else 'cal ' + e.singular} (aim for {m.volume})"
            for e, m in zip(exercises, movements, strict=True)
        ]
        head = f"Tabata, {rounds} x ({work_seconds} s work, {rest_seconds} s rest)" + (
            f", alternating {' and '.join(aims)}" if len(aims) > 1 else f": {aims[0]}"
        )
    elif wod_format == WodFormat.AMRAP:
        head = f"AMRAP {minutes} min (about {expected_rounds:g} rounds): {', '.join(phrases)}"
    elif wod_format == WodFormat.EMOM:
        if len(phrases) == 1:
            head = f"EMOM {minutes} min: {phrases[0]}"
        else:
            minutes_text = "; ".join(f"min {i}: {text}" for i, text in enumerate(phrases, 1))
            head = f"EMOM {minutes} min, alternating ({minutes_text})"
    else:
        rounds_text = "For time" if rounds == 1 else f"{rounds} rounds for time"
        head = f"{rounds_text}, cap {minutes} min ({expected}): {', '.join(phrases)}"
    return f"{head}. {stimulus_text}"


def _ordinal(number: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")


def _duration(seconds: int | None) -> str:
    minutes, rest = divmod(seconds or 0, 60)
    if not rest:
        return f"{minutes} min"
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
