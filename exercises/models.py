from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from coaching import vocabulary
from coachsite.choices import text_choices
from exercises.rules import (
    MAX_UNITS,
    SUBSTITUTE_LEVELS,
    VocabularyListValidator,
    exercise_as_substitute_errors,
    exercise_coaching_errors,
)

Modality = text_choices(vocabulary.Modality, module=__name__)
Measurement = text_choices(vocabulary.Measurement, module=__name__)
Role = text_choices(vocabulary.Role, module=__name__)
Pattern = text_choices(vocabulary.Pattern, module=__name__)
CapGroup = text_choices(vocabulary.CapGroup, module=__name__)
Need = text_choices(vocabulary.Need, module=__name__)


class MuscleGroup(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Equipment(models.Model):
    BODYWEIGHT_SLUG = vocabulary.BODYWEIGHT

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self) -> str:
        return self.name


def _load_field(help_text: str) -> models.DecimalField:
    return models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=help_text,
    )


def _pace_field(level: str) -> models.DecimalField:
    return models.DecimalField(
        f"{level} pace (s per unit)",
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=f"Seconds per rep, metre, calorie or second held, at {level} level.",
    )


def _cap_field(level: str, scope: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        f"{level} max per {scope}",
        validators=[MaxValueValidator(MAX_UNITS)],
        help_text=f"Units at most in one {scope} at {level} level; 0: never at this level."
        if scope == "session"
        else f"Units at most in one {scope} (an unbroken set, one effort) at {level} level.",
    )


class Exercise(models.Model):
    """An exercise and its coaching data (docs/CATALOGUE.md explains each field).

    Units follow `measurement`: a rep, a metre, a calorie, or a second held. The cross-field
    rules (`exercises.rules`) run in `clean()` for the admin, and in the API's serializer and
    `load_catalogue` too; the database holds those it can express as CheckConstraints.
    """

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    difficulty = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (anyone, day one) to 5 (elite skill).",
    )
    primary_muscle_group = models.ForeignKey(
        MuscleGroup, on_delete=models.PROTECT, related_name="primary_exercises"
    )
    secondary_muscle_groups = models.ManyToManyField(
        MuscleGroup, blank=True, related_name="secondary_exercises"
    )
    equipment = models.ManyToManyField(
        Equipment, related_name="exercises", help_text="Everything the movement needs."
    )
    measurement = models.CharField(
        max_length=10, choices=Measurement.choices, default=Measurement.REPS
    )
    load_kg = _load_field("Men's Rx load; empty when the movement takes no load.")
    load_women_kg = _load_field("Women's Rx load; set exactly when the men's is.")
    load_scaled_kg = _load_field("Scaled (men's) load for beginners; set exactly when Rx is.")

    # Where it belongs, what it is
    roles = models.JSONField(
        default=list,
        validators=[VocabularyListValidator(vocabulary.Role)],
        help_text="Parts of a session it serves: " + ", ".join(Role.values) + ".",
    )
    pattern = models.CharField(max_length=20, choices=Pattern.choices)
    family = models.SlugField(
        max_length=40,
        help_text="Shared by close variants (run, sprint, shuttle run: run); never two of a "
        "family in a WOD, nor a family of the day before.",
    )

    # Time and volume, per level
    pace_beginner_s = _pace_field("beginner")
    pace_intermediate_s = _pace_field("intermediate")
    pace_advanced_s = _pace_field("advanced")
    min_per_bout = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_UNITS)],
        help_text="The least a bout is worth prescribing, in units (e.g. 100 m of running).",
    )
    max_per_bout_beginner = _cap_field("beginner", "bout")
    max_per_bout_intermediate = _cap_field("intermediate", "bout")
    max_per_bout_advanced = _cap_field("advanced", "bout")
    max_per_session_beginner = _cap_field("beginner", "session")
    max_per_session_intermediate = _cap_field("intermediate", "session")
    max_per_session_advanced = _cap_field("advanced", "session")
    cap_group = models.CharField(
        max_length=20,
        choices=CapGroup.choices,
        blank=True,
        help_text="Capped together with the other movements of its group across a session.",
    )

    # What else it takes
    needs = models.JSONField(
        default=list,
        blank=True,
        validators=[VocabularyListValidator(vocabulary.Need)],
        help_text="What it needs besides equipment: " + ", ".join(Need.values) + ".",
    )
    pairs_with = models.ManyToManyField(
        Equipment,
        blank=True,
        related_name="paired_exercises",
        help_text="Another movement of the WOD must use one of these (bar-facing burpees: "
        "barbell).",
    )
    # Deleting a substitute empties these without saving the exercises that named it; the
    # generator reads only active substitutes, and a deletion changes its fingerprint.
    scaled_substitute = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="What a scaled athlete does instead; no harder than this exercise.",
    )
    beginner_substitute = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="What a beginner does instead; no harder, and open to beginners.",
    )

    is_active = models.BooleanField(default=True)
    # Stamped by every save; with the count of active exercises it tells a consumer that its
    # catalogue is out of date (wods/catalogue.py).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5),
                name="exercises_exercise_difficulty_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(
                    pace_advanced_s__gt=0,
                    pace_intermediate_s__gte=F("pace_advanced_s"),
                    pace_beginner_s__gte=F("pace_intermediate_s"),
                ),
                name="exercises_exercise_pace_slowest_at_beginner",
            ),
            models.CheckConstraint(
                condition=Q(
                    max_per_bout_intermediate__gte=F("max_per_bout_beginner"),
                    max_per_bout_advanced__gte=F("max_per_bout_intermediate"),
                    max_per_session_intermediate__gte=F("max_per_session_beginner"),
                    max_per_session_advanced__gte=F("max_per_session_intermediate"),
                ),
                name="exercises_exercise_caps_grow_with_level",
            ),
            models.CheckConstraint(
                condition=Q(
                    max_per_bout_beginner__lte=F("max_per_session_beginner"),
                    max_per_bout_intermediate__lte=F("max_per_session_intermediate"),
                    max_per_bout_advanced__lte=F("max_per_session_advanced"),
                ),
                name="exercises_exercise_bout_within_session",
            ),
            models.CheckConstraint(
                condition=Q(min_per_bout__gte=1)
                & (Q(max_per_session_beginner=0) | Q(min_per_bout__lte=F("max_per_bout_beginner")))
                & (
                    Q(max_per_session_intermediate=0)
                    | Q(min_per_bout__lte=F("max_per_bout_intermediate"))
                )
                & (Q(max_per_session_advanced=0) | Q(min_per_bout__lte=F("max_per_bout_advanced"))),
                name="exercises_exercise_min_bout_within_max",
            ),
            models.CheckConstraint(
                condition=Q(
                    load_kg__isnull=True, load_women_kg__isnull=True, load_scaled_kg__isnull=True
                )
                | Q(
                    load_kg__isnull=False,
                    load_women_kg__isnull=False,
                    load_scaled_kg__isnull=False,
                    load_women_kg__lte=F("load_kg"),
                    load_scaled_kg__lte=F("load_kg"),
                ),
                name="exercises_exercise_loads_set_together_within_rx",
            ),
            models.CheckConstraint(
                condition=~Q(scaled_substitute=F("pk")) & ~Q(beginner_substitute=F("pk")),
                name="exercises_exercise_substitute_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = exercise_coaching_errors(
            self,
            scaled_substitute=self.scaled_substitute,
            beginner_substitute=self.beginner_substitute,
        )
        for field, messages in exercise_as_substitute_errors(
            self, named_by=self.named_as_substitute_by()
        ).items():
            errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def named_as_substitute_by(self) -> list[tuple["Exercise", str]]:
        """The other exercises naming this one as a substitute, each with the field that does
        (one query; none before the first save)."""
        if self.pk is None:
            return []
        naming = Exercise.objects.filter(
            Q(scaled_substitute=self.pk) | Q(beginner_substitute=self.pk)
        ).exclude(pk=self.pk)
        return [
            (other, field)
            for other in naming
            for field in SUBSTITUTE_LEVELS
            if getattr(other, f"{field}_id") == self.pk
        ]
