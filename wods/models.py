import uuid

from django.conf import settings
from django.db import models

from coaching import vocabulary
from coachsite.choices import text_choices

WodFormat = text_choices(vocabulary.WodFormat, module=__name__)
TimeDomain = text_choices(vocabulary.TimeDomain, module=__name__)
ScoreType = text_choices(vocabulary.ScoreType, module=__name__)
Intensity = text_choices(vocabulary.Intensity, module=__name__)
PartKind = text_choices(vocabulary.PartKind, module=__name__)


class WodRequest(models.Model):
    """One ask for a WOD. Its id is the AMQP `message_id`, so every delivery finds its row."""

    class Source(models.TextChoices):
        USER = "user", "Asked by the user"
        DAILY = "daily", "Daily schedule"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending (not yet on the queue)"
        QUEUED = "queued", "Queued"
        DONE = "done", "Done"
        DEAD = "dead", "Dead-lettered"

    class ErrorCode(models.TextChoices):
        """What athletes are told of a failed delivery (the API's `last_error`); the detail
        stays in `last_error`, for the logs and the admin."""

        SIMULATED_FAILURE = "simulated_failure", "The simulated flaky dependency failed"
        GENERATION_FAILED = "generation_failed", "Generating or storing the WOD failed"
        DELIVERIES_EXHAUSTED = (
            "deliveries_exhausted",
            "RabbitMQ dead-lettered it: its deliveries ran out, some on consumers that stopped",
        )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wod_requests"
    )
    for_date = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.USER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0, help_text="Deliveries that failed.")
    last_error = models.TextField(
        blank=True, help_text="The last failure in full: for the admin, never shown to athletes."
    )
    last_error_code = models.CharField(
        max_length=32, choices=ErrorCode.choices, blank=True, default=""
    )
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        # The cron service account's one right (wods.permissions.DAILY_WODS_PERMISSION).
        permissions = [("request_daily_wods", "Can request every athlete's daily WOD")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "for_date"],
                condition=models.Q(source="daily"),
                name="wods_request_one_daily_per_user_and_date",
            ),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="wods_request_unique_idempotency_key_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="wods_request_status_created"),
            models.Index(fields=["user", "-created_at"], name="wods_request_user_created"),
        ]

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"

    @property
    def user_email(self) -> str:
        """The owner's address, which a message about this request must carry."""
        return self.user.email


class Wod(models.Model):
    """A generated Workout of the Day. Exactly one per fulfilled request.

    Its own fields describe the metcon (a rest day's format is `rest`, with no movements);
    the whole session is its parts (`WodPart`), in order. A WOD stored before sessions had
    parts has none: it is read as one metcon part (`wods.selectors.wod_parts`).
    """

    request = models.OneToOneField(WodRequest, on_delete=models.CASCADE, related_name="wod")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wods"
    )
    for_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    format = models.CharField(max_length=10, choices=WodFormat.choices)
    time_domain = models.CharField(max_length=10, choices=TimeDomain.choices)
    minutes = models.PositiveSmallIntegerField(help_text="AMRAP/EMOM length, or For Time cap.")
    rounds = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For Time only.")
    description = models.CharField(max_length=500)
    # Room for a day's reason and a benchmark's last score beside the stimulus itself.
    stimulus = models.CharField(
        max_length=500, blank=True, default="", help_text="The intended stimulus (version 2 on)."
    )
    expected_seconds = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For Time: the expected time at the athlete's level; AMRAP and EMOM: the "
        "clock. Empty for WODs of generator version 1.",
    )
    expected_rounds = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="AMRAP only: the rounds expected at the athlete's level.",
    )
    score_type = models.CharField(
        max_length=12,
        choices=ScoreType.choices,
        blank=True,
        default="",
        help_text="What a result measures; empty on a rest day, and on WODs stored before "
        "score types, which are scored by their format.",
    )
    intensity = models.CharField(
        max_length=10, choices=Intensity.choices, default=Intensity.MODERATE
    )
    benchmark = models.SlugField(
        max_length=40,
        blank=True,
        default="",
        db_index=False,  # the partial index below serves the reads
        help_text="The named benchmark this metcon is (e.g. fran), or empty.",
    )
    rep_scheme = models.CharField(
        max_length=60, blank=True, default="", help_text='Descending reps: e.g. "21-15-9".'
    )
    work_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Intervals and Tabata: the work of one set."
    )
    rest_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Intervals and Tabata: the rest after each set."
    )
    seed = models.BigIntegerField(help_text="Seed of the generator's random numbers.")
    generator_version = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "wods"
        ordering = ["-for_date", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-for_date", "-created_at"], name="wods_user_date"),
            # The generator's read of each athlete's last date of every benchmark.
            models.Index(
                fields=["user", "benchmark", "-for_date"],
                condition=~models.Q(benchmark=""),
                name="wods_user_benchmark_date",
            ),
        ]

    def __str__(self) -> str:
        return f"WOD {self.pk} for {self.for_date}"


class WodExercise(models.Model):
    """One movement of a WOD, in order, with its prescription."""

    wod = models.ForeignKey(Wod, on_delete=models.CASCADE, related_name="movements")
    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="wod_movements"
    )
    order = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    calories = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    load_kg = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, help_text="Men's load."
    )
    load_women_kg = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Women's load; empty for WODs of generator version 1.",
    )

    class Meta:
        db_table = "wod_exercises"
        ordering = ["wod", "order"]
        constraints = [
            models.UniqueConstraint(fields=["wod", "order"], name="wod_exercises_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.exercise_id}"


class WodPart(models.Model):
    """One part of a WOD's session (warm-up, strength or skill, metcon, recovery, cool-down),
    in order. The metcon part's movements are the WOD's own (`WodExercise`), not rows here."""

    # The (wod, order) unique index serves every read by WOD: no index of its own.
    wod = models.ForeignKey(Wod, on_delete=models.CASCADE, related_name="parts", db_index=False)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=PartKind.choices)
    minutes = models.PositiveSmallIntegerField(help_text="On the clock, transitions included.")
    description = models.CharField(max_length=500)

    class Meta:
        db_table = "wod_parts"
        ordering = ["wod", "order"]
        constraints = [
            models.UniqueConstraint(fields=["wod", "order"], name="wod_parts_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_kind_display()} ({self.minutes} min)"


class WodPartMovement(models.Model):
    """One movement of a part other than the metcon, in order, with its prescription."""

    # The (part, order) unique index serves every read by part: no index of its own.
    part = models.ForeignKey(
        WodPart, on_delete=models.CASCADE, related_name="movements", db_index=False
    )
    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="wod_part_movements"
    )
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Strength and skill: e.g. 5 (sets of `reps`)."
    )
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    calories = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    load_kg = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, help_text="Men's load."
    )
    load_women_kg = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, help_text="Women's load."
    )
    note = models.CharField(
        max_length=200, blank=True, default="", help_text='How to do it: e.g. "at RPE 7".'
    )

    class Meta:
        db_table = "wod_part_movements"
        ordering = ["part", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "order"], name="wod_part_movements_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.exercise_id}"


class WodResult(models.Model):
    """How one of an athlete's WODs went: the score in the WOD's score type, Rx or scaled,
    how hard it felt (RPE). An athlete may log a WOD more than once."""

    wod = models.ForeignKey(Wod, on_delete=models.CASCADE, related_name="results")
    # The WOD's athlete, kept on the row so their results are read without the WODs.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="wod_results",
        verbose_name="athlete",
    )
    time_seconds = models.PositiveIntegerField(null=True, blank=True)
    rounds = models.PositiveIntegerField(null=True, blank=True)
    reps = models.PositiveIntegerField(
        null=True, blank=True, help_text="For Time: the reps done at the cap, if capped."
    )
    load_kg = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    calories = models.PositiveIntegerField(null=True, blank=True)
    rx = models.BooleanField(help_text="Done as prescribed; otherwise scaled.")
    scale = models.CharField(max_length=40, blank=True, help_text="A scaled result's tier.")
    rpe = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Rate of perceived exertion, 1 (easy) to 10 (maximal)."
    )
    notes = models.TextField(max_length=2000, blank=True)
    performed_at = models.DateTimeField()
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "wod_results"
        ordering = ["-performed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rpe__isnull=True) | models.Q(rpe__gte=1, rpe__lte=10),
                name="wod_results_rpe_1_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(time_seconds__isnull=False)
                | models.Q(rounds__isnull=False)
                | models.Q(reps__isnull=False)
                | models.Q(load_kg__isnull=False)
                | models.Q(calories__isnull=False),
                name="wod_results_have_a_score",
            ),
            models.CheckConstraint(
                condition=models.Q(rx=False) | models.Q(scale=""),
                name="wod_results_only_scaled_name_a_scale",
            ),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="wod_results_unique_idempotency_key_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-performed_at"], name="wod_results_user_performed"),
        ]

    def __str__(self) -> str:
        return f"Result {self.pk} of WOD {self.wod_id}"
