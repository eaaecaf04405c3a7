"""Each catalogue exercise prepared once for the hot path, and the metcon pool of an athlete."""

from __future__ import annotations

from dataclasses import dataclass

from coaching.athlete import DIFFICULTY_CAP, key_of, owned_keys
from coaching.catalogue import CatalogueExercise
from coaching.clock import EMOM_MAX_WORK_S, EMOM_MIN_WORK_S
from coaching.limits import CAP_GROUP_CEILINGS, DEFAULT_PLATE_STEP, PLATE_STEPS, VOLUME_OPTIONS
from coaching.styles import GoalStyle
from coaching.vocabulary import BODYWEIGHT, Level, Measurement, Modality, Role
from coaching.week import PATTERN_GROUPS

LEVELS = tuple(Level)
_MODALITIES = frozenset(Modality)
_MEASUREMENTS = frozenset(Measurement)
# Words kept capitalised inside a sentence.
_PROPER_WORDS = frozenset({"russian", "american", "turkish", "romanian", "bulgarian"})


@dataclass(frozen=True, slots=True)
class Prepared:
    """A catalogue exercise with what generation needs computed once, by level."""

    id: int
    name: str
    modality: str
    pattern: str
    family: str
    difficulty: int
    measurement: str
    equipment: frozenset[str]  # what it needs besides bodyweight
    needs: frozenset[str]  # what it needs of the athlete's space (Need values)
    is_metcon: bool
    pace: dict[str, float]  # seconds per unit
    options: dict[str, tuple[int, ...]]  # volumes of one bout, ascending
    max_per_session: dict[str, int]
    cap_group: str
    pairs_with: frozenset[str]
    load_kg: float | None
    load_women_kg: float | None
    load_scaled_kg: float | None
    plate_step_kg: float
    singular: str
    plural: str

    def emom_options(self, level: str) -> tuple[int, ...]:
        """The bout volumes whose work fits an EMOM minute at the level."""
        pace = self.pace[level]
        top = EMOM_MAX_WORK_S[level]
        return tuple(v for v in self.options[level] if EMOM_MIN_WORK_S <= v * pace <= top)


def prepare(exercise: CatalogueExercise) -> Prepared:
    """Raises ``ValueError`` for an unknown modality or measurement."""
    if exercise.modality not in _MODALITIES:
        raise ValueError(f"exercise {exercise.id}: unknown modality {exercise.modality!r}")
    if exercise.measurement not in _MEASUREMENTS:
        raise ValueError(f"exercise {exercise.id}: unknown measurement {exercise.measurement!r}")
    standard = VOLUME_OPTIONS[exercise.measurement]
    options = {}
    for level in LEVELS:
        low, high = max(exercise.min_per_bout, 1), exercise.max_per_bout.at(level)
        usable = tuple(v for v in standard if low <= v <= high)
        options[level] = usable or ((low,) if low <= high else ())
    singular = display_name(exercise.name)
    return Prepared(
        id=exercise.id,
        name=exercise.name,
        modality=exercise.modality,
        pattern=exercise.pattern,
        family=exercise.family,
        difficulty=exercise.difficulty,
        measurement=exercise.measurement,
        equipment=frozenset(exercise.equipment) - {BODYWEIGHT},
        needs=frozenset(exercise.needs),
        is_metcon=Role.METCON in exercise.roles,
        pace={level: float(exercise.pace_s.at(level)) for level in LEVELS},
        options=options,
        max_per_session={level: exercise.max_per_session.at(level) for level in LEVELS},
        cap_group=exercise.cap_group,
        pairs_with=frozenset(exercise.pairs_with),
        load_kg=exercise.load_kg,
        load_women_kg=exercise.load_women_kg,
        load_scaled_kg=exercise.load_scaled_kg,
        plate_step_kg=next(
            (step for slug, step in PLATE_STEPS if slug in exercise.equipment),
            DEFAULT_PLATE_STEP,
        ),
        singular=singular,
        plural=pluralise(singular),
    )


class Pool:
    """The exercises an athlete may do in a metcon, with what selection needs computed once.

    Allowed: role metcon, equipment within the athlete's (plus bodyweight), needs within what
    the athlete's space meets (a wall, a target, a lane), difficulty within the level's cap,
    and a bout volume to prescribe within the session cap at the level and the cap group's
    ceiling.
    """

    __slots__ = (
        "_families",
        "_groups",
        "_key_families",
        "_modalities",
        "_weights",
        "by_family",
        "emom_ok",
        "exercises",
        "groups",
        "index_by_id",
        "key_equipment",
        "keys_by_id",
        "level",
        "owned_keys",
        "space",
        "using",
    )

    def __init__(
        self,
        exercises: tuple[Prepared, ...],
        *,
        level: str,
        equipment: frozenset[str],
        space: frozenset[str],
    ):
        cap = DIFFICULTY_CAP[level]
        self.level = level
        self.space = space
        self.exercises = tuple(
            e
            for e in exercises
            if e.is_metcon
            and e.equipment <= equipment
            and e.needs <= space
            and e.difficulty <= cap
            and e.options[level]
            and e.options[level][0] <= _session_ceiling(e, level)
        )
        self.index_by_id = {e.id: index for index, e in enumerate(self.exercises)}
        self.emom_ok = tuple(bool(e.emom_options(level)) for e in self.exercises)
        # The athlete's key equipment, the machines as one (`coaching.athlete.key_of`).
        self.owned_keys = owned_keys(equipment)
        owned = frozenset(self.owned_keys)
        # Of every catalogue exercise, for reading histories: the owned keys it uses.
        self.keys_by_id = {
            e.id: keys
            for e in exercises
            if (keys := frozenset(key_of(slug) for slug in e.equipment) & owned)
        }
        self.key_equipment = tuple(
            frozenset(key_of(slug) for slug in e.equipment) & owned for e in self.exercises
        )
        self.using = {
            slug: tuple(i for i, keys in enumerate(self.key_equipment) if slug in keys)
            for slug in self.owned_keys
        }
        self._key_families = {
            slug: frozenset(self.exercises[i].family for i in indices)
            for slug, indices in self.using.items()
        }
        self.by_family: dict[str, list[int]] = {}
        for index, e in enumerate(self.exercises):
            self.by_family.setdefault(e.family, []).append(index)
        self._families = {
            emom: frozenset(
                e.family
                for e, ok in zip(self.exercises, self.emom_ok, strict=True)
                if ok or not emom
            )
            for emom in (False, True)
        }
        self._weights: dict[tuple[int, bool], list[float]] = {}
        # Each exercise's pattern group of the week (push...), None for the others.
        self.groups = tuple(PATTERN_GROUPS.get(e.pattern) for e in self.exercises)
        self._groups = frozenset(self.groups)
        self._modalities = frozenset(e.modality for e in self.exercises)

    def has_group(self, group: str) -> bool:
        """Whether some exercise of the pool is of the week's pattern `group` (push...)."""
        return group in self._groups

    @property
    def modalities(self) -> frozenset[str]:
        return self._modalities

    def weights(self, style: GoalStyle, *, emom: bool) -> list[float]:
        """A fresh list of each exercise's draw weight by the style's modality weights; 0 for
        those that fit no EMOM minute when `emom`."""
        key = (id(style), emom)
        weights = self._weights.get(key)
        if weights is None:
            weights = self._weights[key] = [
                style.modality_weights[e.modality] if ok or not emom else 0.0
                for e, ok in zip(self.exercises, self.emom_ok, strict=True)
            ]
        return weights.copy()

    def families(self, *, emom: bool) -> frozenset[str]:
        """The families of the exercises (those that fit an EMOM minute when `emom`)."""
        return self._families[emom]

    def usable_keys(self, families_left_out: frozenset[str]) -> list[str]:
        """The owned key equipment some exercise outside `families_left_out` uses."""
        return [
            slug for slug in self.owned_keys if not self._key_families[slug] <= families_left_out
        ]

    def emom_uses(self, slug: str) -> bool:
        """Whether some exercise using `slug` fits an EMOM minute at the pool's level."""
        return any(self.emom_ok[i] for i in self.using[slug])


def _session_ceiling(e: Prepared, level: str) -> int:
    return min(
        [e.max_per_session[level]]
        + [ceiling.at(level) for groups, ceiling in CAP_GROUP_CEILINGS if e.cap_group in groups]
    )


def display_name(name: str) -> str:
    """Lowercase for use inside a sentence, keeping acronyms (GHD) and proper adjectives."""
    return " ".join(
        word
        if (len(word) > 1 and word.isupper()) or word.lower() in _PROPER_WORDS
        else word.lower()
        for word in name.split()
    )


def pluralise(name: str) -> str:
    """The plural of a movement name: the last word of the part before any parenthesis."""
    head, bracket, tail = name.partition(" (")
    words = head.split(" ")
    words[-1] = _plural_word(words[-1])
    return " ".join(words) + bracket + tail


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower.count("-") >= 2 or not lower[-1:].isalpha():
        return word  # toes-to-bar, shoulder-to-overhead, sandbag over-the-shoulder
    if lower.endswith(("ss", "sh", "ch", "x", "z")):
        return word + "es"
    if lower.endswith("s"):
        return word  # already plural, e.g. "walking lunges"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
