"""What a coach checks in a season of WODs, rule by rule, from the catalogue's coaching data.

Each rule reads only the WODs as generated (what an athlete is shown), the catalogue and the
athlete's profile, never the generator's internals: `season_defects` lists every broken rule
with the day and what is wrong. `RULES` names and explains them; docs/COACHING.md holds the
same list for coaches.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coaching.athlete import (
    DIFFICULTY_CAP,
    KEY_EQUIPMENT_FEWEST_DAYS,
    KEY_EQUIPMENT_PER_WEEK,
    KEY_EQUIPMENT_WEEK,
    AthleteProfile,
    key_of,
    key_uses,
    owned_keys,
)
from coaching.benchmarks import BENCHMARKS, BENCHMARKS_BY_SLUG
from coaching.catalogue import CatalogueExercise
from coaching.clock import (
    AMRAP_MIN_ROUNDS,
    E2MOM_MAX_WORK_S,
    E2MOM_MIN_WORK_S,
    EMOM_MAX_WORK_S,
    EMOM_MIN_WORK_S,
    FOR_TIME_CAP_MAX_RATIO,
    FOR_TIME_CAP_MIN_RATIO,
    INTERVAL_MIN_ROUNDS,
    TABATA_MINUTES,
    TABATA_REST_S,
    TABATA_SETS,
    TABATA_WORK_S,
    TRANSITION_S,
    interval_minutes,
    tabata_reps,
)
from coaching.day import BENCHMARK_EVERY_DAYS, benchmark_fits, unique_names
from coaching.limits import CAP_GROUP_CEILINGS, MAX_RX_FACTOR, MOST_SETS_PER_AMOUNT
from coaching.session import (
    GROUP_ORDER,
    PART_MINUTES,
    PATTERN_GROUPS,
    REST_COOL_DOWN_MINUTES,
    is_drill,
)
from coaching.styles import CHIPPER_MIN_MOVEMENTS
from coaching.vocabulary import (
    BODYWEIGHT,
    Intensity,
    Level,
    Measurement,
    PartKind,
    Pattern,
    Role,
    ScoreType,
    WodFormat,
)
from coaching.week import (
    MOST_DAYS_RUNNING,
    PULL,
    PUSH,
    PUSH_PULL_MAX_RATIO,
    WEEK_DAYS,
    WEEK_GROUPS,
    week_group,
)
from coaching.wod import GeneratedWod, scheme_amounts

RULES = {
    "time fit": "For Time, descending (rounds = the scheme, shrinking) and chippers (one "
    "round, 4+ movements): cap 1.3-1.5x the expected time, which is the work at the level's "
    "pace; EMOM: every minute 15-45 s of work (beginner <= 35 s); E2MOM: every two minutes "
    "30-90 s (beginner <= 70 s); AMRAP: a round <= 1/3 of the clock (3+ rounds); intervals: "
    "the clock is the sets' work and rest, a round <= 1/2 of a set's work; expected rounds "
    "as stored; Tabata: 8 x 20 s / 10 s in 4 min, one or two movements, each at the reps its "
    "pace fits in 20 s",
    "caps per bout": "every bout between the exercise's min and max per bout at the level (a "
    "descending round's or a chipper's reps or calories: up to 3 of those sets)",
    "caps per session": "the units of all bouts within each exercise's max per session at "
    "the level and each cap group ceiling (heavy barbell and Olympic lifts together: "
    "beginner < 50, others < 100 ...)",
    "roles": "only movements whose roles include metcon (no warm-up drill as work)",
    "variants of yesterday": "no movement family of the previous WOD",
    "one per family": "one movement per family in a WOD",
    "equipment owned": "only the athlete's equipment (bodyweight always)",
    "equipment use": f"each owned barbell, dumbbell, kettlebell, and a machine (rower, air bike "
    f"or ski erg) in >= {KEY_EQUIPMENT_PER_WEEK} of any {KEY_EQUIPMENT_WEEK} consecutive days "
    f"(once for an athlete training fewer than {KEY_EQUIPMENT_FEWEST_DAYS} days a week; a "
    f"benchmark's day counts for every piece)",
    "difficulty": "difficulty within the level's cap (beginner 2, intermediate 4)",
    "pairings": "a movement that pairs with an implement only beside a movement using it",
    "loads": "beginner <= scaled, intermediate <= Rx, advanced <= 1.15x Rx; women's <= men's",
    # Session and format rules.
    "parts in order": "a training session is warm-up, [strength or skill], metcon, cool-down; "
    "the metcon part is the WOD's metcon, its clock and movements; a rest day is format "
    "rest, no metcon movements, no score type, intensity recovery, parts recovery then "
    "cool-down, its description beginning 'Rest day:'",
    "part minutes": "warm-up 5-10 min, strength or skill 10-20, cool-down 3-5 (a rest day's "
    "5-10), recovery 15-30, the metcon 4-60",
    "session length": "the parts' minutes add up to at most the athlete's session_minutes",
    "part movements": "each part's movements have its role (warm-up, strength, skill, "
    "cool-down; recovery: easy monostructural work), the athlete's equipment, space and level",
    "warm-up fits the metcon": "the warm-up starts with a general raise (monostructural) and "
    "has a drill for each squat, hinge, push and pull the metcon and block use, where the "
    "athlete has such a drill",
    "block volume": "a strength block's sets x reps and a skill EMOM's minutes x amount within "
    "the exercise's caps at the level; no family of the metcon; the block's minutes hold its "
    "sets",
    "score type": "For Time, descending and chipper: time; AMRAP: rounds + reps; EMOM, "
    "E2MOM, Tabata: reps; intervals: reps, or calories when every movement is; a benchmark "
    "its own; none on a rest day",
    "benchmark": "a named benchmark is its data: Rx movements (or the level's substitutes) "
    "in order with the version's amounts, rounds or scheme, a cap at least the published one "
    "that the expected time fits, named '<Name>:' or '<Name>, scaled:'",
}

# The rules a named benchmark is not held to: it is the published workout, not one sized by
# the generator (Karen's 150 wall balls are one bout; Murph runs twice).
_BENCHMARK_EXEMPT = frozenset(
    {"time fit", "caps per bout", "caps per session", "one per family", "variants of yesterday"}
)


@dataclass(frozen=True, slots=True)
class Defect:
    rule: str  # a key of RULES
    day: int  # 0-based index of the WOD in its season
    detail: str


def wod_defects(
    wod: GeneratedWod,
    *,
    day: int,
    profile: AthleteProfile,
    catalogue: Mapping[int, CatalogueExercise],
    yesterday: GeneratedWod | None,
) -> list[Defect]:
    """Every rule but equipment use (a season's rule) checked on one WOD."""
    level = profile.level
    found: list[Defect] = []
    exempt = _BENCHMARK_EXEMPT if wod.benchmark else frozenset()

    def defect(rule: str, detail: str) -> None:
        if rule not in exempt:
            found.append(Defect(rule, day, detail))

    _session_defects(wod, profile, catalogue, defect)
    if wod.format == WodFormat.REST:
        return found
    rows = [catalogue[m.exercise_id] for m in wod.movements]
    _time_fit(wod, rows, level, defect)
    _score_type(wod, defect)
    if wod.benchmark:
        _benchmark_defects(wod, rows, profile, catalogue, defect)

    owned = profile.equipment | {BODYWEIGHT}
    group_volume: dict[str, int] = {}
    for movement, row in zip(wod.movements, rows, strict=True):
        bouts = wod.bout_volumes(movement)
        # Reps and calories break into sets; a sprint or a hold does not.
        split = (
            MOST_SETS_PER_AMOUNT
            if wod.format in _SPLIT_FORMATS and row.measurement in _COUNTED
            else 1
        )
        if not bouts or not (
            row.min_per_bout <= min(bouts) and max(bouts) <= split * row.max_per_bout.at(level)
        ):
            defect("caps per bout", f"{'-'.join(map(str, bouts))} x {row.name}")
        volume = sum(bouts)
        if volume > row.max_per_session.at(level):
            defect("caps per session", f"{volume} {row.name}")
        if row.cap_group:
            group_volume[row.cap_group] = group_volume.get(row.cap_group, 0) + volume
        if Role.METCON not in row.roles:
            defect("roles", row.name)
        if not row.equipment <= owned:
            defect("equipment owned", f"{row.name} needs {sorted(row.equipment - owned)}")
        if row.difficulty > DIFFICULTY_CAP[level]:
            defect("difficulty", f"{row.name} ({row.difficulty})")
        if row.pairs_with:
            others = set().union(*(r.equipment for r in rows if r is not row))
            if not row.pairs_with & others:
                defect("pairings", f"{row.name} without {sorted(row.pairs_with)}")
        _load_defects(movement, row, level, defect)
    for groups, ceiling in CAP_GROUP_CEILINGS:
        volume = sum(units for group, units in group_volume.items() if group in groups)
        if volume > ceiling.at(level):
            defect("caps per session", f"{volume} {' + '.join(sorted(groups))} units")

    families = [row.family for row in rows]
    if len(set(families)) != len(families):
        defect("one per family", ", ".join(families))
    if yesterday is not None:
        before = {catalogue[m.exercise_id].family for m in yesterday.movements}
        if shared := before.intersection(families):
            defect("variants of yesterday", ", ".join(sorted(shared)))
    return found


_SPLIT_FORMATS = frozenset({WodFormat.DESCENDING, WodFormat.CHIPPER})
_COUNTED = frozenset({Measurement.REPS, Measurement.CALORIES})
_TRAINING_ORDER = (
    (PartKind.WARM_UP,),
    (PartKind.WARM_UP, PartKind.STRENGTH),
    (PartKind.WARM_UP, PartKind.SKILL),
)
_PART_ROLES = {
    PartKind.WARM_UP: Role.WARM_UP,
    PartKind.STRENGTH: Role.STRENGTH,
    PartKind.SKILL: Role.SKILL,
    PartKind.COOL_DOWN: Role.COOL_DOWN,
}
SCORE_TYPES = {
    WodFormat.FOR_TIME: ScoreType.TIME,
    WodFormat.DESCENDING: ScoreType.TIME,
    WodFormat.CHIPPER: ScoreType.TIME,
    WodFormat.AMRAP: ScoreType.ROUNDS_REPS,
    WodFormat.EMOM: ScoreType.REPS,
    WodFormat.E2MOM: ScoreType.REPS,
    WodFormat.INTERVALS: ScoreType.REPS,
    WodFormat.TABATA: ScoreType.REPS,
}


def _session_defects(wod, profile, catalogue, defect) -> None:
    kinds = tuple(part.kind for part in wod.parts)
    rest = wod.format == WodFormat.REST
    if rest:
        if (
            kinds != (PartKind.RECOVERY, PartKind.COOL_DOWN)
            or wod.movements
            or wod.score_type is not None
            or wod.intensity != Intensity.RECOVERY
            or not wod.description.startswith("Rest day:")
        ):
            defect("parts in order", f"rest day: {', '.join(kinds)}")
    else:
        metcon = [part for part in wod.parts if part.kind == PartKind.METCON]
        if (
            kinds[-2:] != (PartKind.METCON, PartKind.COOL_DOWN)
            or kinds[:-2] not in _TRAINING_ORDER
            or len(metcon) != 1
            or metcon[0].movements != wod.movements
            or metcon[0].minutes != wod.minutes
            or not wod.movements
        ):
            defect("parts in order", ", ".join(kinds) or "no parts")
    for part in wod.parts:
        low, high = PART_MINUTES[part.kind]
        if rest and part.kind == PartKind.COOL_DOWN:
            low, high = REST_COOL_DOWN_MINUTES
        if not low <= part.minutes <= high:
            defect("part minutes", f"{part.kind} {part.minutes} min")
    if wod.session_minutes > profile.session_minutes:
        defect("session length", f"{wod.session_minutes} of {profile.session_minutes} min")
    owned = profile.equipment | {BODYWEIGHT}
    worked_ids = {
        m.exercise_id
        for part in wod.parts
        if part.kind in (PartKind.STRENGTH, PartKind.SKILL, PartKind.METCON)
        for m in part.movements
    }
    for part in wod.parts:
        for movement in part.movements if part.kind != PartKind.METCON else ():
            row = catalogue[movement.exercise_id]
            role = _PART_ROLES.get(part.kind)
            fits = (
                row.equipment <= owned
                and row.needs <= profile.space
                and row.difficulty <= DIFFICULTY_CAP[profile.level]
                and row.max_per_session.at(profile.level) > 0
            )
            if part.kind == PartKind.RECOVERY:
                role_ok = row.pattern == Pattern.MONOSTRUCTURAL and bool(
                    row.roles & {Role.WARM_UP, Role.COOL_DOWN}
                )
            else:
                role_ok = (
                    role in row.roles
                    # A skill EMOM's hold may be a warm-up hold (a hollow hold).
                    or (part.kind == PartKind.SKILL and Role.WARM_UP in row.roles)
                    # Without warm-up drills, the session's own movements, easy, prepare it.
                    or (part.kind == PartKind.WARM_UP and row.id in worked_ids)
                )
            if not (fits and role_ok):
                defect("part movements", f"{part.kind}: {row.name}")
    if not rest:
        _warm_up_defects(wod, profile, catalogue, defect)
        _block_defects(wod, profile, catalogue, defect)


def _warm_up_defects(wod, profile, catalogue, defect) -> None:
    warm_up = next((part for part in wod.parts if part.kind == PartKind.WARM_UP), None)
    if warm_up is None or not warm_up.movements:
        return
    owned = profile.equipment | {BODYWEIGHT}

    def available(row: CatalogueExercise) -> bool:
        return (
            Role.WARM_UP in row.roles
            and row.equipment <= owned
            and row.needs <= profile.space
            and row.difficulty <= DIFFICULTY_CAP[profile.level]
            and row.max_per_session.at(profile.level) > 0
        )

    first = catalogue[warm_up.movements[0].exercise_id]
    if first.pattern != Pattern.MONOSTRUCTURAL and any(
        available(row) and row.pattern == Pattern.MONOSTRUCTURAL for row in catalogue.values()
    ):
        defect("warm-up fits the metcon", f"starts with {first.name}, not a general raise")
    worked = [
        catalogue[m.exercise_id]
        for part in wod.parts
        if part.kind in (PartKind.STRENGTH, PartKind.SKILL, PartKind.METCON)
        for m in part.movements
    ]
    groups = {PATTERN_GROUPS.get(row.pattern) for row in worked}
    drilled = {PATTERN_GROUPS.get(catalogue[m.exercise_id].pattern) for m in warm_up.movements}
    worked_ids = {row.id for row in worked}
    for group in GROUP_ORDER[:4]:
        if group not in groups or group in drilled:
            continue
        if any(
            available(row)
            and PATTERN_GROUPS.get(row.pattern) == group
            and is_drill(row, profile.level)
            and row.id not in worked_ids
            for row in catalogue.values()
        ):
            defect("warm-up fits the metcon", f"no {group} drill")


def _block_defects(wod, profile, catalogue, defect) -> None:
    level = profile.level
    metcon_families = {catalogue[m.exercise_id].family for m in wod.movements}
    for part in wod.parts:
        if part.kind not in (PartKind.STRENGTH, PartKind.SKILL):
            continue
        seconds = 0.0
        for movement in part.movements:
            row = catalogue[movement.exercise_id]
            sets = movement.sets or 0
            if (
                sets < 1
                or not row.min_per_bout <= movement.volume <= row.max_per_bout.at(level)
                or sets * movement.volume > row.max_per_session.at(level)
                or row.family in metcon_families
            ):
                defect("block volume", f"{part.kind}: {sets} x {movement.volume} {row.name}")
            seconds += sets * movement.volume * row.pace_s.at(level)
        if seconds > part.minutes * 60:
            defect("block volume", f"{part.kind}: {seconds:.0f} s of work in {part.minutes} min")


def _score_type(wod, defect) -> None:
    if wod.benchmark in BENCHMARKS_BY_SLUG:
        expected = BENCHMARKS_BY_SLUG[wod.benchmark].score_type
    elif wod.format == WodFormat.INTERVALS and all(m.calories is not None for m in wod.movements):
        expected = ScoreType.CALORIES
    else:
        expected = SCORE_TYPES.get(wod.format)
    if wod.score_type != expected:
        defect("score type", f"{wod.format} scored by {wod.score_type}, not {expected}")


def _benchmark_defects(wod, rows, profile, catalogue, defect) -> None:
    benchmark = BENCHMARKS_BY_SLUG.get(wod.benchmark)
    if benchmark is None:
        defect("benchmark", f"unknown benchmark {wod.benchmark!r}")
        return
    scaled = wod.description.startswith(f"{benchmark.name}, scaled:")
    if not scaled and not wod.description.startswith(f"{benchmark.name}:"):
        defect("benchmark", f"{benchmark.name} not named: {wod.description[:40]}")
    by_name = {row.name: row for row in catalogue.values()}
    amounts = [m.scaled if scaled else m.rx for m in benchmark.workout]
    rounds = benchmark.scaled_rounds if scaled else benchmark.rounds
    scheme = benchmark.scaled_rep_scheme if scaled else benchmark.rep_scheme
    minutes = benchmark.scaled_minutes if scaled else benchmark.minutes
    if len(rows) != len(benchmark.workout):
        defect("benchmark", f"{benchmark.name}: {len(rows)} movements")
        return
    for movement, row, part, amount in zip(
        wod.movements, rows, benchmark.workout, amounts, strict=True
    ):
        published = by_name.get(part.name)
        allowed = {published.id} if published else set()
        if published is not None and scaled:
            allowed |= {published.scaled_substitute_id, published.beginner_substitute_id}
        if row.id not in allowed or movement.volume != amount:
            defect("benchmark", f"{benchmark.name}: {movement.volume} {row.name}")
    shape = (wod.format, wod.rep_scheme, None if wod.format == WodFormat.AMRAP else wod.rounds)
    published_shape = (
        benchmark.format,
        scheme,
        None if benchmark.format == WodFormat.AMRAP else rounds,
    )
    if shape != published_shape:
        defect("benchmark", f"{benchmark.name}: {shape} is not {published_shape}")
    if wod.minutes < minutes or (
        benchmark.format != WodFormat.AMRAP and wod.expected_seconds > wod.minutes * 60
    ):
        defect("benchmark", f"{benchmark.name}: cap {wod.minutes} min")


def _time_fit(wod, rows, level, defect) -> None:
    n = len(rows)
    pace = [row.pace_s.at(level) for row in rows]
    work = [m.volume * p for m, p in zip(wod.movements, pace, strict=True)]
    transition = TRANSITION_S[level]
    round_s = sum(work) + n * transition
    if wod.format in (WodFormat.FOR_TIME, WodFormat.DESCENDING, WodFormat.CHIPPER):
        if wod.format == WodFormat.DESCENDING:
            scheme = wod.rep_scheme
            if (
                len(scheme) < 2
                or wod.rounds != len(scheme)
                or list(scheme) != sorted(scheme, reverse=True)
                or n < 2
            ):
                defect("time fit", f"descending {wod.rep_scheme} in {wod.rounds} rounds")
                return
            amounts = [scheme_amounts(m.volume, scheme) for m in wod.movements]
            expected = sum(
                sum(a[r] * p for a, p in zip(amounts, pace, strict=True)) + n * transition
                for r in range(len(scheme))
            )
        else:
            if wod.format == WodFormat.CHIPPER and (wod.rounds != 1 or n < CHIPPER_MIN_MOVEMENTS):
                defect("time fit", f"chipper of {n} movements in {wod.rounds} rounds")
            expected = (wod.rounds or 0) * round_s
        if abs(expected - wod.expected_seconds) > 1:
            defect("time fit", f"expected {wod.expected_seconds} s stored, {expected:.0f} s paced")
        ratio = wod.minutes * 60 / max(expected, 1)
        if not FOR_TIME_CAP_MIN_RATIO <= ratio <= FOR_TIME_CAP_MAX_RATIO:
            defect("time fit", f"cap {wod.minutes} min is {ratio:.2f}x the expected time")
    elif wod.format == WodFormat.AMRAP:
        rounds = wod.minutes * 60 / round_s
        stored = wod.expected_rounds or 0
        if stored < AMRAP_MIN_ROUNDS or not stored <= rounds < stored + 0.1 + 1e-9:
            defect("time fit", f"{rounds:.1f} rounds paced, {stored} stored")
    elif wod.format == WodFormat.INTERVALS:
        window, rest = wod.work_seconds or 0, wod.rest_seconds or 0
        stored = wod.expected_rounds or 0
        rounds = window / round_s
        if (
            not wod.rounds
            or wod.minutes
            != interval_minutes(sets=wod.rounds, work_seconds=window, rest_seconds=rest)
            or stored < INTERVAL_MIN_ROUNDS
            or not stored <= rounds < stored + 0.1 + 1e-9
        ):
            defect("time fit", f"intervals: {rounds:.1f} rounds a set paced, {stored} stored")
    elif wod.format == WodFormat.TABATA:
        if (
            wod.rounds != TABATA_SETS
            or (wod.work_seconds, wod.rest_seconds) != (TABATA_WORK_S, TABATA_REST_S)
            or wod.minutes != TABATA_MINUTES
            or n not in (1, 2)
        ):
            defect("time fit", f"Tabata {wod.rounds} x {wod.work_seconds}/{wod.rest_seconds} s")
        for movement, p, row in zip(wod.movements, pace, rows, strict=True):
            if movement.volume != tabata_reps(p):
                defect("time fit", f"Tabata: {movement.volume} {row.name} in 20 s")
    elif wod.format == WodFormat.E2MOM:
        if n == 0 or wod.minutes % (2 * n):
            defect("time fit", f"E2MOM {wod.minutes} is not whole cycles of {n}")
        for seconds, row in zip(work, rows, strict=True):
            if not E2MOM_MIN_WORK_S <= seconds <= E2MOM_MAX_WORK_S[level]:
                defect("time fit", f"{row.name}: {seconds:.0f} s of work in two minutes")
    else:
        if n == 0 or wod.minutes % n:
            defect("time fit", f"EMOM {wod.minutes} is not whole cycles of {n}")
        for seconds, row in zip(work, rows, strict=True):
            if not EMOM_MIN_WORK_S <= seconds <= EMOM_MAX_WORK_S[level]:
                defect("time fit", f"{row.name}: {seconds:.0f} s of work in a minute")


def _load_defects(movement, row, level, defect) -> None:
    men, women = movement.load_kg, movement.load_women_kg
    if row.load_kg is None:
        if men is not None or women is not None:
            defect("loads", f"{row.name} takes no load")
        return
    if men is None or women is None:
        defect("loads", f"{row.name} without its loads")
        return
    if level == Level.BEGINNER:
        top_men, top_women = row.load_scaled_kg or row.load_kg, row.load_women_kg
    elif level == Level.INTERMEDIATE:
        top_men, top_women = row.load_kg, row.load_women_kg
    else:
        top_men, top_women = row.load_kg * MAX_RX_FACTOR, row.load_women_kg * MAX_RX_FACTOR
    if men > top_men + 1e-9 or women > top_women + 1e-9 or women > men or min(men, women) <= 0:
        defect("loads", f"{row.name} at {men:g}/{women:g} kg")


def season_defects(
    wods: Sequence[GeneratedWod],
    *,
    profile: AthleteProfile,
    catalogue: Mapping[int, CatalogueExercise],
) -> list[Defect]:
    """Every rule checked on a season, each WOD after the one before it."""
    found: list[Defect] = []
    for day, wod in enumerate(wods):
        found += wod_defects(
            wod,
            day=day,
            profile=profile,
            catalogue=catalogue,
            yesterday=wods[day - 1] if day else None,
        )
    found += _equipment_use(wods, profile=profile, catalogue=catalogue)
    found += week_defects(wods, profile=profile, catalogue=catalogue)
    return found


def usable_key_equipment(
    profile: AthleteProfile, catalogue: Mapping[int, CatalogueExercise]
) -> list[str]:
    """The athlete's key equipment (the machines as one) that some metcon exercise allowed at
    their level and in their space uses."""
    owned = profile.equipment | {BODYWEIGHT}
    cap = DIFFICULTY_CAP[profile.level]
    usable = set()
    for row in catalogue.values():
        if (
            Role.METCON in row.roles
            and row.equipment <= owned
            and row.needs <= profile.space
            and row.difficulty <= cap
            and row.max_per_session.at(profile.level) > 0
        ):
            usable |= {key_of(slug) for slug in row.equipment}
    return [key for key in owned_keys(profile.equipment) if key in usable]


def _equipment_use(wods, *, profile, catalogue) -> list[Defect]:
    found = []
    # A benchmark's movements are fixed: its day counts for every piece.
    every = set(owned_keys(profile.equipment))
    used = [
        every
        if wod.benchmark
        else {key_of(slug) for m in wod.movements for slug in catalogue[m.exercise_id].equipment}
        for wod in wods
    ]
    for slug in usable_key_equipment(profile, catalogue):
        for start in range(len(wods) - KEY_EQUIPMENT_WEEK + 1):
            window = used[start : start + KEY_EQUIPMENT_WEEK]
            seen = sum(slug in equipment for equipment in window)
            if seen < key_uses(profile.training_days_per_week):
                detail = f"{slug} in {seen} of days {start + 1}-{start + KEY_EQUIPMENT_WEEK}"
                found.append(Defect("equipment use", start + KEY_EQUIPMENT_WEEK - 1, detail))
    return found


def defects_by_rule(defects: Sequence[Defect]) -> dict[str, int]:
    counts = dict.fromkeys(RULES, 0)
    for defect in defects:
        counts[defect.rule] += 1
    return counts


# Week rules
# ------------------------------------------------------------------------------
# A season read as weeks: any 7 consecutive daily sessions (`WEEK_DAYS`), the metcon's and the
# strength/skill block's movements counted by the pattern groups of `coaching.week`.

WEEK_RULES = {
    "rest rhythm": "exactly the athlete's training days per week in any 7 consecutive daily "
    "sessions; the others rest days",
    "pattern coverage": "squat, hinge, push and pull each in any 7 consecutive days, where "
    "the athlete's equipment, level and space allow",
    "modality coverage": "weightlifting, gymnastics and monostructural work each in any 7 "
    "consecutive days, where allowed",
    "push/pull ratio": "push and pull movements within 2:1 either way in any 7 consecutive days, "
    "where the athlete can do both",
    "no pattern 3 days running": "no squat, hinge, push or pull pattern on 3 days in a row",
    "heavy not after heavy": "no heavy session the day after a heavy one",
    "benchmark cadence": f"a 30-day season holds a benchmark when one fits the athlete's "
    f"equipment and space; none within {BENCHMARK_EVERY_DAYS} days of another",
    "context needs": "no movement of any part needs a wall, a target or a lane the athlete's "
    "space lacks",
    "variants of yesterday's block": "no family of the previous session's strength or skill "
    "block in the metcon",
}
RULES.update(WEEK_RULES)
# A season this long holds a benchmark when one fits the athlete.
BENCHMARK_SEASON_DAYS = 30


def week_defects(
    wods: Sequence[GeneratedWod],
    *,
    profile: AthleteProfile,
    catalogue: Mapping[int, CatalogueExercise],
) -> list[Defect]:
    """The week rules on a season of consecutive daily sessions."""
    found: list[Defect] = []
    sessions = [_counted(wod, catalogue) for wod in wods]
    groups = [{g for row in rows if (g := week_group(row.pattern))} for rows in sessions]
    modalities = [{row.modality for row in rows} for rows in sessions]
    available_groups, available_modalities = _available(profile, catalogue)
    for start in range(len(wods) - WEEK_DAYS + 1):
        days = range(start, start + WEEK_DAYS)
        span = f"days {start + 1}-{start + WEEK_DAYS}"
        last = start + WEEK_DAYS - 1
        training = sum(wods[d].format != WodFormat.REST for d in days)
        if training != profile.training_days_per_week:
            found.append(Defect("rest rhythm", last, f"{training} training days in {span}"))
        seen_groups = set().union(*(groups[d] for d in days))
        if missing := [g for g in WEEK_GROUPS if g in available_groups - seen_groups]:
            found.append(Defect("pattern coverage", last, f"no {', '.join(missing)} in {span}"))
        seen_modalities = set().union(*(modalities[d] for d in days))
        if missing := sorted(available_modalities - seen_modalities):
            found.append(Defect("modality coverage", last, f"no {', '.join(missing)} in {span}"))
        pushes = sum(week_group(row.pattern) == PUSH for d in days for row in sessions[d])
        pulls = sum(week_group(row.pattern) == PULL for d in days for row in sessions[d])
        balances = {PUSH, PULL} <= available_groups
        if balances and (
            pushes > PUSH_PULL_MAX_RATIO * pulls or pulls > PUSH_PULL_MAX_RATIO * pushes
        ):
            found.append(Defect("push/pull ratio", last, f"{pushes} push, {pulls} pull in {span}"))
    for day in range(MOST_DAYS_RUNNING, len(wods)):
        running = set.intersection(*groups[day - MOST_DAYS_RUNNING : day + 1])
        if running:
            detail = f"{', '.join(sorted(running))} on days {day - 1}-{day + 1}"
            found.append(Defect("no pattern 3 days running", day, detail))
    for day in range(1, len(wods)):
        if wods[day].intensity == wods[day - 1].intensity == Intensity.HEAVY:
            found.append(Defect("heavy not after heavy", day, "heavy after heavy"))
        block_families = {
            catalogue[m.exercise_id].family
            for part in wods[day - 1].parts
            if part.kind in (PartKind.STRENGTH, PartKind.SKILL)
            for m in part.movements
        }
        metcon_families = {catalogue[m.exercise_id].family for m in wods[day].movements}
        if shared := block_families & metcon_families:
            found.append(Defect("variants of yesterday's block", day, ", ".join(sorted(shared))))
    found += _benchmark_cadence(wods, profile=profile, catalogue=catalogue)
    for day, wod in enumerate(wods):
        for part in wod.parts:
            for movement in part.movements:
                row = catalogue[movement.exercise_id]
                if lacking := row.needs - profile.space:
                    detail = f"{row.name} ({part.kind.label}) needs {', '.join(sorted(lacking))}"
                    found.append(Defect("context needs", day, detail))
    return found


def _counted(wod: GeneratedWod, catalogue) -> list[CatalogueExercise]:
    """The movements a week counts: the metcon's and the strength or skill block's."""
    block = [
        m
        for part in wod.parts
        if part.kind in (PartKind.STRENGTH, PartKind.SKILL)
        for m in part.movements
    ]
    return [catalogue[m.exercise_id] for m in (*wod.movements, *block)]


def _available(profile: AthleteProfile, catalogue) -> tuple[set[str], set[str]]:
    """The pattern groups and modalities of the metcon movements the athlete may be given."""
    owned = profile.equipment | {BODYWEIGHT}
    rows = [
        row
        for row in catalogue.values()
        if Role.METCON in row.roles
        and row.equipment <= owned
        and row.needs <= profile.space
        and row.difficulty <= DIFFICULTY_CAP[profile.level]
        and row.max_per_session.at(profile.level) > 0
    ]
    groups = {g for row in rows if (g := week_group(row.pattern))}
    return groups, {row.modality for row in rows}


def fitting_benchmarks(
    profile: AthleteProfile, catalogue: Mapping[int, CatalogueExercise]
) -> list[str]:
    """The benchmarks the athlete can do: their equipment and space, each movement at their
    level or through its substitute (`coaching.day.benchmark_fits`)."""
    by_name = unique_names(catalogue.values())
    return [
        b.slug
        for b in BENCHMARKS
        if benchmark_fits(b, profile=profile, catalogue=catalogue, by_name=by_name)
    ]


def _benchmark_cadence(wods, *, profile, catalogue) -> list[Defect]:
    found = []
    days = [day for day, wod in enumerate(wods) if wod.benchmark]
    for before, after in itertools.pairwise(days):
        if after - before < BENCHMARK_EVERY_DAYS:
            detail = f"{wods[after].benchmark} {after - before} days after {wods[before].benchmark}"
            found.append(Defect("benchmark cadence", after, detail))
    if not days and len(wods) >= BENCHMARK_SEASON_DAYS and fitting_benchmarks(profile, catalogue):
        found.append(
            Defect("benchmark cadence", len(wods) - 1, f"no benchmark in {len(wods)} days")
        )
    return found
