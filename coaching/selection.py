"""Which exercises a WOD uses.

Hard rules: only the athlete's metcon pool (see `coaching.pool.Pool`); in an EMOM, only
exercises whose bout fits a minute; one movement per family; no family of the previous WOD
(variants count) unless the pool leaves fewer than two other families; a movement that pairs
with an implement (bar-facing burpees with a barbell) only beside a movement using it.

Soft preferences, each giving way to the ones before it:
1. the athlete's key equipment (`coaching.athlete.KEY_EQUIPMENT`) their recent WODs used
   too little (`needed`, most urgent first), each on a movement of a pattern not yet
   chosen (never two machines for one piece each);
2. WODs of 3+ movements mix two modalities;
3. one movement per pattern (squat, hinge, pushes, pulls...);
4. the goal's lead modality (endurance: monostructural, muscle gain: weightlifting).
Exercises are drawn weighted by the goal's modality weights and by how many of the last 7 WODs
used them (each use divides the weight by 4).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from coaching.pool import Pool, Prepared
from coaching.styles import GoalStyle
from coaching.vocabulary import WodFormat

RECENT_WODS_CONSIDERED = 7
_USAGE_WEIGHTS = tuple(0.25**uses for uses in range(RECENT_WODS_CONSIDERED + 1))
_REJECTION_ATTEMPTS = 16

Preference = Callable[[int], bool]


def select(
    *,
    pool: Pool,
    count: int,
    wod_format: str,
    style: GoalStyle,
    yesterday_families: frozenset[str],
    uses: dict[int, int],
    needed: Sequence[str],
    rng: random.Random,
) -> list[Prepared]:
    """Up to `count` exercises in pick order (fewer when the pool has fewer families)."""
    exercises = pool.exercises
    weights = [style.modality_weights[e.modality] for e in exercises]
    for exercise_id, times in uses.items():
        index = pool.index_by_id.get(exercise_id)
        if index is not None:
            weights[index] *= _USAGE_WEIGHTS[min(times, RECENT_WODS_CONSIDERED)]
    if wod_format == WodFormat.EMOM:
        weights = [w if ok else 0.0 for w, ok in zip(weights, pool.emom_ok, strict=True)]
    fresh = [
        0.0 if e.family in yesterday_families else w
        for e, w in zip(exercises, weights, strict=True)
    ]
    if len({e.family for e, w in zip(exercises, fresh, strict=True) if w > 0}) >= 2:
        weights = fresh
    families = {e.family for e, w in zip(exercises, weights, strict=True) if w > 0}
    count = min(count, len(families))

    cumulative = list(accumulate(weights))
    chosen: list[int] = []
    chosen_families: set[str] = set()
    chosen_patterns: set[str] = set()
    chosen_modalities: set[str] = set()
    chosen_equipment: set[str] = set()
    uncovered = list(needed)
    key_equipment = pool.key_equipment

    def allowed(index: int) -> bool:
        e = exercises[index]
        if e.family in chosen_families:
            return False
        return not e.pairs_with or bool(e.pairs_with & chosen_equipment)

    while len(chosen) < count:
        new_pattern = _pattern_not_in(exercises, frozenset(chosen_patterns))
        preferences: list[Preference] = []
        if uncovered:
            preferences.append(_uses_equipment(key_equipment, {uncovered[0]}, new_pattern))
            preferences.append(_uses_equipment(key_equipment, set(uncovered), new_pattern))
        if count >= 3 and len(chosen_modalities) == 1:
            preferences.append(_modality_not_in(exercises, frozenset(chosen_modalities)))
        if chosen_patterns:
            preferences.append(new_pattern)
        lead = style.lead_modality
        if lead is not None and lead not in chosen_modalities:
            preferences.append(_modality_is(exercises, lead))
        index = _draw(
            weights=weights,
            cumulative=cumulative,
            allowed=allowed,
            preferences=preferences,
            rng=rng,
        )
        if index is None:
            break  # what is left only pairs with an implement no movement uses
        e = exercises[index]
        chosen.append(index)
        chosen_families.add(e.family)
        chosen_patterns.add(e.pattern)
        chosen_modalities.add(e.modality)
        chosen_equipment.update(e.equipment)
        if key_equipment[index]:
            uncovered = [slug for slug in uncovered if slug not in key_equipment[index]]
    return [exercises[index] for index in chosen]


def _pattern_not_in(exercises: Sequence[Prepared], patterns: frozenset[str]) -> Preference:
    return lambda index: exercises[index].pattern not in patterns


def _modality_not_in(exercises: Sequence[Prepared], modalities: frozenset[str]) -> Preference:
    return lambda index: exercises[index].modality not in modalities


def _modality_is(exercises: Sequence[Prepared], modality: str) -> Preference:
    return lambda index: exercises[index].modality == modality


def _uses_equipment(
    key_equipment: Sequence[frozenset[str]], wanted: set[str], new_pattern: Preference
) -> Preference:
    return lambda index: bool(key_equipment[index] & wanted) and new_pattern(index)


def _draw(
    *,
    weights: list[float],
    cumulative: list[float],
    allowed: Callable[[int], bool],
    preferences: list[Preference],
    rng: random.Random,
) -> int | None:
    """A weighted draw among allowed exercises of positive weight, narrowed by each preference
    in turn unless that would leave nothing; None when nothing is allowed.

    Rejection sampling first: a draw meeting every preference has exactly the narrowed
    distribution, and one turns up in a few tries on realistic catalogues. When it does not,
    the narrowing is done explicitly.
    """
    total = cumulative[-1] if cumulative else 0.0
    if total <= 0:
        return None
    for _ in range(_REJECTION_ATTEMPTS):
        # A zero-weight exercise is never drawn: its cumulative weight equals its predecessor's.
        index = bisect_right(cumulative, rng.random() * total)
        if index == len(weights) or not allowed(index):
            continue
        if all(prefers(index) for prefers in preferences):
            return index
    indices = [index for index, weight in enumerate(weights) if weight > 0 and allowed(index)]
    if not indices:
        return None
    for prefers in preferences:
        narrowed = [index for index in indices if prefers(index)]
        if narrowed:
            indices = narrowed
    narrowed_cumulative = list(accumulate(weights[index] for index in indices))
    position = bisect_right(narrowed_cumulative, rng.random() * narrowed_cumulative[-1])
    return indices[min(position, len(indices) - 1)]
