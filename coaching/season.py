"""Seasons: a WOD a day for one athlete, each day's WOD fed back as history, and the audit of
seasons for every goal x level x equipment profile."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coaching.athlete import AthleteProfile
from coaching.audit import Defect, season_defects
from coaching.generator import WodGenerator
from coaching.history import History, history_with
from coaching.vocabulary import BARBELL, DUMBBELL, KETTLEBELL, Goal, Level
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
) -> SeasonAudit:
    """A season for every goal x level x equipment profile (`AUDIT_PROFILES` by default),
    each checked by `coaching.audit`."""
    catalogue = {row.id: row for row in generator.catalogue}
    everything = frozenset().union(*(row.equipment for row in generator.catalogue))
    audit = SeasonAudit()
    for name, equipment in (profiles or AUDIT_PROFILES).items():
        for goal in goals:
            for level in levels:
                profile = AthleteProfile(
                    goal=goal, level=level, equipment=everything if equipment is None else equipment
                )
                wods = season_generate(generator=generator, profile=profile, days=days, seed=seed)
                audit.seasons.append((profile, name, wods))
                audit.defects += [
                    (profile, name, defect)
                    for defect in season_defects(wods, profile=profile, catalogue=catalogue)
                ]
    return audit


def season_text(wods: Sequence[GeneratedWod]) -> str:
    """A season as an athlete reads it: a day a paragraph."""
    lines = []
    for day, wod in enumerate(wods, start=1):
        if wod.expected_rounds is not None:
            expected = f"about {wod.expected_rounds:g} rounds in {wod.minutes} min"
        else:
            minutes, seconds = divmod(wod.expected_seconds, 60)
            expected = f"expected {minutes}:{seconds:02d}"
        lines.append(f"Day {day} ({wod.format.label}, {expected})\n  {wod.description}")
    return "\n".join(lines)
