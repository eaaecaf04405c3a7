"""Which exercises a WOD uses.

Hard rules: only the athlete's metcon pool (see `coaching.pool.Pool`: their equipment, level
and space); in an EMOM, only exercises whose bout fits a minute; one movement per family; one
hold (a plank, an L-sit) at most; no family of the previous session's metcon or strength/skill
block (variants count) and no pattern group trained on each of the last two days
(`coaching.week`), unless the pool leaves fewer than two other families (one, for a tired
group); a movement that
pairs with an implement (bar-facing burpees with a barbell) only beside a movement using it.
When tomorrow is a training day, a WOD leaves the pool two families besides its own, so that
tomorrow can keep off today's.

Soft preferences, each giving way to the ones before it:
1. the athlete's key equipment (`coaching.athlete.KEY_EQUIPMENT`) their recent WODs used
   too little (`needed`, most urgent first), each on a movement of a pattern not yet
   chosen (so never two machines for two pieces), else the most urgent piece on any pattern,
   the pieces due today (`due`, today their last chance) before those only wanted; drawn
   directly among the few exercises that use the piece, by the preferences below;
1b. when tomorrow is a training day, an exercise left for tomorrow of each key piece its
   7-day window still lacks after today: of a family not chosen today and of no pattern
   group trained both yesterday and today (`_keeps_tomorrow`; the block is held to it too,
   `block_keeps_tomorrow`);
2. no push or pull past 2:1 against the other over the last 7 days (`Week.overloads`);
3. a pattern group or modality whose last chance this week is today (`Week.urgent_*`);
4. the side of push and pull the week is short of;
5. WODs of 3+ movements mix two modalities;
6. a pattern group or modality the last 6 days lacked;
7. one movement per pattern (squat, hinge, pushes, pulls...);
8. the goal's lead modality (endurance: monostructural, muscle gain: weightlifting).
Exercises are drawn weighted by the goal's modality weights and by how many of the last 7 WODs
used them (each use divides the weight by 4).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Collection, Mapping, Sequence
from itertools import accumulate

from coaching.history import RECENT_WODS_CONSIDERED
from coaching.pool import Pool, Prepared
from coaching.styles import GoalStyle
from coaching.vocabulary import Measurement, WodFormat
from coaching.week import PULL, PUSH, Week, week_group

_USAGE_WEIGHTS = tuple(0.25**uses for uses in range(RECENT_WODS_CONSIDERED + 1))
_REJECTION_ATTEMPTS = 16
# The families a pool leaves tomorrow besides today's, for tomorrow to keep off today's.
_LEFT_FOR_TOMORROW = 2

Preference = Callable[[int], bool]


def select(
    *,
    pool: Pool,
    count: int,
    wod_format: str,
    style: GoalStyle,
    week: Week,
    uses: dict[int, int],
    needed: Sequence[str],
    rng: random.Random,
    due: Collection[str] = (),
    tomorrow: Mapping[str, int] | None = None,
) -> list[Prepared]:
    """Up to `count` exercises in pick order (fewer when the pool has fewer families).

    uses: how many of the athlete's last RECENT_WODS_CONSIDERED WODs used each exercise id.
    needed: the key equipment to use today, most urgent first; due: those of them today is
    the last chance for.
    tomorrow: None when tomorrow is a rest day; else each key piece tomorrow's 7-day window
    still lacks uses of, and how many (`tomorrow_lacks`).
    """
    exercises = pool.exercises
    is_emom = wod_format == WodFormat.EMOM
    weights = pool.weights(style, emom=is_emom)
    for exercise_id, times in uses.items():
        index = pool.index_by_id.get(exercise_id)
        if index is not None:
            weights[index] *= _USAGE_WEIGHTS[times]  # at most RECENT_WODS_CONSIDERED
    families = pool.families(emom=is_emom)
    left_out = week.yesterday_families & families
    if len(families) - len(left_out) >= 2:
        for family in left_out:
            for index in pool.by_family[family]:
                weights[index] = 0.0
    else:
        left_out = frozenset()
    if week.tired_groups:
        tired = [
            i for i, group in enumerate(pool.groups) if weights[i] and group in week.tired_groups
        ]
        tired_families = {exercises[i].family for i in tired} - left_out
        # A pattern a third day running is worse than a WOD of one movement fewer.
        if len(families) - len(left_out) - len(tired_families) >= 1:
            for index in tired:
                weights[index] = 0.0
            left_out |= tired_families
    count = min(count, len(families) - len(left_out))
    if tomorrow is not None:
        # Tomorrow keeps off today's families only while two others are left.
        count = min(count, max(1, len(pool.families(emom=False)) - _LEFT_FOR_TOMORROW))

    cumulative = list(accumulate(weights))
    chosen: list[int] = []
    chosen_families: set[str] = set()
    chosen_patterns: set[str] = set()
    chosen_modalities: set[str] = set()
    chosen_equipment: set[str] = set()
    uncovered = list(needed)
    chosen_keys: set[str] = set()
    holds = 0
    chosen_groups: set[str | None] = set()
    sides = {PUSH: 0, PULL: 0}
    groups = pool.groups

    def allowed(index: int) -> bool:
        e = exercises[index]
        if e.family in chosen_families or not weights[index]:
            return False
        if e.measurement == Measurement.SECONDS and holds:
            return False
        return not e.pairs_with or bool(e.pairs_with & chosen_equipment)

    while len(chosen) < count:
        new_pattern = _pattern_not_in(exercises, frozenset(chosen_patterns))
        mix = lead = None
        if count >= 3 and len(chosen_modalities) == 1:
            mix = _modality_not_in(exercises, frozenset(chosen_modalities))
        if style.lead_modality is not None and style.lead_modality not in chosen_modalities:
            lead = _modality_is(exercises, style.lead_modality)
        balanced, urgent, lean, wanted, lacking = _week_preferences(
            week, exercises, groups, sides, chosen_groups, chosen_modalities
        )
        keeps = (
            _keeps_tomorrow(pool, tomorrow, week, chosen_keys, chosen_families, chosen_groups)
            if tomorrow
            else None
        )
        index = None
        # The last slots go to what the week needs today, through the equipment due when
        # it can give it.
        tight = urgent is not None and count - len(chosen) <= lacking
        if uncovered:
            # Equipment first: the most urgent piece, else another due today, on a pattern not
            # yet chosen; failing that, on a pattern chosen already; then a piece only wanted
            # today on a pattern not yet chosen. Each keeping tomorrow's equipment within
            # reach first.
            first = (uncovered[0],)
            due_left = tuple(slug for slug in uncovered if slug in due) or tuple(uncovered)
            tiers = list(
                dict.fromkeys(((first, True), (due_left, True), (first, False), (due_left, False)))
            )
            if len(due_left) < len(uncovered):
                tiers.append((tuple(uncovered), True))
            for slugs, fresh, keeping in (
                *((slugs, fresh, True) for slugs, fresh in tiers if keeps is not None),
                *((slugs, fresh, False) for slugs, fresh in tiers),
            ):
                candidates = {
                    i
                    for slug in slugs
                    for i in pool.using[slug]
                    if allowed(i)
                    and (not fresh or new_pattern(i))
                    and (urgent is None or not tight or urgent(i))
                    and (not keeping or keeps(i))
                }
                if candidates:
                    preferences = [
                        p for p in (balanced, urgent, lean, mix, wanted, lead) if p is not None
                    ]
                    index = _pick(sorted(candidates), weights, preferences, rng)
                    break
        if index is None:
            pattern = new_pattern if chosen_patterns else None
            index = _draw(
                weights=weights,
                cumulative=cumulative,
                allowed=allowed,
                preferences=[
                    p
                    for p in (keeps, balanced, urgent, lean, mix, wanted, pattern, lead)
                    if p is not None
                ],
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
        holds += e.measurement == Measurement.SECONDS
        chosen_groups.add(groups[index])
        if groups[index] in sides:
            sides[groups[index]] += 1
        if pool.key_equipment[index]:
            uncovered = [slug for slug in uncovered if slug not in pool.key_equipment[index]]
            chosen_keys.update(pool.key_equipment[index])
    return [exercises[index] for index in chosen]


def _week_preferences(
    week: Week,
    exercises: Sequence[Prepared],
    groups: Sequence[str | None],
    sides: dict[str, int],
    chosen_groups: set[str | None],
    chosen_modalities: set[str],
) -> tuple[Preference | None, Preference | None, Preference | None, Preference | None, int]:
    """The week's preferences for the next pick (None where one would prefer nothing):
    no overloaded side of push and pull, an urgent group or modality not yet chosen, the
    side the week is short of, a wanted group or modality; and how many urgent ones are
    left."""
    overloaded = {side for side in sides if week.overloads(side, sides[PUSH], sides[PULL])}
    urgent_groups = set(week.urgent_groups) - chosen_groups
    urgent_modalities = set(week.urgent_modalities) - chosen_modalities
    wanted_groups = week.wanted_groups - chosen_groups
    wanted_modalities = week.wanted_modalities - chosen_modalities
    short = week.lean(sides[PUSH], sides[PULL])
    return (
        (lambda i: groups[i] not in overloaded) if overloaded else None,
        (lambda i: groups[i] in urgent_groups or exercises[i].modality in urgent_modalities)
        if urgent_groups or urgent_modalities
        else None,
        (lambda i: groups[i] == short) if short else None,
        (lambda i: groups[i] in wanted_groups or exercises[i].modality in wanted_modalities)
        if wanted_groups or wanted_modalities
        else None,
        len(urgent_groups) + len(urgent_modalities),
    )


def block_keeps_tomorrow(
    *,
    pool: Pool,
    tomorrow: Mapping[str, int] | None,
    week: Week,
    metcon: Sequence[Prepared],
) -> tuple[frozenset[str], frozenset[str]]:
    """The families and pattern groups a strength or skill block beside `metcon` leaves
    alone so that tomorrow, a training day, keeps what the metcon left it: an exercise for
    each key piece its window still lacks after today (see `_keeps_tomorrow`), and two
    families besides today's."""
    if tomorrow is None:
        return frozenset(), frozenset()
    exercises, groups = pool.exercises, pool.groups
    chosen = [pool.index_by_id[e.id] for e in metcon if e.id in pool.index_by_id]
    chosen_families = {e.family for e in metcon}
    avoid_families: set[str] = set()
    left = pool.families(emom=False) - chosen_families
    if len(left) <= _LEFT_FOR_TOMORROW:
        avoid_families |= left
    tiring = week.yesterday_groups & {week_group(e.pattern) for e in metcon}
    chosen_keys = set().union(*(pool.key_equipment[i] for i in chosen))
    avoid_groups: set[str] = set()
    for slug, lacking in tomorrow.items():
        if lacking - (slug in chosen_keys) <= 0:
            continue
        reserve = [
            i
            for i in pool.using[slug]
            if exercises[i].family not in chosen_families and groups[i] not in tiring
        ]
        if not reserve:
            continue
        # A block tires tomorrow a group yesterday and today trained.
        reserve_groups = {groups[i] for i in reserve}
        if len(reserve_groups) == 1 and reserve_groups <= week.yesterday_groups:
            avoid_groups |= reserve_groups
        for family in {exercises[i].family for i in reserve}:
            rest = {groups[i] for i in reserve if exercises[i].family != family}
            if not rest or (len(rest) == 1 and rest <= week.yesterday_groups):
                avoid_families.add(family)
    return frozenset(avoid_families), frozenset(avoid_groups)


def _keeps_tomorrow(
    pool: Pool,
    tomorrow: Mapping[str, int],
    week: Week,
    chosen_keys: set[str],
    chosen_families: set[str],
    chosen_groups: set[str | None],
) -> Preference | None:
    """Picks that leave tomorrow an exercise for each key piece its window still lacks after
    today (None when no single pick could take the last one away).

    Tomorrow keeps off today's families and off a group trained both yesterday and today, so
    a piece whose exercises today takes or tires is lost to tomorrow: a kettlebell due two
    days running, its swing and get-up today beside a squat after yesterday's squats, leaves
    tomorrow only the goblet squat, a third day of squats."""
    exercises, groups = pool.exercises, pool.groups
    yesterday_groups = week.yesterday_groups
    tiring = yesterday_groups & chosen_groups
    fragile: list[tuple[str, bool, list[int]]] = []
    for slug, lacking in tomorrow.items():
        lacking -= slug in chosen_keys
        if lacking <= 0:
            continue
        reserve: list[int] = []
        # Two exercises of different families and of no group trained yesterday: no pick
        # takes both.
        safe_family = None
        for i in pool.using[slug]:
            e = exercises[i]
            if e.family in chosen_families or groups[i] in tiring:
                continue
            reserve.append(i)
            if groups[i] not in yesterday_groups:
                if safe_family is None:
                    safe_family = e.family
                elif safe_family != e.family:
                    break
        else:
            if reserve:
                # A first use of the piece today is one of tomorrow's window's too.
                fragile.append((slug, lacking == 1 and slug not in chosen_keys, reserve))
    if not fragile:
        return None

    def keeps(index: int) -> bool:
        family, group = exercises[index].family, groups[index]
        tires = group in yesterday_groups
        for slug, covered_by_using, reserve in fragile:
            if covered_by_using and slug in pool.key_equipment[index]:
                continue
            if not any(
                exercises[r].family != family and not (tires and groups[r] == group)
                for r in reserve
            ):
                return False
        return True

    return keeps


def _pattern_not_in(exercises: Sequence[Prepared], patterns: frozenset[str]) -> Preference:
    return lambda index: exercises[index].pattern not in patterns


def _modality_not_in(exercises: Sequence[Prepared], modalities: frozenset[str]) -> Preference:
    return lambda index: exercises[index].modality not in modalities


def _modality_is(exercises: Sequence[Prepared], modality: str) -> Preference:
    return lambda index: exercises[index].modality == modality


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
    indices = [index for index in range(len(weights)) if allowed(index)]
    if not indices:
        return None
    return _pick(indices, weights, preferences, rng)


def _pick(
    indices: list[int], weights: list[float], preferences: list[Preference], rng: random.Random
) -> int:
    """A weighted draw among `indices`, narrowed by each preference in turn unless that would
    leave nothing."""
    for prefers in preferences:
        narrowed = [index for index in indices if prefers(index)]
        if narrowed:
            indices = narrowed
    cumulative = list(accumulate(weights[index] for index in indices))
    position = bisect_right(cumulative, rng.random() * cumulative[-1])
    return indices[min(position, len(indices) - 1)]
