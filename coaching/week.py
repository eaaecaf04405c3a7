"""The athlete's week as selection sees it: what the last 6 days trained, and what today
must, may and must not add so that any 7 consecutive days are balanced.

A coach checks a week by four pattern groups (`PATTERN_GROUPS`: squat, hinge, push, pull;
full-body, core, carry and monostructural work count for none) and the three modalities:

- each group and each modality appears in any 7 consecutive days where the athlete's pool
  has it; a group or modality the window lacks is *wanted* today, and *urgent* when today is
  its last chance (the next training day would leave a 7-day window without it);
- no group 3 days running: a group trained on each of the last two days is *tired* today;
- push and pull stay within 2:1 either way: today leans to the side the window is short of;
- "not yesterday" covers the families of yesterday's metcon and strength/skill block.

The metcon's movements and the strength/skill block's count; warm-ups and cool-downs do not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from coaching.history import History, PastWod
from coaching.vocabulary import Modality, Pattern

SQUAT, HINGE, PUSH, PULL = "squat", "hinge", "push", "pull"
WEEK_GROUPS = (SQUAT, HINGE, PUSH, PULL)
PATTERN_GROUPS: dict[str, str] = {
    Pattern.SQUAT: SQUAT,
    Pattern.HINGE: HINGE,
    Pattern.HORIZONTAL_PUSH: PUSH,
    Pattern.VERTICAL_PUSH: PUSH,
    Pattern.HORIZONTAL_PULL: PULL,
    Pattern.VERTICAL_PULL: PULL,
}
WEEK_DAYS = 7
MOST_DAYS_RUNNING = 2
_MODALITIES = tuple(Modality)
PUSH_PULL_MAX_RATIO = 2


def week_group(pattern: str) -> str | None:
    """The week's pattern group of a movement pattern (SQUAT, HINGE, PUSH, PULL), or None."""
    return PATTERN_GROUPS.get(pattern)


class WeekExercise(Protocol):
    """What the week reads of an exercise (a catalogue row or a prepared exercise)."""

    @property
    def family(self) -> str: ...

    @property
    def pattern(self) -> str: ...

    @property
    def modality(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Week:
    """Today's constraints from the week; `Week()` constrains nothing."""

    yesterday_families: frozenset[str] = frozenset()
    yesterday_groups: frozenset[str] = frozenset()  # tired tomorrow if trained today too
    tired_groups: frozenset[str] = frozenset()  # none of these today
    urgent_groups: tuple[str, ...] = ()  # today is their last chance this week
    wanted_groups: frozenset[str] = frozenset()  # not yet in the last 6 days
    urgent_modalities: tuple[str, ...] = ()
    wanted_modalities: frozenset[str] = frozenset()
    pushes: int = 0  # push movements in the last 6 days
    pulls: int = 0
    # The push and pull movements of the last days that each 7-day window ending from today
    # to the next training day holds: until then nothing is added to them.
    windows: tuple[tuple[int, int], ...] = ()
    balances: bool = False  # the athlete can both push and pull: the 2:1 applies

    def lean(self, chosen_pushes: int = 0, chosen_pulls: int = 0) -> str | None:
        """The side (PUSH or PULL) today should add to, counting what it has chosen; None
        when the two are even or the athlete cannot do both."""
        if not self.balances:
            return None
        pushes, pulls = self.pushes + chosen_pushes, self.pulls + chosen_pulls
        if pushes > pulls:
            return PULL
        if pulls > pushes:
            return PUSH
        return None

    def overloads(self, group: str, chosen_pushes: int = 0, chosen_pulls: int = 0) -> bool:
        """Whether one more movement of `group` would take a window ending today or before
        the next training day past 2:1 (counting one of the other side as the least it will
        have)."""
        if not self.balances or group not in (PUSH, PULL):
            return False
        for pushes, pulls in ((self.pushes, self.pulls), *self.windows):
            pushes, pulls = pushes + chosen_pushes, pulls + chosen_pulls
            more, fewer = (pushes, pulls) if group == PUSH else (pulls, pushes)
            if more + 1 > PUSH_PULL_MAX_RATIO * max(fewer, 1):
                return True
        return False


def session_exercise_ids(past: PastWod) -> tuple[int, ...]:
    """A past session's metcon and strength/skill block movements: what its week counts."""
    return past.exercise_ids + past.block_exercise_ids


def week_of(
    *,
    history: History,
    day: datetime.date,
    next_training_day: datetime.date,
    exercises: Mapping[int, WeekExercise],
    available_groups: Iterable[str],
    available_modalities: Iterable[str],
) -> Week:
    """Today's `Week`. `exercises`: the catalogue by id; `available_*`: the groups and
    modalities the athlete's pool has (the others are never wanted)."""
    today = day.toordinal()
    next_in = next_training_day.toordinal() - today
    previous = history.recent[0] if history.recent else None
    yesterday_families = frozenset(
        exercises[i].family
        for i in (session_exercise_ids(previous) if previous else ())
        if i in exercises
    )

    # By days ago (1 yesterday .. 6): the groups trained, the pushes and the pulls.
    groups_ago: list[set[str]] = [set() for _ in range(WEEK_DAYS)]
    pushes_ago, pulls_ago = [0] * WEEK_DAYS, [0] * WEEK_DAYS
    last_group: dict[str, int] = {}  # days ago it was last trained
    last_modality: dict[str, int] = {}
    known_from = 0  # the oldest session of the window, in days ago
    for past in history.recent:
        ago = today - past.for_date.toordinal()
        if not 1 <= ago < WEEK_DAYS:
            continue
        known_from = max(known_from, ago)
        for exercise_id in session_exercise_ids(past):
            exercise = exercises.get(exercise_id)
            if exercise is None:
                continue
            group = PATTERN_GROUPS.get(exercise.pattern)
            if group is not None:
                groups_ago[ago].add(group)
                last_group[group] = min(last_group.get(group, ago), ago)
                pushes_ago[ago] += group == PUSH
                pulls_ago[ago] += group == PULL
            last_modality[exercise.modality] = min(last_modality.get(exercise.modality, ago), ago)

    tired = set(WEEK_GROUPS)
    for ago in range(1, MOST_DAYS_RUNNING + 1):
        tired &= groups_ago[ago]

    # A group last trained `ago` days ago must come again within 7 - ago days; one the window
    # lacks, by 6 days after the window's first session (the window starts no earlier than
    # the athlete's history). Urgent: the next training day comes too late.
    def urgent(last: int | None) -> bool:
        due_in = WEEK_DAYS - last if last is not None else WEEK_DAYS - 1 - known_from
        return due_in < next_in

    available = set(available_groups)
    groups = [g for g in WEEK_GROUPS if g in available]
    available = set(available_modalities)
    modalities = [m for m in _MODALITIES if m in available]
    return Week(
        yesterday_families=yesterday_families,
        yesterday_groups=frozenset(groups_ago[1]),
        tired_groups=frozenset(tired),
        urgent_groups=tuple(g for g in groups if urgent(last_group.get(g))),
        wanted_groups=frozenset(g for g in groups if g not in last_group),
        urgent_modalities=tuple(m for m in modalities if urgent(last_modality.get(m))),
        wanted_modalities=frozenset(m for m in modalities if m not in last_modality),
        pushes=sum(pushes_ago),
        pulls=sum(pulls_ago),
        balances=PUSH in groups and PULL in groups,
        # The window ending `ahead` days from now holds the days up to WEEK_DAYS - 1 - ahead
        # ago.
        windows=tuple(
            (sum(pushes_ago[: WEEK_DAYS - ahead]), sum(pulls_ago[: WEEK_DAYS - ahead]))
            for ahead in range(1, min(next_in, WEEK_DAYS) + 1)
        ),
    )
