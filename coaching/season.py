"""Seasons: a session a day for one athlete, each day's session fed back as history, and the
audit of seasons for every goal x level x equipment profile, and athletes who train 3, 4 or 6
days a week, have no wall or no open space, or short or long sessions."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coaching.athlete import AthleteProfile, needs_met
from coaching.audit import Defect, season_defects
from coaching.catalogue import CatalogueExercise
from coaching.generator import WodGenerator
from coaching.history import History, history_with
from coaching.vocabulary import (
    BARBELL,
    DUMBBELL,
    KETTLEBELL,
    Goal,
    Intensity,
    Level,
    PartKind,
    WodFormat,
)
from coaching.week import HINGE, PATTERN_GROUPS, PULL, PUSH, SQUAT
from coaching.wod import GeneratedWod

# The equipment profiles the audit covers; None stands for everything the catalogue uses.
AUDIT_PROFILES: dict[str, frozenset[str] | None] = {
    "bodyweight": frozenset(),
    "dumbbell only": frozenset({DUMBBELL}),
    "garage gym": frozenset(
        {BARBELL, DUMBBELL, KETTLEBELL, "pull_up_bar", "jump_rope", "box", "rower", "bench"}
    ),
    "full gym": None,
}


# The athletes the audit covers besides the equipment: the profile's fields that differ from
# the defaults (5 training days a week, 60-minute sessions, a wall and open space). The first
# is audited for every goal x level x equipment profile, each other for every level x
# equipment profile, the goal turning through the goals.
AUDIT_ATHLETES: dict[str, dict[str, Any]] = {
    "5 days, 60 min": {},
    "3 days a week": {"training_days_per_week": 3},
    "4 days a week": {"training_days_per_week": 4},
    "6 days a week": {"training_days_per_week": 6},
    "no wall": {"space": needs_met(has_wall=False, has_open_space=True)},
    "no open space": {"space": needs_met(has_wall=True, has_open_space=False)},
    "20-minute sessions": {"session_minutes": 20},
    "2-hour sessions": {"session_minutes": 120},
}

# Seasons start on a Monday, so day 1 of every audited season is the same weekday.
SEASON_START = datetime.date(2026, 1, 5)


def season_generate(
    *,
    generator: WodGenerator,
    profile: AthleteProfile,
    days: int,
    seed: int = 0,
    start: datetime.date = SEASON_START,
) -> list[GeneratedWod]:
    """`days` consecutive daily sessions from `start`; day d's random source is seeded from
    the seed, the athlete and d (a string, hashed the same way in every process), so a
    season is reproducible and two athletes' seasons do not share their draws."""
    athlete = f"{profile.goal}:{profile.level}:{','.join(sorted(profile.equipment))}"
    history = History()
    wods = []
    for day in range(days):
        for_date = start + datetime.timedelta(days=day)
        wod = generator.generate(
            profile=profile,
            history=history,
            day=for_date,
            requested=False,
            rng=random.Random(f"{seed}:{athlete}:{day}"),
        )
        history = history_with(history, wod=wod, for_date=for_date)
        wods.append(wod)
    return wods


@dataclass
class SeasonAudit:
    """Every season of the audit and what broke in it."""

    catalogue: Sequence[CatalogueExercise] = ()
    seasons: list[tuple[AthleteProfile, str, list[GeneratedWod]]] = field(default_factory=list)
    defects: list[tuple[AthleteProfile, str, Defect]] = field(default_factory=list)

    @property
    def wods(self) -> int:
        return sum(len(wods) for _, _, wods in self.seasons)


def season_audit(
    *,
    generator: WodGenerator,
    days: int,
    seed: int = 0,
    goals: Iterable[str] = tuple(Goal),
    levels: Iterable[str] = tuple(Level),
    profiles: dict[str, frozenset[str] | None] | None = None,
    athletes: dict[str, dict[str, Any]] | None = None,
) -> SeasonAudit:
    """A season for every goal x level x equipment profile (`AUDIT_PROFILES` by default) of
    the first athlete of `athletes` (`AUDIT_ATHLETES` by default), and for every level x
    equipment profile of each other, each checked by `coaching.audit`."""
    catalogue = {row.id: row for row in generator.catalogue}
    everything = frozenset().union(*(row.equipment for row in generator.catalogue))
    goals, levels = tuple(goals), tuple(levels)
    audit = SeasonAudit(catalogue=generator.catalogue)
    turn = 0
    for position, (athlete, fields) in enumerate((athletes or AUDIT_ATHLETES).items()):
        for name, equipment in (profiles or AUDIT_PROFILES).items():
            for level in levels:
                for goal in goals if position == 0 else (goals[turn % len(goals)],):
                    turn += position > 0
                    profile = AthleteProfile(
                        goal=goal,
                        level=level,
                        equipment=everything if equipment is None else equipment,
                        **fields,
                    )
                    label = name if position == 0 else f"{name}, {athlete}"
                    wods = season_generate(
                        generator=generator, profile=profile, days=days, seed=seed
                    )
                    audit.seasons.append((profile, label, wods))
                    audit.defects += [
                        (profile, label, defect)
                        for defect in season_defects(wods, profile=profile, catalogue=catalogue)
                    ]
    return audit


def season_figures(audit: SeasonAudit) -> list[str]:
    """The week's figures of an audit, a line each: rest days, intensities, benchmarks,
    formats, push against pull, and how full the sessions are."""
    wods = [wod for _, _, season in audit.seasons for wod in season]
    training = [wod for wod in wods if wod.format != WodFormat.REST]
    intensities = Counter(wod.intensity for wod in wods)
    formats = Counter(wod.format for wod in training)
    benchmarks = Counter(wod.benchmark for wod in training if wod.benchmark)
    with_one = sum(any(wod.benchmark for wod in season) for _, _, season in audit.seasons)
    by_id = {row.id: row for row in audit.catalogue}
    groups = Counter(
        PATTERN_GROUPS.get(by_id[m.exercise_id].pattern)
        for wod in training
        for part in wod.parts
        if part.kind in (PartKind.METCON, PartKind.STRENGTH, PartKind.SKILL)
        for m in part.movements
    )
    fill = [
        wod.session_minutes / profile.session_minutes
        for profile, _, season in audit.seasons
        for wod in season
        if wod.format != WodFormat.REST
    ]
    return [
        f"training sessions {len(training)}, rest days {len(wods) - len(training)}",
        "intensity: "
        + ", ".join(f"{i.label.lower()} {intensities[i]}" for i in Intensity if intensities[i]),
        f"benchmarks: {sum(benchmarks.values())} in {with_one} of {len(audit.seasons)} seasons"
        + (": " + ", ".join(f"{slug} {n}" for slug, n in sorted(benchmarks.items())))
        * bool(benchmarks),
        "formats: " + ", ".join(f"{f.label} {formats[f]}" for f in WodFormat if formats[f]),
        f"movements by pattern group: squat {groups[SQUAT]}, hinge {groups[HINGE]}, push "
        f"{groups[PUSH]}, pull {groups[PULL]}",
        f"session length over the athlete's minutes: {min(fill, default=0):.0%} to "
        f"{max(fill, default=0):.0%}, mean {sum(fill) / max(len(fill), 1):.0%}",
    ]


def season_text(wods: Sequence[GeneratedWod], *, start: datetime.date = SEASON_START) -> str:
    """A season as an athlete reads it: a day a paragraph, its date, its intensity and
    length, then each part with its minutes, the metcon with its expected time or rounds."""
    paragraphs = []
    for day, wod in enumerate(wods):
        date = start + datetime.timedelta(days=day)
        if wod.format == WodFormat.REST:
            kind = "Rest day"
        else:
            kind = wod.intensity.label
            if wod.benchmark:
                kind += ", benchmark"
        lines = [
            f"Day {day + 1}, {date:%A} {date.day} {date:%B} ({kind}, {wod.session_minutes} min)"
        ]
        for part in wod.parts:
            heading = f"{part.kind.label}, {part.minutes} min"
            if part.kind == PartKind.METCON:
                heading += f" ({wod.format.label}, {_expected(wod)})"
            # A part's line may already open with its kind and minutes ("Warm-up, 8 min: ...").
            text = part.description.removeprefix(f"{part.kind.label}, {part.minutes} min: ")
            lines.append(f"  {heading}: {text}")
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _expected(wod: GeneratedWod) -> str:
    if wod.expected_rounds is not None:
        return f"about {wod.expected_rounds:g} rounds in {wod.minutes} min"
    minutes, seconds = divmod(wod.expected_seconds, 60)
    return f"expected {minutes}:{seconds:02d}"
