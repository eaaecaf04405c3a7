"""The coaching data's rules, on unsaved exercises: what a coach would refuse, and why."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching.vocabulary import Need, Role
from exercises.models import Exercise
from exercises.rules import (
    VocabularyListValidator,
    exercise_as_substitute_errors,
    exercise_coaching_errors,
)
from exercises.tests.factories import coaching_fields


def exercise(**fields) -> Exercise:
    return Exercise(
        name=fields.pop("name", "Pull-Up"),
        difficulty=fields.pop("difficulty", 3),
        **coaching_fields(**fields),
    )


def errors_of(candidate: Exercise, *, scaled=None, beginner=None) -> dict[str, list[str]]:
    return exercise_coaching_errors(
        candidate, scaled_substitute=scaled, beginner_substitute=beginner
    )


def test_valid_coaching_data_breaks_no_rule():
    assert errors_of(exercise()) == {}


def test_a_beginner_faster_than_an_intermediate_is_refused_on_the_beginner_pace():
    errors = errors_of(exercise(pace_beginner_s=Decimal("2.0")))

    assert list(errors) == ["pace_beginner_s"]
    assert "slower" in errors["pace_beginner_s"][0]


def test_equal_paces_at_every_level_are_allowed_for_holds():
    same = {f"pace_{level}_s": Decimal(1) for level in ("beginner", "intermediate", "advanced")}

    assert errors_of(exercise(**same)) == {}


def test_caps_that_shrink_with_level_are_refused_on_the_higher_level():
    errors = errors_of(exercise(max_per_bout_advanced=12, max_per_session_intermediate=30))

    assert set(errors) == {"max_per_bout_advanced", "max_per_session_intermediate"}


def test_a_bout_above_the_session_is_refused_at_its_level():
    errors = errors_of(exercise(max_per_bout_beginner=10, max_per_session_beginner=8))

    assert "max_per_bout_beginner" in errors


def test_a_level_that_never_does_it_has_no_bout_and_its_minimum_does_not_apply():
    never = exercise(min_per_bout=12, max_per_bout_beginner=0, max_per_session_beginner=0)

    assert errors_of(never) == {}


def test_a_minimum_bout_above_a_level_s_maximum_is_refused():
    assert list(errors_of(exercise(min_per_bout=12))) == ["min_per_bout"]


def test_an_exercise_no_level_ever_does_is_refused():
    nobody = {
        f"max_per_{scope}_{level}": 0
        for scope in ("bout", "session")
        for level in ("beginner", "intermediate", "advanced")
    }

    assert "max_per_session_advanced" in errors_of(exercise(**nobody))


@pytest.mark.parametrize(
    ("loads", "fields"),
    [
        ({"load_kg": Decimal(43)}, {"load_women_kg", "load_scaled_kg"}),
        ({"load_women_kg": Decimal(29)}, {"load_women_kg"}),
        (
            {"load_kg": Decimal(43), "load_women_kg": Decimal(50), "load_scaled_kg": Decimal(29)},
            {"load_women_kg"},
        ),
        (
            {"load_kg": Decimal(43), "load_women_kg": Decimal(29), "load_scaled_kg": Decimal(45)},
            {"load_scaled_kg"},
        ),
    ],
    ids=["rx-alone", "women-without-rx", "women-above-men", "scaled-above-rx"],
)
def test_loads_are_set_together_and_never_above_the_men_s_rx(loads, fields):
    assert set(errors_of(exercise(**loads))) == fields


def test_an_exercise_without_a_role_is_refused():
    assert "roles" in errors_of(exercise(roles=[]))


def test_a_substitute_must_be_another_no_harder_metcon_movement_the_level_does():
    pull_up = exercise(pk=7)
    harder = exercise(name="Muscle-Up", difficulty=4)
    stretch = exercise(name="Child's Pose", difficulty=1, roles=["cool_down"])
    advanced_only = exercise(
        name="Kipping Pull-Up", max_per_bout_beginner=0, max_per_session_beginner=0
    )

    assert "another" in errors_of(pull_up, scaled=exercise(pk=7))["scaled_substitute"][0]
    assert "harder" in errors_of(pull_up, scaled=harder)["scaled_substitute"][0]
    assert "metcon" in errors_of(pull_up, beginner=stretch)["beginner_substitute"][0]
    assert "beginner" in errors_of(pull_up, beginner=advanced_only)["beginner_substitute"][0]
    assert errors_of(pull_up, scaled=exercise(name="Ring Row", difficulty=1)) == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("metcon", "Must be a list of strings."),
        (["metcon", 3], "Must be a list of strings."),
        (["metcon", "cardio"], "Unknown: cardio"),
        (["metcon", "metcon"], "Repeats a value."),
    ],
)
def test_a_list_of_roles_holds_distinct_known_roles(value, message):
    with pytest.raises(ValidationError, match=message):
        VocabularyListValidator(Role)(value)


def test_the_vocabulary_validator_says_its_own_message_through_a_model_field():
    candidate = exercise(needs=["lane", "track"])

    with pytest.raises(ValidationError) as caught:
        candidate.clean_fields(exclude=["primary_muscle_group", "modality"])

    assert caught.value.message_dict["needs"][0].startswith("Unknown: track (one of")
    assert VocabularyListValidator(Need) == VocabularyListValidator(Need)


def test_an_edit_of_a_substitute_that_fails_the_exercises_naming_it_is_refused_on_its_field():
    pull_up = exercise(name="Pull-Up", difficulty=3)
    chest_to_bar = exercise(name="Chest-to-Bar Pull-Up", difficulty=3)
    ring_row = exercise(
        name="Ring Row",
        difficulty=4,
        roles=["warm_up"],
        max_per_bout_beginner=0,
        max_per_session_beginner=0,
    )

    errors = exercise_as_substitute_errors(
        ring_row, named_by=[(pull_up, "beginner_substitute"), (chest_to_bar, "scaled_substitute")]
    )

    assert set(errors) == {"difficulty", "roles", "max_per_session_beginner"}
    assert len(errors["difficulty"]) == 2
    assert errors["max_per_session_beginner"] == [
        "Pull-Up names it as its beginner substitute: Ring Row is never done at beginner level "
        "(0 per session)."
    ]
