"""The shipped catalogue's coaching data, as a coach checks it (docs/CATALOGUE.md).

These read the JSON, the source of the data; test_catalogue.py checks that the database holds
it and that `load_catalogue` refuses what breaks the rules.
"""

from collections import Counter, defaultdict

import pytest

from exercises.catalogue import catalogue_read

DATA = catalogue_read()
EXERCISES = {item["name"]: item for item in DATA["exercises"]}
WARM_UP_DRILLS = ["Carioca", "High Knees", "Butt Kick", "Inchworm", "Side Shuffle", "Backward Run"]


def with_role(role: str) -> list[dict]:
    return [item for item in EXERCISES.values() if role in item["roles"]]


def bodyweight_only(items: list[dict]) -> list[dict]:
    """Those an athlete with nothing, no wall and no lane can do."""
    return [item for item in items if item["equipment"] == ["bodyweight"] and not item["needs"]]


def test_the_catalogue_holds_about_150_to_170_exercises_in_every_role():
    roles = Counter(role for item in EXERCISES.values() for role in item["roles"])

    assert 150 <= len(EXERCISES) <= 170
    assert roles["metcon"] >= 100
    assert min(roles["warm_up"], roles["cool_down"], roles["strength"], roles["skill"]) >= 20


@pytest.mark.parametrize("drill", WARM_UP_DRILLS)
def test_warm_up_drills_are_never_metcon_work(drill):
    assert "warm_up" in EXERCISES[drill]["roles"]
    assert set(EXERCISES[drill]["roles"]) <= {"warm_up", "cool_down"}


def test_an_athlete_with_nothing_has_enough_warm_up_cool_down_and_metcon_movements():
    assert len(bodyweight_only(with_role("warm_up"))) >= 15
    assert len(bodyweight_only(with_role("cool_down"))) >= 10
    patterns = {item["pattern"] for item in bodyweight_only(with_role("metcon"))}
    assert {"squat", "hinge", "horizontal_push", "core", "full_body"} <= patterns


def test_the_issue_s_variants_share_a_family():
    assert {EXERCISES[name]["family"] for name in ("Run", "Sprint", "Shuttle Run")} == {"run"}
    dumbbell = ("Dumbbell Clean", "Dumbbell Snatch", "Dumbbell Hang Clean and Jerk")
    assert len({EXERCISES[name]["family"] for name in dumbbell}) == 1


def test_a_family_keeps_to_one_movement_pattern():
    patterns = defaultdict(set)
    for item in EXERCISES.values():
        patterns[item["family"]].add(item["pattern"])

    assert {family: found for family, found in patterns.items() if len(found) > 1} == {}


def test_a_level_does_exactly_the_movements_within_its_difficulty():
    # The difficulty caps by level: beginner 2, intermediate 4, advanced 5.
    for item in with_role("metcon"):
        session = item["max_per_session"]
        assert (session["beginner"] > 0) == (item["difficulty"] <= 2), item["name"]
        assert (session["intermediate"] > 0) == (item["difficulty"] <= 4), item["name"]


def test_every_metcon_movement_a_level_never_does_has_a_substitute_for_it():
    for item in with_role("metcon"):
        if item["max_per_session"]["beginner"] == 0:
            assert item["beginner_substitute"], item["name"]
        if item["max_per_session"]["intermediate"] == 0:
            assert item["scaled_substitute"], item["name"]


def test_the_coaching_reference_s_substitutes():
    assert EXERCISES["Pull-Up"]["beginner_substitute"] == "Ring Row"
    assert EXERCISES["Pull-Up"]["scaled_substitute"] == "Jumping Pull-Up"
    assert EXERCISES["Push-Up"]["beginner_substitute"] == "Knee Push-Up"
    assert EXERCISES["Box Jump"]["beginner_substitute"] == "Box Step-Up"
    assert EXERCISES["Double-Under"]["beginner_substitute"] == "Single-Under"
    assert EXERCISES["Handstand Push-Up"]["scaled_substitute"] == "Pike Push-Up"


@pytest.mark.parametrize("name", ["Rope Climb", "Wall Walk", "Turkish Get-Up"])
def test_slow_skills_cost_10_to_20_s_a_rep_and_stay_low_per_bout_and_session(name):
    item = EXERCISES[name]

    assert all(10 <= pace <= 20 for pace in item["pace_s"].values())
    assert max(item["max_per_bout"].values()) <= 5
    assert max(item["max_per_session"].values()) <= 20
    assert item["cap_group"] == "slow_skill"


def test_muscle_ups_are_for_no_beginner_and_at_most_30_a_session():
    for item in EXERCISES.values():
        if item["cap_group"] == "muscle_up":
            assert item["max_per_session"]["beginner"] == 0
            assert item["max_per_session"]["advanced"] <= 30


def test_handstand_push_ups_stay_at_or_under_60_a_session():
    handstand = [item for item in EXERCISES.values() if item["cap_group"] == "handstand"]

    assert len(handstand) >= 3
    assert all(max(item["max_per_session"].values()) <= 60 for item in handstand)


def test_heavy_barbell_movements_stay_under_the_session_ceilings():
    heavy = [item for item in EXERCISES.values() if item["cap_group"] == "heavy_barbell"]

    assert all(item["max_per_session"]["beginner"] < 50 for item in heavy)
    assert all(item["max_per_session"]["advanced"] < 100 for item in heavy)


def test_running_is_25_to_35_s_per_100_m_and_a_sprint_is_at_most_400_m():
    assert all(25 <= pace * 100 <= 35 for pace in EXERCISES["Run"]["pace_s"].values())
    assert max(EXERCISES["Sprint"]["max_per_bout"].values()) <= 400
    assert EXERCISES["Run"]["max_per_session"]["advanced"] <= 5000


@pytest.mark.parametrize(
    ("name", "men", "women"),
    [
        ("Thruster", 43, 29),
        ("Clean and Jerk", 61, 43),
        ("Squat Snatch", 61, 43),
        ("Deadlift", 102, 70),
        ("Squat Clean", 61, 43),
        ("Overhead Squat", 43, 29),
        ("Russian Kettlebell Swing", 24, 16),
        ("Dumbbell Snatch", 22.5, 15),
        ("Wall Ball", 9, 6),
        ("Medicine Ball Slam", 14, 9),
    ],
)
def test_rx_loads_are_the_usual_standards(name, men, women):
    assert (EXERCISES[name]["load_kg"], EXERCISES[name]["load_women_kg"]) == (men, women)


def test_bar_facing_burpees_pair_with_a_barbell_lift():
    assert EXERCISES["Bar-Facing Burpee"]["pairs_with"] == ["barbell"]


def test_the_least_bout_of_every_metcon_movement_fits_an_emom_minute_at_every_level():
    # Work in an EMOM minute: at most about 35 s for a beginner, 45 s for the others.
    ceilings = {"beginner": 35, "intermediate": 45, "advanced": 45}
    for item in with_role("metcon"):
        for level, ceiling in ceilings.items():
            if item["max_per_session"][level]:
                assert item["min_per_bout"] * item["pace_s"][level] <= ceiling, (
                    item["name"],
                    level,
                )


def test_an_athlete_with_nothing_no_wall_and_no_lane_can_pull():
    pulls = {
        item["name"]
        for item in bodyweight_only(with_role("metcon"))
        if item["pattern"] in ("horizontal_pull", "vertical_pull")
        and item["max_per_session"]["beginner"] > 0
    }

    assert {"Doorway Row", "Prone Lat Pull"} <= pulls


def test_wall_lane_and_target_needs_are_where_a_coach_expects_them():
    needs = {name: set(item["needs"]) for name, item in EXERCISES.items()}

    assert needs["Wall Ball"] == {"wall", "target"}
    for name in ("Handstand Push-Up", "Wall Walk", "Wall Sit", "Couch Stretch"):
        assert "wall" in needs[name], name
    for name in ("Run", "Shuttle Run", "Farmer Carry", "Walking Lunge", "Double-Under"):
        assert "lane" in needs[name], name
    assert [name for name, found in needs.items() if "target" in found] == ["Wall Ball"]
