"""What kind of day it is for the athlete: a rest day, how hard, and whether a benchmark is
due. Decided before anything is drawn, from the calendar, the profile and the history.

- **Rest days** follow a fixed weekly rhythm by weekday (`TRAINING_WEEKDAYS`), so an athlete
  can plan around it and any 7 consecutive days hold exactly `training_days_per_week`
  training days; no more than 3 training days run in a row where the count allows (6 a week
  cannot). A daily request on a rest day gets the rest day's session; a request the athlete
  made on a rest day gets a light session, saying why.
- **Intensity** follows the training days of the week in turn: heavy, moderate, light, heavy...
  (`RUN_INTENSITIES`), so heavy and light days alternate, and an athlete on 3 days a week gets
  one of each rather than three heavy days; a day after a heavy session is never heavy,
  whatever the calendar says.
- **Fatigue**: when the last 7 days' training load runs above `FATIGUE_RATIO` times the
  4-week average (`History.acute_chronic`), the day is light and says why.
- **Benchmarks** come about every 3-4 weeks: one is due once `BENCHMARK_EVERY_DAYS` have
  passed since the last (or once a new athlete has a week of sessions), on the next heavy
  day. `benchmark_choose` says which.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coaching.athlete import DIFFICULTY_CAP, AthleteProfile
from coaching.benchmarks import BENCHMARKS, Benchmark
from coaching.catalogue import CatalogueExercise
from coaching.history import RECENT_WODS_CONSIDERED, History
from coaching.vocabulary import BODYWEIGHT, Intensity, Level

# The weekdays (Monday 0) an athlete trains on, by training days per week; the others rest.
# 5 a week is 3 on, 1 off, 2 on, 1 off; 4 a week never more than 2 in a row.
TRAINING_WEEKDAYS: dict[int, frozenset[int]] = {
    3: frozenset({0, 2, 4}),
    4: frozenset({0, 1, 3, 4}),
    5: frozenset({0, 1, 2, 4, 5}),
    6: frozenset({0, 1, 2, 3, 4, 5}),
}
# The intensity of the week's n-th training day, in turn (Monday's is heavy).
RUN_INTENSITIES = (Intensity.HEAVY, Intensity.MODERATE, Intensity.LIGHT)
FATIGUE_RATIO = 1.3
# A benchmark is due this many days after the last one; the next heavy day comes within a
# week at most, so benchmarks come every 21-28 days.
BENCHMARK_EVERY_DAYS = 21
# The same benchmark is not repeated within 4 weeks; one with a logged score comes back first.
BENCHMARK_RETEST_DAYS = 28

REST_DAY_REQUESTED = (
    "Today is one of your rest days: a lighter session, to move without digging in."
)


@dataclass(frozen=True, slots=True)
class DayPlan:
    rest: bool  # a rest day's session: active recovery and a cool-down, no metcon
    intensity: Intensity  # RECOVERY exactly when `rest`
    benchmark: str  # the slug of the benchmark to program today, or ""
    reason: str  # why the day is light or a rest, for the stimulus line; "" when it needs none


def is_training_day(*, profile: AthleteProfile, day: datetime.date) -> bool:
    return day.weekday() in TRAINING_WEEKDAYS[profile.training_days_per_week]


def week_position(*, profile: AthleteProfile, day: datetime.date) -> int:
    """Which training day of its week `day` is by the rhythm, from 0 (Monday's, the first)."""
    return sorted(TRAINING_WEEKDAYS[profile.training_days_per_week]).index(day.weekday())


def next_training_day(*, profile: AthleteProfile, day: datetime.date) -> datetime.date:
    """The first training day of the rhythm after `day`."""
    following = day + datetime.timedelta(days=1)
    while not is_training_day(profile=profile, day=following):
        following += datetime.timedelta(days=1)
    return following


def next_chance(
    *,
    profile: AthleteProfile,
    history: History,
    day: datetime.date,
    benchmarks: Sequence[Benchmark] = BENCHMARKS,
) -> datetime.date:
    """The next training day whose movements the week can choose after `day`: the next
    training day, or the one after it when that is likely a benchmark day (its movements are
    the benchmark's). `benchmarks`: those the athlete's space allows."""
    following = next_training_day(profile=profile, day=day)
    owned = profile.equipment | {BODYWEIGHT}
    if any(b.equipment <= owned for b in benchmarks) and benchmark_day_ahead(
        profile=profile, history=history, today=day, day=following
    ):
        return next_training_day(profile=profile, day=following)
    return following


def plan_day(
    *,
    profile: AthleteProfile,
    history: History,
    day: datetime.date,
    requested: bool,
    benchmarks: Sequence[Benchmark] = BENCHMARKS,
) -> DayPlan:
    """The plan of `day`. `benchmarks`: those the athlete can do (equipment and space); the
    generator passes them, every benchmark by default."""
    if not is_training_day(profile=profile, day=day):
        if not requested:
            return DayPlan(rest=True, intensity=Intensity.RECOVERY, benchmark="", reason="")
        return DayPlan(
            rest=False, intensity=Intensity.LIGHT, benchmark="", reason=REST_DAY_REQUESTED
        )
    ratio = history.acute_chronic
    if ratio is not None and ratio > FATIGUE_RATIO:
        reason = (
            f"Your last 7 days' training load is {ratio:.1f}x your 4-week average: "
            "a lighter day to absorb it."
        )
        return DayPlan(rest=False, intensity=Intensity.LIGHT, benchmark="", reason=reason)
    intensity = RUN_INTENSITIES[week_position(profile=profile, day=day) % len(RUN_INTENSITIES)]
    yesterday = day - datetime.timedelta(days=1)
    after_heavy = any(
        past.for_date == yesterday and past.intensity == Intensity.HEAVY for past in history.recent
    )
    if intensity == Intensity.HEAVY and after_heavy:
        intensity = Intensity.MODERATE
    benchmark = ""
    if intensity == Intensity.HEAVY and benchmark_due(history=history, day=day):
        benchmark = benchmark_choose(
            profile=profile, history=history, day=day, benchmarks=benchmarks
        )
    return DayPlan(rest=False, intensity=intensity, benchmark=benchmark, reason="")


def benchmark_due(*, history: History, day: datetime.date) -> bool:
    """Whether a benchmark is due on `day`: `BENCHMARK_EVERY_DAYS` after the last one; never
    done, once the athlete has a week of sessions behind them (a first day is no test)."""
    done = [date for date in history.benchmarks.values() if date <= day]
    if done:
        return (day - max(done)).days >= BENCHMARK_EVERY_DAYS
    return len(history.recent) >= RECENT_WODS_CONSIDERED


def benchmark_day_ahead(
    *, profile: AthleteProfile, history: History, today: datetime.date, day: datetime.date
) -> bool:
    """Whether `day`, a training day after `today`, is likely a benchmark day: heavy by the
    rhythm and a benchmark due by then, a session a day counted until then. The week looks
    past it, so that the benchmark's fixed movements find nothing left to cover."""
    position = week_position(profile=profile, day=day)
    if RUN_INTENSITIES[position % len(RUN_INTENSITIES)] != Intensity.HEAVY:
        return False
    done = [date for date in history.benchmarks.values() if date <= today]
    if done:
        return (day - max(done)).days >= BENCHMARK_EVERY_DAYS
    return len(history.recent) + (day - today).days >= RECENT_WODS_CONSIDERED


def unique_names(catalogue: Iterable[CatalogueExercise]) -> dict[str, CatalogueExercise]:
    """The catalogue by name, leaving out a name two exercises share: a benchmark names its
    movements, and a name that could mean either is no movement to program."""
    seen: dict[str, CatalogueExercise] = {}
    shared: set[str] = set()
    for row in catalogue:
        if row.name in seen:
            shared.add(row.name)
        seen[row.name] = row
    return {name: row for name, row in seen.items() if name not in shared}


def benchmark_fits(
    benchmark: Benchmark,
    *,
    profile: AthleteProfile,
    catalogue: Mapping[int, CatalogueExercise],
    by_name: Mapping[str, CatalogueExercise],
) -> bool:
    """Whether the athlete can do `benchmark`: its equipment is theirs, and each of its
    movements is in the catalogue, needs nothing their space lacks, and is done at their level,
    itself or through the level's substitute (a beginner's ring rows for pull-ups)."""
    owned = profile.equipment | {BODYWEIGHT}
    if not benchmark.equipment <= owned:
        return False

    def doable(row: CatalogueExercise | None) -> bool:
        return (
            row is not None
            and row.equipment <= owned
            and row.needs <= profile.space
            and row.difficulty <= DIFFICULTY_CAP[profile.level]
            and row.max_per_session.at(profile.level) > 0
        )

    for name in benchmark.movements:
        row = by_name.get(name)
        if row is None or not row.needs <= profile.space:
            return False
        substitute = (
            row.beginner_substitute_id
            if profile.level == Level.BEGINNER
            else row.scaled_substitute_id
        )
        if not doable(row) and not doable(catalogue.get(substitute or 0)):
            return False
    return True


def benchmark_choose(
    *,
    profile: AthleteProfile,
    history: History,
    day: datetime.date,
    benchmarks: Sequence[Benchmark],
) -> str:
    """The benchmark to program on `day`, or "" when none fits: one whose equipment the
    athlete has, not done in the last `BENCHMARK_RETEST_DAYS`. First a retest of one whose
    score they logged, the one done longest ago first (so a benchmark comes back in 4-8
    weeks); then one never done, turning through them by the date; then the oldest done."""
    owned = profile.equipment | {BODYWEIGHT}
    doable = [b for b in benchmarks if b.equipment <= owned]
    last = history.benchmarks
    rested = [
        b
        for b in doable
        if b.slug not in last or (day - last[b.slug]).days >= BENCHMARK_RETEST_DAYS
    ]
    logged = [b for b in rested if b.slug in last and b.slug in history.benchmark_scores]
    if logged:
        return min(logged, key=lambda b: (last[b.slug], b.slug)).slug
    new = [b for b in rested if b.slug not in last]
    if new:
        return new[day.toordinal() % len(new)].slug
    if rested:
        return min(rested, key=lambda b: (last[b.slug], b.slug)).slug
    return ""
