import datetime
from decimal import Decimal

from django.core import signing
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaching.vocabulary import ScoreType
from coachsite.serializers import StrictInputMixin
from users.models import RxCategory
from wods.models import (
    PartKind,
    Wod,
    WodExercise,
    WodFormat,
    WodPartMovement,
    WodRequest,
    WodResult,
)
from wods.selectors import (
    SessionPart,
    wod_movement_rx,
    wod_movement_scaled,
    wod_score_type,
    wod_session_minutes,
    wod_session_parts,
)
from wods.services import DAILY_MAX_PAGE_SIZE


class WodRequestCreateInputSerializer(StrictInputMixin, serializers.Serializer):
    for_date = serializers.DateField(
        required=False,
        help_text="The day the WOD is for; when omitted, today on the athlete's own clock "
        "(their profile's `time_zone`).",
    )


class WodRequestSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    wod_id = serializers.SerializerMethodField()
    # A code, never the text of an internal exception: that stays in the logs and the admin.
    last_error = serializers.ChoiceField(
        source="last_error_code",
        choices=WodRequest.ErrorCode.choices,
        allow_blank=True,
        read_only=True,
        help_text=(
            "Why the last delivery failed, as a code: `simulated_failure` (the simulated flaky "
            "dependency; retried), `generation_failed` (an internal error generating or "
            "storing the WOD; retried, and its detail is in the service's logs); empty when "
            "no delivery failed."
        ),
    )

    class Meta:
        model = WodRequest
        fields = [
            "id",
            "status",
            "for_date",
            "source",
            "attempts",
            "last_error",
            "wod_id",
            "created_at",
            "updated_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, request: WodRequest) -> str:
        path = reverse("wod-request-detail", kwargs={"pk": request.pk})
        http_request = self.context.get("request")
        return http_request.build_absolute_uri(path) if http_request else path

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_wod_id(self, request: WodRequest) -> int | None:
        wod = getattr(request, "wod", None)
        return wod.pk if wod is not None else None


class WodRequestAcceptedSerializer(WodRequestSerializer):
    class Meta(WodRequestSerializer.Meta):
        fields = ["id", "status", "for_date", "url"]
        read_only_fields = fields


class DailyCursorField(serializers.CharField):
    """Where a page of the daily run ends: the instant the run began (at which every zone's
    local date and hour are read) and the last user id of the page, signed, so only what this
    endpoint answered is taken back (for two days)."""

    SALT = "wods.daily-run-cursor"
    MAX_AGE = datetime.timedelta(days=2)
    default_error_messages = {"invalid": "Not a cursor this endpoint answered, or too old."}

    def to_internal_value(self, data) -> tuple[datetime.datetime, int]:
        try:
            as_of, user_id = signing.loads(
                super().to_internal_value(data), salt=self.SALT, max_age=self.MAX_AGE
            )
            as_of = datetime.datetime.fromisoformat(as_of)
        except (signing.BadSignature, TypeError, ValueError):
            self.fail("invalid")
        # A cursor of the runs that served one date for everyone carried that date alone.
        if as_of.tzinfo is None:
            self.fail("invalid")
        return as_of, int(user_id)

    @classmethod
    def make(cls, *, as_of: datetime.datetime, last_user_id: int) -> str:
        return signing.dumps([as_of.isoformat(), last_user_id], salt=cls.SALT)


class DailyWodRequestsInputSerializer(StrictInputMixin, serializers.Serializer):
    cursor = DailyCursorField(
        required=False,
        allow_null=True,
        help_text="The `next_cursor` of the previous page; without it, a new run's first page.",
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=DAILY_MAX_PAGE_SIZE,
        help_text="Users looked at in this page, the due athletes among them served; "
        "WOD_DAILY_PAGE_SIZE (10,000) when omitted.",
    )


class DailyWodRequestsSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField(
        read_only=True,
        help_text="The instant the run began; every page of the run reads the athletes' "
        "clocks at it.",
    )
    for_dates = serializers.ListField(
        child=serializers.DateField(),
        read_only=True,
        help_text="The local dates of the time zones past WOD_DAILY_LOCAL_HOUR at `as_of`: "
        "each due athlete's request is for the date on their own clock.",
    )
    created = serializers.IntegerField(
        read_only=True,
        help_text="Daily requests this call created (one per due athlete of the page without "
        "one for their local date).",
    )
    existing = serializers.IntegerField(
        read_only=True,
        help_text="Due athletes of the page who already had their daily request for their "
        "local date.",
    )
    queued = serializers.IntegerField(
        read_only=True,
        help_text="The page's daily requests the broker confirmed now; the rest stay pending.",
    )
    next_cursor = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Send it back as `cursor` for the next page; null when this was the last.",
    )


# Results
# ------------------------------------------------------------------------------

SCORE_HELP = {
    "time_seconds": "For Time (score type `time`): the time taken, in seconds, within the cap.",
    "rounds": "AMRAP (`rounds_reps`): the rounds finished.",
    "reps": "AMRAP (`rounds_reps`): the reps of the unfinished round; EMOM (`reps`): the reps "
    "done; For Time, when capped: the reps done at the cap, instead of a time.",
    "load_kg": '`load`: the load lifted, in kg (a string, e.g. "102.5").',
    "calories": "`calories`: the calories done.",
}
# Past any score the clock allows; the real bounds come from the WOD (wods/scores.py).
MAX_SCORE = 100_000


class WodResultInputSerializer(StrictInputMixin, serializers.Serializer):
    """A result: the score in the WOD's score type, Rx or scaled, and how it felt."""

    time_seconds = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_SCORE,
        help_text=SCORE_HELP["time_seconds"],
    )
    rounds = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_SCORE,
        help_text=SCORE_HELP["rounds"],
    )
    reps = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_SCORE,
        help_text=SCORE_HELP["reps"],
    )
    load_kg = serializers.DecimalField(
        required=False,
        allow_null=True,
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.5"),
        help_text=SCORE_HELP["load_kg"],
    )
    calories = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_SCORE,
        help_text=SCORE_HELP["calories"],
    )
    rx = serializers.BooleanField(help_text="Done as prescribed (true) or scaled (false).")
    scale = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text='A scaled result\'s tier, e.g. "scaled" or "foundations"; empty when Rx.',
    )
    rpe = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=10,
        help_text="Rate of perceived exertion: 1 (easy) to 10 (maximal).",
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    performed_at = serializers.DateTimeField(
        required=False,
        help_text="When the WOD was done; now when omitted. Never in the future.",
    )


# The score types, as the schema lists them.
SCORE_TYPE_CHOICES = [(score_type.value, score_type.label) for score_type in ScoreType]


class WodResultBriefSerializer(serializers.ModelSerializer):
    """A result as its WOD shows it."""

    url = serializers.HyperlinkedIdentityField(view_name="wod-result-detail")
    score_type = serializers.SerializerMethodField()
    capped = serializers.SerializerMethodField()

    class Meta:
        model = WodResult
        fields = [
            "id",
            "url",
            "score_type",
            "time_seconds",
            "capped",
            "rounds",
            "reps",
            "load_kg",
            "calories",
            "rx",
            "scale",
            "rpe",
            "notes",
            "performed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=SCORE_TYPE_CHOICES))
    def get_score_type(self, result: WodResult) -> str:
        return wod_score_type(wod=result.wod)

    @extend_schema_field(serializers.BooleanField())
    def get_capped(self, result: WodResult) -> bool:
        """A For Time not finished within its cap, so scored by its reps."""
        return wod_score_type(wod=result.wod) == ScoreType.TIME and result.time_seconds is None


class WodResultSerializer(WodResultBriefSerializer):
    """A result with its WOD's id, link and format."""

    wod_id = serializers.IntegerField(read_only=True)
    wod_url = serializers.HyperlinkedRelatedField(
        source="wod", view_name="wod-detail", read_only=True
    )
    wod_format = serializers.ChoiceField(
        source="wod.format", choices=WodFormat.choices, read_only=True
    )

    class Meta(WodResultBriefSerializer.Meta):
        fields = [
            *WodResultBriefSerializer.Meta.fields[:2],
            "wod_id",
            "wod_url",
            "wod_format",
            *WodResultBriefSerializer.Meta.fields[2:],
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VolumeSerializer(serializers.Serializer):
    reps = serializers.IntegerField(read_only=True)
    metres = serializers.IntegerField(read_only=True)
    calories = serializers.IntegerField(read_only=True)
    seconds = serializers.IntegerField(read_only=True, help_text="Of holds and timed efforts.")


class ModalityVolumeSerializer(serializers.Serializer):
    weightlifting = VolumeSerializer(read_only=True)
    gymnastics = VolumeSerializer(read_only=True)
    monostructural = VolumeSerializer(read_only=True)


class WeekStatsSerializer(serializers.Serializer):
    week_start = serializers.DateField(
        read_only=True, help_text="The week's Monday, on the athlete's own clock."
    )
    sessions = serializers.IntegerField(read_only=True, help_text="Results logged that week.")
    minutes = serializers.FloatField(
        read_only=True,
        help_text="Minutes trained: a For Time's time (its cap when capped), an AMRAP's or "
        "EMOM's clock.",
    )
    training_load = serializers.FloatField(
        read_only=True,
        help_text="Minutes x RPE, summed over the sessions logged with an RPE.",
    )
    volume = ModalityVolumeSerializer(
        read_only=True,
        help_text="By modality, the units of the WODs' movements the results say were done.",
    )


class AthleteStatsSerializer(serializers.Serializer):
    time_zone = serializers.CharField(read_only=True, help_text="The clock the weeks follow.")
    weeks = WeekStatsSerializer(many=True, read_only=True, help_text="Oldest first, this one last.")


class RxLoadSerializer(serializers.Serializer):
    load_kg = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, read_only=True, help_text="Men's Rx."
    )
    load_women_kg = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, read_only=True, help_text="Women's Rx."
    )


class ScaledOptionSerializer(serializers.Serializer):
    exercise_id = serializers.IntegerField(read_only=True)
    exercise = serializers.CharField(read_only=True)
    load_kg = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        allow_null=True,
        read_only=True,
        help_text="The scaled load; null when the exercise takes none.",
    )


class WodMovementSerializer(serializers.Serializer):
    """A movement of any part: the athlete's own prescription, the catalogue's Rx and the
    scaled option. The serializer's context holds the athlete's `rx_category`."""

    order = serializers.IntegerField(read_only=True)
    exercise_id = serializers.IntegerField(source="exercise.id", read_only=True)
    exercise = serializers.CharField(source="exercise.name", read_only=True)
    modality = serializers.CharField(source="exercise.modality", read_only=True)
    sets = serializers.SerializerMethodField(
        help_text="Strength and skill blocks: the sets of the prescription; null in a metcon."
    )
    reps = serializers.IntegerField(read_only=True, allow_null=True)
    distance_m = serializers.IntegerField(read_only=True, allow_null=True)
    calories = serializers.IntegerField(read_only=True, allow_null=True)
    seconds = serializers.IntegerField(read_only=True, allow_null=True)
    load_kg = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="The athlete's prescribed load, men's column.",
    )
    load_women_kg = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="The athlete's prescribed load, women's column.",
    )
    load_for_you_kg = serializers.SerializerMethodField(
        help_text="The prescribed load of the athlete's `rx_category` (women's or men's); "
        "null when it is unspecified, or the movement takes no load."
    )
    note = serializers.SerializerMethodField(help_text='How to do it, e.g. "at RPE 7".')
    rx = serializers.SerializerMethodField(help_text="The catalogue's Rx loads, men and women.")
    scaled = serializers.SerializerMethodField(
        help_text="The scaled option: the catalogue's scaled substitute (or the same exercise) "
        "at its scaled load."
    )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_sets(self, movement: WodExercise | WodPartMovement) -> int | None:
        return getattr(movement, "sets", None)

    @extend_schema_field(serializers.CharField())
    def get_note(self, movement: WodExercise | WodPartMovement) -> str:
        return getattr(movement, "note", "")

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True))
    def get_load_for_you_kg(self, movement: WodExercise | WodPartMovement) -> str | None:
        category = self.context.get("rx_category")
        load = {RxCategory.MEN: movement.load_kg, RxCategory.WOMEN: movement.load_women_kg}.get(
            category
        )
        return None if load is None else f"{load:.1f}"

    @extend_schema_field(RxLoadSerializer)
    def get_rx(self, movement: WodExercise | WodPartMovement) -> dict:
        return RxLoadSerializer(wod_movement_rx(movement=movement)).data

    @extend_schema_field(ScaledOptionSerializer)
    def get_scaled(self, movement: WodExercise | WodPartMovement) -> dict:
        return ScaledOptionSerializer(wod_movement_scaled(movement=movement)).data


class WodPartSerializer(serializers.Serializer):
    """A part of the session, in order, with its minutes on the session's clock; the metcon
    part also carries the metcon's fields, which are null on every other part (the metcon's
    own clock, For Time's cap or an AMRAP's, EMOM's or intervals' length, is the WOD's
    `minutes`)."""

    kind = serializers.ChoiceField(choices=PartKind.choices, read_only=True)
    minutes = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)
    movements = WodMovementSerializer(many=True, read_only=True)
    format = serializers.ChoiceField(
        source="metcon.format", choices=WodFormat.choices, read_only=True, allow_null=True
    )
    rounds = serializers.IntegerField(source="metcon.rounds", read_only=True, allow_null=True)
    score_type = serializers.SerializerMethodField()
    expected_seconds = serializers.IntegerField(
        source="metcon.expected_seconds", read_only=True, allow_null=True
    )
    expected_rounds = serializers.DecimalField(
        source="metcon.expected_rounds",
        max_digits=4,
        decimal_places=1,
        read_only=True,
        allow_null=True,
    )
    stimulus = serializers.CharField(source="metcon.stimulus", read_only=True, allow_null=True)
    rep_scheme = serializers.CharField(source="metcon.rep_scheme", read_only=True, allow_null=True)
    work_seconds = serializers.IntegerField(
        source="metcon.work_seconds", read_only=True, allow_null=True
    )
    rest_seconds = serializers.IntegerField(
        source="metcon.rest_seconds", read_only=True, allow_null=True
    )

    @extend_schema_field(serializers.ChoiceField(choices=SCORE_TYPE_CHOICES, allow_null=True))
    def get_score_type(self, part: SessionPart) -> str | None:
        return None if part.metcon is None else wod_score_type(wod=part.metcon)


class WodSerializer(serializers.ModelSerializer):
    """A WOD: its top-level fields describe the metcon (as they always did), `parts` the whole
    session in order."""

    user_email = serializers.EmailField(source="user.email", read_only=True)
    request_id = serializers.UUIDField(read_only=True)
    movements = serializers.SerializerMethodField(help_text="The metcon's movements, in order.")
    score_type = serializers.SerializerMethodField(
        help_text="What a result measures; null on a rest day, which takes no result."
    )
    # A slug, or empty: the model's SlugField would tell the schema it is never empty.
    benchmark = serializers.CharField(
        read_only=True, help_text="The named benchmark this metcon is (e.g. fran), or empty."
    )
    session_minutes = serializers.SerializerMethodField(
        help_text="The whole session, warm-up to cool-down: the sum of its parts' minutes."
    )
    parts = serializers.SerializerMethodField(help_text="The session's parts, in order.")
    results = WodResultBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Wod
        fields = [
            "id",
            "request_id",
            "user_email",
            "for_date",
            "created_at",
            "format",
            "time_domain",
            "minutes",
            "rounds",
            "score_type",
            "intensity",
            "benchmark",
            "rep_scheme",
            "work_seconds",
            "rest_seconds",
            "session_minutes",
            "description",
            "stimulus",
            "expected_seconds",
            "expected_rounds",
            "movements",
            "parts",
            "results",
            "seed",
            "generator_version",
        ]
        read_only_fields = fields

    def _movement_context(self, wod: Wod) -> dict:
        return {**self.context, "rx_category": wod.user.rx_category}

    @extend_schema_field(WodMovementSerializer(many=True))
    def get_movements(self, wod: Wod) -> list:
        return WodMovementSerializer(
            wod.movements.all(), many=True, context=self._movement_context(wod)
        ).data

    @extend_schema_field(serializers.ChoiceField(choices=SCORE_TYPE_CHOICES, allow_null=True))
    def get_score_type(self, wod: Wod) -> str | None:
        return wod_score_type(wod=wod)

    @extend_schema_field(serializers.IntegerField())
    def get_session_minutes(self, wod: Wod) -> int:
        return wod_session_minutes(wod=wod)

    @extend_schema_field(WodPartSerializer(many=True))
    def get_parts(self, wod: Wod) -> list:
        return WodPartSerializer(
            wod_session_parts(wod=wod), many=True, context=self._movement_context(wod)
        ).data


class BenchmarkBestSerializer(serializers.Serializer):
    result = serializers.SerializerMethodField(help_text="The result's URL.")
    wod = serializers.SerializerMethodField(help_text="Its WOD's URL.")
    score = serializers.CharField(read_only=True, help_text='As a coach writes it: "4:12".')
    performed_on = serializers.DateField(read_only=True, help_text="On the athlete's clock.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_result(self, best) -> str:
        return api_reverse("wod-result-detail", best.result_id, self.context.get("request"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_wod(self, best) -> str:
        return api_reverse("wod-detail", best.wod_id, self.context.get("request"))


def api_reverse(view_name: str, pk: int, request) -> str:
    url = reverse(view_name, kwargs={"pk": pk})
    return request.build_absolute_uri(url) if request is not None else url


class BenchmarkSerializer(serializers.Serializer):
    slug = serializers.CharField(source="benchmark.slug", read_only=True)
    name = serializers.CharField(source="benchmark.name", read_only=True)
    hero = serializers.BooleanField(source="benchmark.hero", read_only=True)
    format = serializers.ChoiceField(
        source="benchmark.format", choices=WodFormat.choices, read_only=True
    )
    score_type = serializers.ChoiceField(
        source="benchmark.score_type", choices=SCORE_TYPE_CHOICES, read_only=True
    )
    rx = serializers.CharField(
        source="benchmark.rx", read_only=True, help_text="As published; loads women's/men's."
    )
    scaled = serializers.CharField(source="benchmark.scaled", read_only=True)
    results = serializers.IntegerField(read_only=True, help_text="Results you logged for it.")
    last_done_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The last date it was one of your WODs."
    )
    best_rx = BenchmarkBestSerializer(read_only=True, allow_null=True)
    best_scaled = BenchmarkBestSerializer(read_only=True, allow_null=True)
