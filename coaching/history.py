"""What the generator knows of an athlete's past: plain data the service reads from the
database (`wods.selectors.wod_histories`) and the season viewer builds as it goes."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from coaching.vocabulary import Intensity, PartKind
from coaching.wod import GeneratedWod

# The athlete's last WODs the generator reads (a week), most recent first.
RECENT_WODS_CONSIDERED = 7


@dataclass(frozen=True, slots=True)
class PastWod:
    for_date: datetime.date
    exercise_ids: tuple[int, ...]  # its metcon's movements, in order
    format: str  # a WodFormat; REST for a rest day
    intensity: str = Intensity.MODERATE  # an Intensity; stored WODs of version 2 are moderate
    benchmark: str = ""  # the benchmark's slug, or ""
    # Its strength or skill block's movements (warm-ups and cool-downs do not count).
    block_exercise_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class History:
    # The last RECENT_WODS_CONSIDERED WODs, most recent first (date, then creation).
    recent: tuple[PastWod, ...] = ()
    # The date each benchmark was last done on, whatever its age.
    benchmarks: Mapping[str, datetime.date] = field(default_factory=dict)
    # The athlete's last logged score of each benchmark, as the WOD quotes it ("4:12 Rx").
    benchmark_scores: Mapping[str, str] = field(default_factory=dict)
    # Progression from logged results: a factor on the loads of each movement family (1.05
    # after easy Rx results, 0.95 after scaled or very hard ones); absent families keep 1.
    load_factors: Mapping[str, float] = field(default_factory=dict)
    # The last 7 days' training load (minutes x RPE) over the 4-week daily average scaled to 7
    # days, the acute:chronic ratio; None without enough logged results to say.
    acute_chronic: float | None = None


def history_with(history: History, *, wod: GeneratedWod, for_date: datetime.date) -> History:
    """`history` with `wod` as the most recent WOD: what the athlete's next session sees."""
    benchmarks = dict(history.benchmarks)
    if wod.benchmark:
        benchmarks[wod.benchmark] = for_date
    return dataclasses.replace(
        history,
        recent=(past_wod(wod, for_date=for_date), *history.recent)[:RECENT_WODS_CONSIDERED],
        benchmarks=benchmarks,
    )


def past_wod(wod: GeneratedWod, *, for_date: datetime.date) -> PastWod:
    """A generated session as the history of a later one sees it."""
    return PastWod(
        for_date=for_date,
        exercise_ids=tuple(m.exercise_id for m in wod.movements),
        format=wod.format,
        intensity=wod.intensity,
        benchmark=wod.benchmark,
        block_exercise_ids=tuple(
            m.exercise_id
            for part in wod.parts
            if part.kind in (PartKind.STRENGTH, PartKind.SKILL)
            for m in part.movements
        ),
    )
