"""The rules an exercise's coaching data must follow, across its fields and its substitutes.

One place for the admin (through `Exercise.clean()`), the API's serializer and
`load_catalogue` (which runs them on the data migration's historical models too, so they read
attributes and call no model method). Each rule names the field to fix; docs/CATALOGUE.md
says why it holds.
"""

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from coaching.vocabulary import Level, Role

LEVELS: tuple[str, ...] = tuple(level.value for level in Level)
# The most units a bout or a session may hold (100 km, 100,000 reps): beyond any coach's
# prescription, and within every database's integer.
MAX_UNITS = 100_000
# The level each substitute serves: a scaled athlete is an intermediate short of Rx.
SUBSTITUTE_LEVELS = {"scaled_substitute": Level.INTERMEDIATE, "beginner_substitute": Level.BEGINNER}
PER_LEVEL_FIELDS = {
    "pace_s": "pace_{level}_s",
    "max_per_bout": "max_per_bout_{level}",
    "max_per_session": "max_per_session_{level}",
}


def per_level_field(key: str, level: str) -> str:
    """The model field of `key` (a per-level key of the catalogue's JSON) at `level`."""
    return PER_LEVEL_FIELDS[key].format(level=level)


@deconstructible
class VocabularyListValidator:
    """A list of distinct values of `terms` (one of `coaching.vocabulary`'s enums).

    Its error codes are none of a model field's own (`invalid`, `invalid_choice`), which
    would replace its messages with the field's.
    """

    def __init__(self, terms: type[StrEnum]) -> None:
        self.terms = terms

    def __call__(self, value: Any) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError("Must be a list of strings.", code="not_a_list")
        known = {term.value for term in self.terms}
        if unknown := [item for item in value if item not in known]:
            raise ValidationError(
                f"Unknown: {', '.join(unknown)} (one of {', '.join(sorted(known))}).",
                code="unknown_term",
            )
        if len(set(value)) != len(value):
            raise ValidationError("Repeats a value.", code="repeated")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VocabularyListValidator) and self.terms is other.terms


def _number(value: Any) -> Decimal | None:
    """`value` as a Decimal, or None when it is missing or no number (reported elsewhere)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _at_levels(exercise: Any, key: str) -> dict[str, Decimal | None]:
    return {level: _number(getattr(exercise, per_level_field(key, level))) for level in LEVELS}


def exercise_coaching_errors(
    exercise: Any, *, scaled_substitute: Any | None, beginner_substitute: Any | None
) -> dict[str, list[str]]:
    """What breaks the rules in `exercise`'s coaching data, by field; empty when nothing does.

    `exercise` and the substitutes are `Exercise` rows (saved or not) or anything with the
    same attributes. A value that is missing or of the wrong type is left to the field's own
    validation.
    """
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    pace = _at_levels(exercise, "pace_s")
    for slower, faster in pairwise(LEVELS):
        if pace[slower] is not None and pace[faster] is not None and pace[slower] < pace[faster]:
            fail(
                per_level_field("pace_s", slower),
                f"Must be at least the {faster} pace ({pace[faster]} s): the lower the level, "
                "the slower.",
            )
    for key in ("max_per_bout", "max_per_session"):
        caps = _at_levels(exercise, key)
        for lower, higher in pairwise(LEVELS):
            if caps[lower] is not None and caps[higher] is not None and caps[higher] < caps[lower]:
                fail(
                    per_level_field(key, higher),
                    f"Must be at least the {lower} cap ({caps[lower]}): caps grow with level.",
                )
    bout, session = _at_levels(exercise, "max_per_bout"), _at_levels(exercise, "max_per_session")
    least = _number(exercise.min_per_bout)
    for level in LEVELS:
        if bout[level] is None or session[level] is None:
            continue
        if bout[level] > session[level]:
            fail(
                per_level_field("max_per_bout", level),
                f"Must not exceed the {level} session cap ({session[level]}).",
            )
        if least is not None and session[level] > 0 and least > bout[level]:
            fail(
                "min_per_bout",
                f"Must not exceed the {level} bout cap ({bout[level]}); set the {level} "
                "session cap to 0 if the level never does it.",
            )
    if session["advanced"] == 0:
        fail("max_per_session_advanced", "Is 0 at every level: no athlete would ever do it.")

    _check_loads(exercise, fail)
    if isinstance(exercise.roles, list) and not exercise.roles:
        fail("roles", "Needs at least one role.")
    for field, substitute in (
        ("scaled_substitute", scaled_substitute),
        ("beginner_substitute", beginner_substitute),
    ):
        if substitute is not None:
            for _, message in _substitute_errors(exercise, substitute, SUBSTITUTE_LEVELS[field]):
                fail(field, message)
    return errors


def exercise_as_substitute_errors(
    substitute: Any, *, named_by: Iterable[tuple[Any, str]]
) -> dict[str, list[str]]:
    """What an edit of `substitute` breaks for the exercises that name it, by its own field.

    `named_by` holds each such exercise with the field that names it (`scaled_substitute` or
    `beginner_substitute`): raising a ring row's difficulty above a pull-up's, or its beginner
    cap to 0, would leave the pull-up's beginners without a substitute they can do.
    """
    errors: dict[str, list[str]] = {}
    for exercise, field in named_by:
        for culprit, message in _substitute_errors(exercise, substitute, SUBSTITUTE_LEVELS[field]):
            if culprit is not None:
                label = field.replace("_", " ")
                errors.setdefault(culprit, []).append(
                    f"{exercise.name} names it as its {label}: {message}"
                )
    return errors


def _check_loads(exercise: Any, fail: Callable[[str, str], None]) -> None:
    men = _number(exercise.load_kg)
    for field, what in (("load_women_kg", "women's Rx"), ("load_scaled_kg", "scaled load")):
        value = getattr(exercise, field)
        if exercise.load_kg is None and value is not None:
            fail(field, f"Must be empty when the men's Rx load is empty: the {what} needs an Rx.")
        elif exercise.load_kg is not None and value is None:
            fail(field, f"Required with a men's Rx load: set the {what} too.")
        elif men is not None and (number := _number(value)) is not None and number > men:
            fail(field, f"Must not exceed the men's Rx load ({men} kg).")


def _substitute_errors(exercise: Any, substitute: Any, level: str) -> list[tuple[str | None, str]]:
    """Why `substitute` cannot stand in for `exercise` at `level`, each with the field of the
    substitute at fault (None when it is the exercise itself)."""
    if (
        substitute is exercise
        or (exercise.pk is not None and substitute.pk == exercise.pk)
        or substitute.name == exercise.name
    ):
        return [(None, "Must be another exercise.")]
    errors = []
    difficulty, own_difficulty = _number(substitute.difficulty), _number(exercise.difficulty)
    if difficulty is not None and own_difficulty is not None and difficulty > own_difficulty:
        errors.append(
            (
                "difficulty",
                f"{substitute.name} is harder (difficulty {difficulty}) than {exercise.name} "
                f"({own_difficulty}).",
            )
        )
    roles = exercise.roles if isinstance(exercise.roles, list) else []
    substitute_roles = substitute.roles if isinstance(substitute.roles, list) else []
    if Role.METCON in roles and Role.METCON not in substitute_roles:
        errors.append(
            ("roles", f"{substitute.name} is no metcon movement, and {exercise.name} is one.")
        )
    cap = per_level_field("max_per_session", level)
    if getattr(substitute, cap) == 0:
        errors.append((cap, f"{substitute.name} is never done at {level} level (0 per session)."))
    return errors
