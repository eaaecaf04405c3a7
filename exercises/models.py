from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coaching import vocabulary
from coachsite.choices import text_choices

Modality = text_choices(vocabulary.Modality, module=__name__)
Measurement = text_choices(vocabulary.Measurement, module=__name__)


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


class Exercise(models.Model):
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
    load_kg = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Reference load for an intermediate athlete; empty when it takes no load.",
    )
    is_active = models.BooleanField(default=True)
    # Stamped by every save; with the count of active exercises it tells a consumer that its
    # catalogue is out of date (wods/catalogue.py).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1, difficulty__lte=5),
                name="exercises_exercise_difficulty_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name
