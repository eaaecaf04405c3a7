"""A small hand-made catalogue with realistic coaching data, for examples and edge cases.

Paces are seconds per unit (rep, metre, calorie, second) for beginner, intermediate and
advanced athletes; loads are men's Rx, women's Rx and men's scaled.
"""

from __future__ import annotations

from coaching.catalogue import CatalogueExercise, PerLevel

_rows: list[CatalogueExercise] = []


def exercise(
    name: str,
    *,
    modality: str,
    pattern: str,
    family: str,
    pace: tuple[float, float, float],
    bout: tuple[int, int, int, int],  # min per bout, then max per bout by level
    session: tuple[int, int, int],
    equipment: tuple[str, ...] = ("bodyweight",),
    measurement: str = "reps",
    difficulty: int = 1,
    roles: tuple[str, ...] = ("metcon",),
    loads: tuple[float, float, float] | None = None,
    cap_group: str = "",
    pairs_with: tuple[str, ...] = (),
    needs: tuple[str, ...] = (),
) -> CatalogueExercise:
    row = CatalogueExercise(
        id=len(_rows) + 1,
        name=name,
        modality=modality,
        difficulty=difficulty,
        primary_muscle_group="full_body",
        equipment=frozenset(equipment),
        measurement=measurement,
        load_kg=loads[0] if loads else None,
        load_women_kg=loads[1] if loads else None,
        load_scaled_kg=loads[2] if loads else None,
        roles=frozenset(roles),
        pattern=pattern,
        family=family,
        pace_s=PerLevel(*pace),
        min_per_bout=bout[0],
        max_per_bout=PerLevel(*bout[1:]),
        max_per_session=PerLevel(*session),
        cap_group=cap_group,
        needs=frozenset(needs),
        pairs_with=frozenset(pairs_with),
        scaled_substitute_id=None,
        beginner_substitute_id=None,
    )
    _rows.append(row)
    return row


W, G, M = "weightlifting", "gymnastics", "monostructural"
exercise(
    "Thruster",
    modality=W,
    pattern="squat",
    family="thruster",
    difficulty=2,
    equipment=("barbell",),
    pace=(3.5, 2.8, 2.3),
    bout=(3, 12, 21, 21),
    session=(45, 90, 100),
    loads=(43, 29, 30),
    cap_group="heavy_barbell",
)
exercise(
    "Deadlift",
    modality=W,
    pattern="hinge",
    family="deadlift",
    difficulty=2,
    equipment=("barbell",),
    pace=(3.5, 2.8, 2.3),
    bout=(3, 10, 21, 21),
    session=(40, 80, 100),
    loads=(102, 70, 60),
    cap_group="heavy_barbell",
)
exercise(
    "Power Clean",
    modality=W,
    pattern="full_body",
    family="clean",
    difficulty=3,
    equipment=("barbell",),
    pace=(4.5, 3.2, 2.6),
    bout=(2, 5, 10, 15),
    session=(20, 50, 75),
    loads=(61, 43, 40),
    cap_group="olympic",
)
exercise(
    "Bar-Facing Burpee",
    modality=G,
    pattern="full_body",
    family="burpee",
    pace=(5.0, 4.0, 3.2),
    bout=(3, 10, 15, 20),
    session=(40, 75, 100),
    cap_group="burpee",
    pairs_with=("barbell",),
)
exercise(
    "Dumbbell Snatch",
    modality=W,
    pattern="full_body",
    family="dumbbell_olympic",
    difficulty=2,
    equipment=("dumbbell",),
    pace=(3.5, 2.8, 2.3),
    bout=(4, 12, 20, 30),
    session=(60, 100, 120),
    loads=(22.5, 15, 12.5),
)
exercise(
    "Dumbbell Clean",
    modality=W,
    pattern="full_body",
    family="dumbbell_olympic",
    difficulty=2,
    equipment=("dumbbell",),
    pace=(3.3, 2.6, 2.2),
    bout=(4, 12, 20, 30),
    session=(60, 100, 120),
    loads=(22.5, 15, 12.5),
)
exercise(
    "Dumbbell Walking Lunge",
    modality=W,
    pattern="squat",
    family="lunge",
    difficulty=2,
    equipment=("dumbbell",),
    pace=(3.0, 2.4, 2.0),
    bout=(6, 16, 24, 30),
    session=(60, 100, 120),
    loads=(22.5, 15, 10),
)
exercise(
    "Kettlebell Swing",
    modality=W,
    pattern="hinge",
    family="kettlebell_swing",
    equipment=("kettlebell",),
    pace=(2.5, 2.0, 1.7),
    bout=(6, 20, 30, 40),
    session=(80, 120, 150),
    loads=(24, 16, 16),
)
exercise(
    "Goblet Squat",
    modality=W,
    pattern="squat",
    family="goblet_squat",
    equipment=("kettlebell",),
    pace=(3.0, 2.5, 2.1),
    bout=(5, 15, 25, 30),
    session=(60, 100, 120),
    loads=(24, 16, 12),
)
exercise(
    "Turkish Get-Up",
    modality=W,
    pattern="core",
    family="get_up",
    difficulty=2,
    equipment=("kettlebell",),
    pace=(20.0, 15.0, 12.0),
    bout=(1, 2, 4, 5),
    session=(6, 10, 14),
    loads=(24, 16, 8),
    cap_group="slow_skill",
)
exercise(
    "Air Squat",
    modality=G,
    pattern="squat",
    family="air_squat",
    pace=(2.4, 1.9, 1.6),
    bout=(10, 25, 40, 50),
    session=(150, 250, 300),
)
exercise(
    "Push-Up",
    modality=G,
    pattern="horizontal_push",
    family="push_up",
    difficulty=2,
    pace=(3.0, 2.2, 1.8),
    bout=(3, 10, 20, 30),
    session=(60, 120, 150),
)
exercise(
    "Burpee",
    modality=G,
    pattern="full_body",
    family="burpee",
    difficulty=1,
    pace=(5.0, 4.0, 3.2),
    bout=(3, 10, 15, 20),
    session=(40, 75, 100),
    cap_group="burpee",
)
exercise(
    "Sit-Up",
    modality=G,
    pattern="core",
    family="sit_up",
    pace=(2.8, 2.2, 1.8),
    bout=(5, 20, 30, 40),
    session=(100, 150, 200),
)
exercise(
    "Pull-Up",
    modality=G,
    pattern="vertical_pull",
    family="pull_up",
    difficulty=3,
    equipment=("pull_up_bar",),
    pace=(4.0, 2.5, 1.8),
    bout=(3, 5, 15, 25),
    session=(0, 75, 120),
)
exercise(
    "Ring Row",
    modality=G,
    pattern="horizontal_pull",
    family="ring_row",
    equipment=("rings",),
    pace=(3.0, 2.3, 2.0),
    bout=(5, 15, 20, 25),
    session=(75, 100, 120),
)
exercise(
    "Box Jump",
    modality=G,
    pattern="squat",
    family="box_jump",
    difficulty=2,
    equipment=("box",),
    pace=(3.5, 2.6, 2.1),
    bout=(5, 12, 20, 30),
    session=(50, 90, 120),
    cap_group="jump",
)
exercise(
    "Wall Walk",
    modality=G,
    pattern="vertical_push",
    family="wall_walk",
    difficulty=2,
    pace=(20.0, 15.0, 11.0),
    bout=(1, 2, 4, 5),
    session=(6, 15, 20),
    cap_group="slow_skill",
    needs=("wall",),
)
exercise(
    "Handstand Push-Up",
    modality=G,
    pattern="vertical_push",
    family="handstand_push_up",
    difficulty=4,
    pace=(6.0, 3.5, 2.5),
    bout=(2, 3, 10, 15),
    session=(0, 40, 60),
    cap_group="handstand",
    needs=("wall",),
)
exercise(
    "Run",
    modality=M,
    pattern="monostructural",
    family="run",
    measurement="distance",
    pace=(0.34, 0.28, 0.24),
    bout=(100, 400, 800, 1600),
    session=(2400, 4000, 5000),
    needs=("lane",),
)
exercise(
    "Sprint",
    modality=M,
    pattern="monostructural",
    family="run",
    measurement="distance",
    difficulty=2,
    pace=(0.25, 0.2, 0.17),
    bout=(50, 200, 400, 400),
    session=(800, 1200, 1600),
    needs=("lane",),
)
exercise(
    "Row",
    modality=M,
    pattern="monostructural",
    family="row",
    measurement="calories",
    equipment=("rower",),
    pace=(4.5, 3.6, 3.0),
    bout=(5, 15, 25, 30),
    session=(80, 120, 150),
)
exercise(
    "Air Bike",
    modality=M,
    pattern="monostructural",
    family="bike",
    measurement="calories",
    equipment=("air_bike",),
    pace=(4.0, 3.2, 2.6),
    bout=(5, 15, 25, 30),
    session=(80, 120, 150),
)
exercise(
    "Single-Under",
    modality=M,
    pattern="monostructural",
    family="jump_rope",
    equipment=("jump_rope",),
    pace=(0.6, 0.45, 0.4),
    bout=(20, 60, 100, 150),
    session=(400, 600, 800),
)
exercise(
    "Plank",
    modality=G,
    pattern="core",
    family="plank",
    measurement="seconds",
    pace=(1.0, 1.0, 1.0),
    bout=(15, 45, 60, 90),
    session=(180, 240, 300),
)
exercise(
    "Carioca",
    modality=M,
    pattern="monostructural",
    family="carioca",
    measurement="distance",
    roles=("warm_up",),
    pace=(0.4, 0.33, 0.3),
    bout=(10, 50, 50, 50),
    session=(100, 100, 100),
)
exercise(
    "High Knees",
    modality=M,
    pattern="monostructural",
    family="high_knees",
    roles=("warm_up",),
    pace=(0.5, 0.4, 0.35),
    bout=(10, 30, 40, 50),
    session=(60, 80, 100),
)

exercise(
    "Cossack Squat",
    modality=G,
    pattern="squat",
    family="cossack_squat",
    roles=("warm_up", "cool_down"),
    pace=(4.0, 3.5, 3.0),
    bout=(4, 8, 10, 12),
    session=(16, 20, 24),
)
exercise(
    "Leg Swing",
    modality=G,
    pattern="hinge",
    family="leg_swing",
    roles=("warm_up",),
    pace=(1.5, 1.2, 1.0),
    bout=(10, 20, 20, 20),
    session=(40, 40, 40),
)
exercise(
    "Prone Y-T-W Raise",
    modality=G,
    pattern="horizontal_pull",
    family="prone_raise",
    roles=("warm_up",),
    pace=(3.0, 2.5, 2.0),
    bout=(6, 12, 15, 15),
    session=(30, 36, 45),
)
exercise(
    "Couch Stretch",
    modality=G,
    pattern="squat",
    family="couch_stretch",
    measurement="seconds",
    roles=("cool_down",),
    pace=(1.0, 1.0, 1.0),
    bout=(30, 90, 90, 120),
    session=(120, 180, 240),
)
exercise(
    "Pigeon Stretch",
    modality=G,
    pattern="hinge",
    family="pigeon",
    measurement="seconds",
    roles=("cool_down",),
    pace=(1.0, 1.0, 1.0),
    bout=(30, 90, 90, 120),
    session=(120, 180, 240),
)
exercise(
    "Back Squat",
    modality=W,
    pattern="squat",
    family="barbell_squat",
    difficulty=2,
    equipment=("barbell",),
    roles=("strength",),
    pace=(3.5, 2.8, 2.3),
    bout=(3, 10, 15, 20),
    session=(40, 75, 90),
    loads=(70, 47.5, 43),
    cap_group="heavy_barbell",
)

CATALOGUE = tuple(_rows)
EQUIPMENT = frozenset().union(*(e.equipment for e in CATALOGUE)) - {"bodyweight"}


def by_name(name: str) -> CatalogueExercise:
    return next(e for e in CATALOGUE if e.name == name)
