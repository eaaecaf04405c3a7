"""The WOD as a coach writes it: the work, the clock, the expected time and the stimulus."""

from __future__ import annotations

from collections.abc import Sequence

from coaching.pool import Prepared
from coaching.vocabulary import WodFormat
from coaching.wod import Movement


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
    if wod_format == WodFormat.FOR_TIME:
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
    work = round(sum(work_seconds) / len(work_seconds))
    return (
        f"About {work} s of work each minute and {60 - work} s to breathe: "
        "the same quality every minute."
    )


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
) -> str:
    phrases = [phrase(e, m) for e, m in zip(exercises, movements, strict=True)]
    if wod_format == WodFormat.AMRAP:
        head = f"AMRAP {minutes} min (about {expected_rounds:g} rounds): {', '.join(phrases)}"
    elif wod_format == WodFormat.EMOM:
        if len(phrases) == 1:
            head = f"EMOM {minutes} min: {phrases[0]}"
        else:
            minutes_text = "; ".join(f"min {i}: {text}" for i, text in enumerate(phrases, 1))
            head = f"EMOM {minutes} min, alternating ({minutes_text})"
    else:
        expected = f"about {round(expected_seconds / 60)} min"
        rounds_text = "For time" if rounds == 1 else f"{rounds} rounds for time"
        head = f"{rounds_text}, cap {minutes} min ({expected}): {', '.join(phrases)}"
    return f"{head}. {stimulus_text}"
