"""What a coach checks in a season of WODs, rule by rule, from the catalogue's coaching data.

Each rule reads only the WODs as generated (what an athlete is shown), the catalogue and the
athlete's profile, never the generator's internals: `season_defects` lists every broken rule
with the day and what is wrong. `RULES` names and explains them; docs/COACHING.md holds the
same list for coaches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coaching.athlete import (
    DIFFICULTY_CAP,
    KEY_EQUIPMENT,
    KEY_EQUIPMENT_PER_WEEK,
    KEY_EQUIPMENT_WEEK,
    AthleteProfile,
)
from coaching.catalogue import CatalogueExercise
from coaching.clock import (
    AMRAP_MIN_ROUNDS,
    EMOM_MAX_WORK_S,
    EMOM_MIN_WORK_S,
    FOR_TIME_CAP_MAX_RATIO,
    FOR_TIME_CAP_MIN_RATIO,
    TRANSITION_S,
)
from coaching.limits import CAP_GROUP_CEILINGS, MAX_RX_FACTOR
from coaching.vocabulary import BODYWEIGHT, Level, Role, WodFormat
from coaching.wod import GeneratedWod

RULES = {
    "time fit": "For Time: cap 1.3-1.5x the expected time, which is the work at the level's "
    "pace; EMOM: every minute 15-45 s of work (beginner <= 35 s); AMRAP: a round <= 1/3 of "
    "the clock (3+ rounds), expected rounds as stored",
    "caps per bout": "every bout between the exercise's min and max per bout at the level",
    "caps per session": "volume x bouts within each exercise's max per session at the level "
    "and each cap group ceiling (heavy barbell and Olympic lifts together: beginner < 50, "
    "others < 100 ...)",
    "roles": "only movements whose roles include metcon (no warm-up drill as work)",
    "variants of yesterday": "no movement family of the previous WOD",
    "one per family": "one movement per family in a WOD",
    "equipment owned": "only the athlete's equipment (bodyweight always)",
    "equipment use": f"each owned barbell, dumbbell, kettlebell, rower, air bike or ski erg "
    f"in >= {KEY_EQUIPMENT_PER_WEEK} of any {KEY_EQUIPMENT_WEEK} consecutive WODs",
    "difficulty": "difficulty within the level's cap (beginner 2, intermediate 4)",
    "pairings": "a movement that pairs with an implement only beside a movement using it",
    "loads": "beginner <= scaled, intermediate <= Rx, advanced <= 1.15x Rx; women's <= men's",
}


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

    def defect(rule: str, detail: str) -> None:
        found.append(Defect(rule, day, detail))

    rows = [catalogue[m.exercise_id] for m in wod.movements]
    bouts = wod.bouts
    _time_fit(wod, rows, level, defect)

    owned = profile.equipment | {BODYWEIGHT}
    group_volume: dict[str, int] = {}
    for movement, row in zip(wod.movements, rows, strict=True):
        volume = movement.volume
        if not row.min_per_bout <= volume <= row.max_per_bout.at(level):
            defect("caps per bout", f"{volume} x {row.name}")
        if volume * bouts > row.max_per_session.at(level):
            defect("caps per session", f"{volume * bouts} {row.name}")
        if row.cap_group:
            group_volume[row.cap_group] = group_volume.get(row.cap_group, 0) + volume * bouts
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


def _time_fit(wod, rows, level, defect) -> None:
    n = len(rows)
    work = [m.volume * row.pace_s.at(level) for m, row in zip(wod.movements, rows, strict=True)]
    round_s = sum(work) + n * TRANSITION_S[level]
    if wod.format == WodFormat.FOR_TIME:
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
    return found


def usable_key_equipment(
    profile: AthleteProfile, catalogue: Mapping[int, CatalogueExercise]
) -> list[str]:
    """The athlete's key equipment that some metcon exercise allowed at their level uses."""
    owned = profile.equipment | {BODYWEIGHT}
    cap = DIFFICULTY_CAP[profile.level]
    usable = set()
    for row in catalogue.values():
        if (
            Role.METCON in row.roles
            and row.equipment <= owned
            and row.difficulty <= cap
            and row.max_per_session.at(profile.level) > 0
        ):
            usable |= row.equipment
    return [slug for slug in KEY_EQUIPMENT if slug in profile.equipment and slug in usable]


def _equipment_use(wods, *, profile, catalogue) -> list[Defect]:
    found = []
    used = [
        set().union(*(catalogue[m.exercise_id].equipment for m in wod.movements)) for wod in wods
    ]
    for slug in usable_key_equipment(profile, catalogue):
        for start in range(len(wods) - KEY_EQUIPMENT_WEEK + 1):
            window = used[start : start + KEY_EQUIPMENT_WEEK]
            seen = sum(slug in equipment for equipment in window)
            if seen < KEY_EQUIPMENT_PER_WEEK:
                detail = f"{slug} in {seen} of days {start + 1}-{start + KEY_EQUIPMENT_WEEK}"
                found.append(Defect("equipment use", start + KEY_EQUIPMENT_WEEK - 1, detail))
    return found


def defects_by_rule(defects: Sequence[Defect]) -> dict[str, int]:
    counts = dict.fromkeys(RULES, 0)
    for defect in defects:
        counts[defect.rule] += 1
    return counts
