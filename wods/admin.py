"""The WOD admin: WODs as the generator wrote them, with their results; requests to follow or
retry, the queues; and each athlete's weekly training load on their page of the user admin."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince

from coaching.benchmarks import BENCHMARKS
from coaching.vocabulary import PartKind, ScoreType
from users.admin import UserAdmin
from users.models import User
from wods.broker import BROKER_ERRORS
from wods.charts import Bar, bar_chart_svg
from wods.models import Wod, WodExercise, WodPartMovement, WodRequest, WodResult
from wods.scores import score_text
from wods.selectors import (
    CHART_UNITS,
    STATS_WEEKS,
    benchmark_scores_for_user,
    wod_movement_rx,
    wod_movement_scaled,
    wod_queue_overview,
    wod_request_counts,
    wod_result_score,
    wod_result_weekly_stats,
    wod_score_type,
    wod_session_minutes,
    wod_session_parts,
)
from wods.services import wod_dead_letters_replay, wod_requests_retry

STATUS_COLOURS = {
    WodRequest.Status.PENDING: "#8a6d00",
    WodRequest.Status.QUEUED: "#1f5fa8",
    WodRequest.Status.DONE: "#2e7d32",
    WodRequest.Status.DEAD: "#b3261e",
}
LAST_ERROR_CHARS = 60
# The benchmark filter's choice for WODs that are no benchmark.
NO_BENCHMARK = "-"


class ReadOnlyInline(admin.TabularInline):
    """Rows the generator or the athletes wrote: shown on their parent's page, never edited."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class WodExerciseInline(ReadOnlyInline):
    """The movements, in order, with their prescription; the generator's, so read-only."""

    model = WodExercise
    fields = [
        "order",
        "exercise",
        "reps",
        "distance_m",
        "calories",
        "seconds",
        "load_kg",
        "load_women_kg",
        "rx",
        "scaled",
    ]
    readonly_fields = fields
    verbose_name = "metcon movement"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exercise__scaled_substitute")

    @admin.display(description="Rx (women / men)")
    def rx(self, movement: WodExercise) -> str:
        return rx_text_of(movement)

    @admin.display(description="scaled")
    def scaled(self, movement: WodExercise) -> str:
        return scaled_text_of(movement)


def number(load: Decimal) -> str:
    """A load as a board shows it: 80, 47.5."""
    return f"{load.normalize():f}"


def kg(load: Decimal) -> str:
    return f"{number(load)} kg"


def rx_text_of(movement: WodExercise | WodPartMovement) -> str:
    """The catalogue's Rx loads, women's first as a board shows them: "29 / 43 kg"."""
    rx = wod_movement_rx(movement=movement)
    if rx.load_kg is None:
        return "-"
    return f"{number(rx.load_women_kg)} / {kg(rx.load_kg)}"


def scaled_text_of(movement: WodExercise | WodPartMovement) -> str:
    """The scaled option: "Power Clean at 43 kg", or the load alone for the same exercise."""
    option = wod_movement_scaled(movement=movement)
    load = "" if option.load_kg is None else kg(option.load_kg)
    if option.exercise_id == movement.exercise_id:
        return load or "-"
    return f"{option.exercise} at {load}" if load else option.exercise


def prescription_text(movement: WodExercise | WodPartMovement) -> str:
    """The athlete's prescription as a coach writes it: "5 x 5 reps at 55 / 80 kg, at RPE 7"."""
    amounts = [
        f"{movement.reps} reps" if movement.reps is not None else "",
        f"{movement.distance_m} m" if movement.distance_m is not None else "",
        f"{movement.calories} cal" if movement.calories is not None else "",
        f"{movement.seconds} s" if movement.seconds is not None else "",
    ]
    text = " ".join(amount for amount in amounts if amount)
    sets = getattr(movement, "sets", None)
    if sets:
        text = f"{sets} x {text}"
    if movement.load_kg is not None:
        women = "" if movement.load_women_kg is None else f"{number(movement.load_women_kg)} / "
        text += f" at {women}{kg(movement.load_kg)}"
    note = getattr(movement, "note", "")
    return f"{text}, {note}" if note else text


def session_table(wod: Wod) -> str:
    """The session as a table: each part in order (kind, minutes, description), then each of
    its movements with the athlete's prescription, the Rx and the scaled option."""
    rows = []
    for order, part in enumerate(wod_session_parts(wod=wod), start=1):
        rows.append(
            format_html(
                '<tr class="session-part part-{}"><th>{}. {}</th><th>{} min</th>'
                '<th colspan="3">{}</th></tr>',
                part.kind,
                order,
                PartKind(part.kind).label,
                part.minutes,
                part.description,
            )
        )
        rows.extend(
            format_html(
                '<tr class="session-movement"><td>{}</td><td></td><td>{}</td><td>{}</td>'
                "<td>{}</td></tr>",
                movement.exercise.name,
                prescription_text(movement),
                rx_text_of(movement),
                scaled_text_of(movement),
            )
            for movement in part.movements
        )
    header = format_html(
        "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
        "part / movement",
        "minutes",
        "prescription",
        "Rx (women / men)",
        "scaled",
    )
    return format_html(
        '<table id="session" class="session">{}<tbody>{}</tbody></table>',
        header,
        # Each row came out of format_html, its values escaped.
        mark_safe("".join(rows)),
    )


def result_score_text(result: WodResult) -> str:
    return score_text(
        score_type=wod_score_type(wod=result.wod), score=wod_result_score(result=result)
    )


def rx_text(result: WodResult) -> str:
    return "Rx" if result.rx else f"Scaled ({result.scale})" if result.scale else "Scaled"


class WodResultInline(ReadOnlyInline):
    """The WOD's results, as the athletes logged them: read-only here."""

    model = WodResult
    fields = ["result_link", "performed_at", "score", "rx_or_scaled", "rpe", "notes"]
    readonly_fields = fields
    verbose_name = "result"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("wod")

    @admin.display(description="result")
    def result_link(self, result: WodResult) -> str:
        return format_html(
            '<a href="{}">Result {}</a>',
            reverse("admin:wods_wodresult_change", args=[result.pk]),
            result.pk,
        )

    @admin.display(description="score")
    def score(self, result: WodResult) -> str:
        return result_score_text(result)

    @admin.display(description="Rx or scaled")
    def rx_or_scaled(self, result: WodResult) -> str:
        return rx_text(result)


class BenchmarkFilter(admin.SimpleListFilter):
    """The named benchmarks WODs were written as, or none."""

    title = "benchmark"
    parameter_name = "benchmark"

    def lookups(self, request, model_admin):
        slugs = (
            Wod.objects.exclude(benchmark="")
            .order_by("benchmark")
            .values_list("benchmark", flat=True)
            .distinct()
        )
        return [(NO_BENCHMARK, "none"), *((slug, slug) for slug in slugs)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(benchmark="" if self.value() == NO_BENCHMARK else self.value())


@admin.register(Wod)
class WodAdmin(admin.ModelAdmin):
    """WODs as generated. Nothing here is editable: a WOD is the record of what was written."""

    list_display = [
        "id",
        "user_email",
        "for_date",
        "format",
        "intensity",
        "benchmark",
        "minutes",
        "rounds",
        "expected",
        "number_of_movements",
        "generator_version",
    ]
    list_filter = [
        "for_date",
        "format",
        "intensity",
        BenchmarkFilter,
        "score_type",
        "user__level",
        "generator_version",
    ]
    search_fields = ["user__email"]
    date_hierarchy = "for_date"
    # Not editable, so shown only when listed here.
    readonly_fields = ["session", "session_minutes", "created_at"]
    inlines = [WodExerciseInline, WodResultInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(movement_count=Count("movements"))
        )

    def get_fieldsets(self, request, obj=None):
        # The session first, as a coach reads it; then the metcon's own fields.
        session = ["session", "session_minutes"]
        fields = [field for field in self.get_fields(request, obj) if field not in session]
        return [("Session", {"fields": session}), ("WOD and metcon", {"fields": fields})]

    @admin.display(description="session")
    def session(self, wod: Wod) -> str:
        return session_table(wod)

    @admin.display(description="session minutes")
    def session_minutes(self, wod: Wod) -> int:
        return wod_session_minutes(wod=wod)

    class Media:
        css = {"all": ["wods/admin.css"]}

    @admin.display(description="user", ordering="user__email")
    def user_email(self, wod: Wod) -> str:
        return wod.user.email

    @admin.display(description="expected")
    def expected(self, wod: Wod) -> str:
        """The expected time (For Time) or rounds (AMRAP); an EMOM's is its clock."""
        if wod.expected_rounds is not None:
            return f"{wod.expected_rounds:g} rounds"
        if wod.expected_seconds is None:
            return "-"  # generator version 1 stored none
        minutes, seconds = divmod(wod.expected_seconds, 60)
        return f"{minutes}:{seconds:02d}"

    @admin.display(description="movements", ordering="movement_count")
    def number_of_movements(self, wod: Wod) -> int:
        return wod.movement_count

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WodResult)
class WodResultAdmin(admin.ModelAdmin):
    """Every athlete's results, as they logged them; staff read them and may delete one,
    never change it."""

    list_display = [
        "id",
        "athlete",
        "wod_link",
        "wod_format",
        "score",
        "rx_or_scaled",
        "rpe",
        "performed_at",
    ]
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        "wod__format",
        "wod__benchmark",
        "performed_at",
        "rx",
    ]
    search_fields = ["user__email"]
    date_hierarchy = "performed_at"
    list_select_related = ["user", "wod"]
    fields = [
        "user",
        "wod_link",
        "score",
        "time_seconds",
        "rounds",
        "reps",
        "load_kg",
        "calories",
        "rx",
        "scale",
        "rpe",
        "notes",
        "performed_at",
        "idempotency_key",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["wod_link", "score", "created_at", "updated_at"]

    @admin.display(description="athlete", ordering="user__email")
    def athlete(self, result: WodResult) -> str:
        return result.user.email

    @admin.display(description="WOD")
    def wod_link(self, result: WodResult) -> str:
        return format_html(
            '<a href="{}">WOD {} ({})</a>',
            reverse("admin:wods_wod_change", args=[result.wod_id]),
            result.wod_id,
            result.wod.for_date,
        )

    @admin.display(description="format", ordering="wod__format")
    def wod_format(self, result: WodResult) -> str:
        return result.wod.get_format_display()

    @admin.display(description="score")
    def score(self, result: WodResult) -> str:
        return result_score_text(result)

    @admin.display(description="Rx or scaled", ordering="rx")
    def rx_or_scaled(self, result: WodResult) -> str:
        return rx_text(result)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# The user admin, with results
# ------------------------------------------------------------------------------

admin.site.unregister(User)


@admin.register(User)
class AthleteAdmin(UserAdmin):
    """The user admin of `users`, with the athlete's weekly training load as a chart.

    Results belong to this app, which `users` may not import: so this app takes the user
    admin over and adds the chart to it.
    """

    readonly_fields = [*UserAdmin.readonly_fields, "training_load_chart", "benchmark_charts"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # the add page: no results yet
            return fieldsets
        return [
            *fieldsets,
            (
                f"Training, last {STATS_WEEKS} weeks",
                {"fields": ["training_load_chart", "benchmark_charts"]},
            ),
        ]

    @admin.display(description="weekly training load")
    def training_load_chart(self, user: User) -> str:
        weeks = wod_result_weekly_stats(user=user)
        bars = [
            Bar(
                label=f"{week.week_start:%d %b}",
                value=week.training_load,
                detail=f"Week of {week.week_start:%d %b %Y}: load {week.training_load:g} "
                f"({week.sessions} sessions, {week.minutes:g} min)",
            )
            for week in weeks
        ]
        return bar_chart_svg(
            bars=bars,
            title=f"Training load per week (minutes x RPE), Monday to Sunday in {user.time_zone}",
            element_id="training-load",
        )

    @admin.display(description="benchmarks")
    def benchmark_charts(self, user: User) -> str:
        names = {benchmark.slug: benchmark.name for benchmark in BENCHMARKS}
        charts = []
        for slug, (score_type, scores) in benchmark_scores_for_user(user=user).items():
            better = "lower" if score_type == ScoreType.TIME else "higher"
            bars = [
                Bar(
                    label=f"{score.performed_on:%d %b}",
                    value=score.value,
                    detail=f"{score.performed_on:%d %b %Y}: {score.score}, "
                    f"{'Rx' if score.rx else 'scaled'}",
                )
                for score in scores
            ]
            charts.append(
                bar_chart_svg(
                    bars=bars,
                    title=f"{names[slug]}: {CHART_UNITS[score_type]}, {better} is better",
                    element_id=f"benchmark-{slug}",
                )
            )
        if not charts:
            return f"No benchmark logged in the last {STATS_WEEKS} weeks."
        # Each chart is safe markup (bar_chart_svg escapes every text it draws).
        return mark_safe("".join(charts))


class ReplayForm(forms.Form):
    limit = forms.IntegerField(
        min_value=1, required=False, help_text="Replay at most this many; empty for all."
    )


@admin.register(WodRequest)
class WodRequestAdmin(admin.ModelAdmin):
    """Requests are written by the API and the consumer; here they are followed and retried."""

    list_display = [
        "short_id",
        "user",
        "for_date",
        "source",
        "coloured_status",
        "attempts",
        "short_last_error",
        "age",
        "wod_link",
    ]
    list_filter = ["status", "source"]
    search_fields = ["user__email", "=id"]
    list_select_related = ["user", "wod"]
    fields = [
        "id",
        "user",
        "for_date",
        "source",
        "status",
        "attempts",
        "last_error",
        "last_error_code",
        "idempotency_key",
        "created_at",
        "updated_at",
        "wod_link",
    ]
    readonly_fields = ["wod_link"]
    actions = ["retry_selected"]

    @admin.display(description="id", ordering="id")
    def short_id(self, request: WodRequest) -> str:
        """The first block of the UUID, enough to tell requests apart; the title has it all."""
        return format_html('<span title="{}">{}</span>', request.id, str(request.id)[:8])

    @admin.display(description="status", ordering="status")
    def coloured_status(self, request: WodRequest) -> str:
        return format_html(
            '<strong style="color: {}">{}</strong>',
            STATUS_COLOURS[request.status],
            request.status,
        )

    @admin.display(description="last error")
    def short_last_error(self, request: WodRequest) -> str:
        return format_html(
            '<span title="{}">{}</span>',
            request.last_error,
            Truncator(request.last_error).chars(LAST_ERROR_CHARS),
        )

    @admin.display(description="age", ordering="-created_at")
    def age(self, request: WodRequest) -> str:
        return timesince(request.created_at)

    @admin.display(description="WOD")
    def wod_link(self, request: WodRequest) -> str:
        wod = getattr(request, "wod", None)
        if wod is None:
            return "-"
        return format_html(
            '<a href="{}">WOD {}</a>', reverse("admin:wods_wod_change", args=[wod.pk]), wod.pk
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_retry_permission(self, request) -> bool:
        """Retrying and replaying change requests: they need the change permission itself."""
        return request.user.has_perm("wods.change_wodrequest")

    @admin.action(description="Retry selected (pending or dead) requests", permissions=["retry"])
    def retry_selected(self, request: HttpRequest, queryset) -> None:
        selected = list(queryset.values_list("pk", flat=True))
        retry = wod_requests_retry(request_ids=selected)
        if retry.published:
            self.message_user(
                request, f"{retry.published} request(s) sent to the queue again.", messages.SUCCESS
            )
        if retry.retried > retry.published:
            self.message_user(
                request,
                f"{retry.retried - retry.published} request(s) stay pending: RabbitMQ did not "
                "confirm them. The relay (publish_pending_wods) sends them later.",
                messages.WARNING,
            )
        if len(selected) > retry.retried:
            self.message_user(
                request,
                f"{len(selected) - retry.retried} request(s) left as they were: only pending "
                "and dead requests are retried.",
                messages.INFO,
            )

    # The queue overview
    # --------------------------------------------------------------------------

    def get_urls(self):
        overview = path(
            "queues/",
            self.admin_site.admin_view(self.queue_overview_view),
            name="wods_wodrequest_queues",
        )
        return [overview, *super().get_urls()]

    def queue_overview_view(self, request: HttpRequest) -> HttpResponse:
        """Queue depths and requests by status; its button replays the dead letters.

        The admin site lets in staff only; the page needs the view permission on requests too,
        as their list does.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ReplayForm()
        if request.method == "POST":
            if not self.has_retry_permission(request):
                raise PermissionDenied
            form = ReplayForm(request.POST)
            if form.is_valid():
                self._replay(request, limit=form.cleaned_data["limit"])
                return redirect("admin:wods_wodrequest_queues")
        overview = wod_queue_overview()
        context = {
            **self.admin_site.each_context(request),
            "title": "Queue overview",
            "opts": self.opts,
            "depths": overview.depths,
            "broker_error": overview.broker_error,
            "status_counts": wod_request_counts().by_status,
            "form": form,
            "can_replay": self.has_retry_permission(request),
        }
        return TemplateResponse(request, "admin/wods/queue_overview.html", context)

    def _replay(self, request: HttpRequest, *, limit: int | None) -> None:
        try:
            report = wod_dead_letters_replay(limit=limit)
        except BROKER_ERRORS as error:
            self.message_user(
                request, f"Nothing replayed: RabbitMQ failed ({error!r}).", messages.ERROR
            )
            return
        self.message_user(request, report.summary(), messages.SUCCESS)
        for message_id, reason in report.kept:
            self.message_user(request, f"Kept {message_id}: {reason}", messages.WARNING)
