"""An audit of the shipped catalogue's seasons that trusts neither the catalogue's paces nor
the engine's audit: its own pace table (by measurement and movement pattern, with the slow
skills a coach knows by name), and the ceilings of the issue and docs/COACHING.md.

Over the audit's seasons of 30 days, their training sessions (a rest day has no metcon):
- at most 2% of WODs miss their clock at the athlete's level: For Time (descending schemes and
  chippers too) work beyond its cap, an AMRAP that allows fewer than 2 rounds, intervals
  whose window holds fewer than 1.5 rounds, an EMOM minute with over 50 s of work, an E2MOM
  window with over 100 s;
- no warm-up drill as work;
- no volume beyond a coach's ceilings.
"""

from collections import Counter

import pytest

from coaching.generator import WodGenerator
from coaching.season import season_audit
from wods.selectors import wod_catalogue

# Seconds per rep for an intermediate athlete, by movement pattern.
REP_SECONDS = {
    "squat": 2.6,
    "hinge": 2.6,
    "horizontal_push": 2.4,
    "vertical_push": 3.0,
    "horizontal_pull": 2.6,
    "vertical_pull": 3.0,
    "core": 2.3,
    "full_body": 3.5,
    "carry": 3.0,
    "monostructural": 0.8,
}
# Movements a coach times by name, seconds per rep, first match: the slow skills (a half
# get-up or wall walk about half of a whole one), and the quick alternating reps counted a
# side at a time.
NAMED_REPS = {
    "half": 8,
    "get-up": 15,
    "rope climb": 15,
    "wall walk": 14,
    "muscle-up": 6,
    "burpee": 4.5,
    "mountain climber": 1.0,
    "flutter kick": 1.0,
    "shoulder tap": 1.0,
}
METRE_SECONDS = {"monostructural": 0.3, "carry": 0.6}  # others (crawls, walks on hands): 1.5
SPRINT_METRE_SECONDS = 0.22
CALORIE_SECONDS = 4.0
LEVEL_FACTOR = {"beginner": 1.35, "intermediate": 1.0, "advanced": 0.85}
TRANSITION_SECONDS = 8

WARM_UP_DRILLS = ("carioca", "high knee", "butt kick", "inchworm", "side shuffle", "backward run")
MOST_MISSING_THE_CLOCK = 0.02


def unit_seconds(exercise, level: str) -> float:
    name = exercise.name.lower()
    if exercise.measurement == "reps":
        named = [seconds for word, seconds in NAMED_REPS.items() if word in name]
        seconds = named[0] if named else REP_SECONDS[exercise.pattern]
    elif exercise.measurement == "distance":
        seconds = METRE_SECONDS.get(exercise.pattern, 1.5)
        if "sprint" in name:
            seconds = SPRINT_METRE_SECONDS
    elif exercise.measurement == "calories":
        seconds = CALORIE_SECONDS
    else:
        seconds = 1.0
    return seconds * LEVEL_FACTOR[level]


def misses_its_clock(wod, rows, level: str) -> bool:
    work = [m.volume * unit_seconds(row, level) for m, row in zip(wod.movements, rows, strict=True)]
    round_seconds = sum(work) + TRANSITION_SECONDS * len(work)
    if wod.format in ("for_time", "descending", "chipper"):
        all_work = sum(
            sum(wod.bout_volumes(m)) * unit_seconds(row, level)
            for m, row in zip(wod.movements, rows, strict=True)
        )
        return all_work + wod.bouts * TRANSITION_SECONDS * len(work) > wod.minutes * 60
    if wod.format == "amrap":
        return wod.minutes * 60 / round_seconds < 2
    if wod.format == "intervals":
        return wod.work_seconds / round_seconds < 1.5
    if wod.format == "tabata":
        return False  # as many reps as 20 s allow: no clock to miss
    if wod.format == "e2mom":
        return max(work) > 100
    return max(work) > 50


def beyond_the_ceilings(wod, rows, level: str) -> list[str]:
    found = []
    heavy_barbell = 0
    for movement, row in zip(wod.movements, rows, strict=True):
        name, volume = row.name.lower(), movement.volume
        session = sum(wod.bout_volumes(movement))
        if any(word in name for word in ("get-up", "rope climb", "wall walk")) and volume > 5 * (
            3 if wod.format in ("descending", "chipper") else 1
        ):
            found.append(f"{volume} {name} in a bout")
        if ("rope climb" in name and session > 15) or ("wall walk" in name and session > 20):
            found.append(f"{session} {name}")
        # A low-ring muscle-up (feet on the floor) is the scaled drill, not a muscle-up.
        if "muscle-up" in name and "low ring" not in name and (session > 30 or level == "beginner"):
            found.append(f"{session} {name} ({level})")
        if "handstand push-up" in name and session > 60:
            found.append(f"{session} {name}")
        if name == "sprint" and volume > 400:
            found.append(f"{volume} m sprint")
        if row.pattern == "monostructural" and row.measurement == "distance" and session > 5000:
            found.append(f"{session} m of {name}")
        if movement.load_kg is not None and movement.load_kg >= 1.4 * row.load_kg:
            found.append(f"{name} at {movement.load_kg} kg")
        if "barbell" in row.equipment and row.modality == "weightlifting" and row.load_kg:
            heavy_barbell += session
    if heavy_barbell >= (50 if level == "beginner" else 100):
        found.append(f"{heavy_barbell} barbell reps ({level})")
    return found


@pytest.fixture(scope="module")
def seasons(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("load_catalogue", stdout=open("/dev/null", "w"))  # noqa: SIM115
        catalogue = wod_catalogue()
    generator = WodGenerator(catalogue)
    return {row.id: row for row in catalogue}, season_audit(generator=generator, days=30)


def test_at_most_two_percent_of_wods_miss_their_clock_at_the_athletes_level(seasons):
    by_id, audit = seasons
    missed, total = Counter(), Counter()
    for profile, _, wods in audit.seasons:
        for wod in wods:
            if wod.format == "rest":
                continue  # no metcon, no clock
            rows = [by_id[m.exercise_id] for m in wod.movements]
            total[wod.format] += 1
            missed[wod.format] += misses_its_clock(wod, rows, profile.level)
    share = sum(missed.values()) / sum(total.values())
    print(
        f"\nIndependent audit: {sum(missed.values())} of {sum(total.values())} WODs "
        f"({share:.1%}) miss their clock; by format "
        + ", ".join(f"{f} {missed[f]}/{total[f]}" for f in sorted(total))
    )
    assert sum(total.values()) == sum(
        wod.format != "rest" for _, _, wods in audit.seasons for wod in wods
    )
    assert share <= MOST_MISSING_THE_CLOCK


def test_no_warm_up_drill_is_metcon_work_and_no_volume_goes_beyond_a_coachs_ceilings(seasons):
    by_id, audit = seasons
    drills, beyond = [], []
    for profile, name, wods in audit.seasons:
        for day, wod in enumerate(wods, start=1):
            if wod.format == "rest":
                continue
            rows = [by_id[m.exercise_id] for m in wod.movements]
            drills += [r.name for r in rows if any(d in r.name.lower() for d in WARM_UP_DRILLS)]
            for found in beyond_the_ceilings(wod, rows, profile.level):
                beyond.append(f"{profile.goal}, {profile.level}, {name}, day {day}: {found}")
    assert drills == []
    assert beyond == []
