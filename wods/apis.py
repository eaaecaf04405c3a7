from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from wods.filters import WodFilter, WodRequestFilter, WodResultFilter
from wods.models import Wod, WodRequest, WodResult
from wods.permissions import CanRequestDailyWods
from wods.selectors import (
    benchmark_list_for_user,
    wod_list_for_user,
    wod_request_list_for_user,
    wod_result_list_for_user,
    wod_result_weekly_stats,
)
from wods.serializers import (
    AthleteStatsSerializer,
    BenchmarkSerializer,
    DailyCursorField,
    DailyWodRequestsInputSerializer,
    DailyWodRequestsSerializer,
    WodRequestAcceptedSerializer,
    WodRequestCreateInputSerializer,
    WodRequestSerializer,
    WodResultInputSerializer,
    WodResultSerializer,
    WodSerializer,
)
from wods.services import (
    wod_request_create,
    wod_requests_create_daily,
    wod_result_create,
    wod_result_delete,
    wod_result_update,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(request) -> str | None:
    """The request's Idempotency-Key header (1 to 255 characters), if it has one."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is not None and not 1 <= len(key) <= 255:
        raise serializers.ValidationError(
            {IDEMPOTENCY_HEADER: "Must be between 1 and 255 characters."}
        )
    return key


def idempotency_parameter(*, retry_gets: str) -> OpenApiParameter:
    return OpenApiParameter(
        IDEMPOTENCY_HEADER,
        {"type": "string", "minLength": 1, "maxLength": 255},
        OpenApiParameter.HEADER,
        required=False,
        description=f"A client retry with the same key returns {retry_gets}.",
    )


class WodRequestViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Ask for a WOD and follow the request: `pending` → `queued` → `done` (or `dead`).

    Only the caller's own requests are visible; another user's id is a 404.
    """

    serializer_class = WodRequestSerializer
    filterset_class = WodRequestFilter
    ordering_fields = ["created_at", "for_date"]

    @property
    def throttle_scope(self) -> str | None:
        # Asking for WODs is throttled per user; reading them is not.
        return "wod_request" if self.action == "create" else None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return WodRequest.objects.none()
        return wod_request_list_for_user(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return WodRequestCreateInputSerializer
        if self.action == "daily":
            return DailyWodRequestsInputSerializer
        return WodRequestSerializer

    @extend_schema(
        request=WodRequestCreateInputSerializer,
        responses={202: WodRequestAcceptedSerializer},
        parameters=[idempotency_parameter(retry_gets="the first request")],
    )
    def create(self, request, *args, **kwargs):
        serializer = WodRequestCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wod_request, _ = wod_request_create(
            user=request.user,
            for_date=serializer.validated_data.get("for_date"),
            idempotency_key=idempotency_key(request),
        )
        output = WodRequestAcceptedSerializer(wod_request, context={"request": request})
        return Response(output.data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=DailyWodRequestsInputSerializer, responses={202: DailyWodRequestsSerializer}
    )
    @action(detail=False, methods=["post"], permission_classes=[CanRequestDailyWods])
    def daily(self, request):
        """One page of the hourly run: a `daily` request for every due athlete of the page
        who has none for their local date, published.

        An athlete is due once their own clock (their profile's `time_zone`) has passed
        WOD_DAILY_LOCAL_HOUR (5 o'clock); their request is for the date on that clock. For
        the cron service account: it needs the `wods.request_daily_wods` permission. Pages
        follow user ids: call without a cursor for the first, then send each answer's
        `next_cursor` back until it is null; the cursor carries the instant the run began,
        at which every page reads the clocks. Every page is safe to repeat, and a run can
        start over at any time: what exists is counted, not made again. The answer counts
        what was created, what already existed, and what the broker confirmed (the rest is
        left to the relay).
        """
        serializer = DailyWodRequestsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cursor = serializer.validated_data.get("cursor")
        as_of, after_user_id = cursor or (None, 0)
        result = wod_requests_create_daily(
            as_of=as_of,
            after_user_id=after_user_id,
            page_size=serializer.validated_data.get("page_size"),
        )
        next_cursor = (
            None
            if result.last_user_id is None
            else DailyCursorField.make(as_of=result.as_of, last_user_id=result.last_user_id)
        )
        output = DailyWodRequestsSerializer({**asdict(result), "next_cursor": next_cursor})
        return Response(output.data, status=status.HTTP_202_ACCEPTED)


class WodViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's WODs, newest first, each with its movements in order and its results."""

    serializer_class = WodSerializer
    filterset_class = WodFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Wod.objects.none()
        return wod_list_for_user(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "results":
            return WodResultInputSerializer
        return WodSerializer

    @extend_schema(
        request=WodResultInputSerializer,
        responses={201: WodResultSerializer},
        parameters=[idempotency_parameter(retry_gets="the first result, with a 201 again")],
    )
    @action(detail=True, methods=["post"])
    def results(self, request, *args, **kwargs):
        """Log a result of this WOD, in its score type (`score_type` in the answer).

        For Time (`time`): `time_seconds`, or when capped the `reps` done at the cap; AMRAP
        (`rounds_reps`): `rounds` and the `reps` of the unfinished round; EMOM (`reps`):
        `reps`. A score of another type, a negative one or one the clock does not allow (a
        For Time faster than its work can be done, more AMRAP rounds than fit its minutes)
        is a 400 naming the field.
        """
        wod = self.get_object()
        serializer = WodResultInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = idempotency_key(request)
        result, _ = wod_result_create(wod=wod, idempotency_key=key, **serializer.validated_data)
        if result.wod_id != wod.pk:
            raise serializers.ValidationError(
                {IDEMPOTENCY_HEADER: "Already used for a result of another WOD."}
            )
        output = WodResultSerializer(result, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class WodResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's results, newest first; `PATCH` and `DELETE` one of them.

    Another athlete's result is a 404. Log a result with `POST /api/wods/{id}/results/`.
    """

    serializer_class = WodResultSerializer
    filterset_class = WodResultFilter
    ordering_fields = ["performed_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return WodResult.objects.none()
        return wod_result_list_for_user(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return WodResultInputSerializer
        return WodResultSerializer

    @extend_schema(request=WodResultInputSerializer, responses=WodResultSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change any of the result's fields; the score as it stands after the change is
        checked as a new one is (set a score field to null to take it out)."""
        serializer = WodResultInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        result = wod_result_update(result=self.get_object(), changes=serializer.validated_data)
        return Response(WodResultSerializer(result, context={"request": request}).data)

    def destroy(self, request, *args, **kwargs):
        """Delete the result; its WOD stays."""
        wod_result_delete(result=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AthleteStatsApi(APIView):
    """The caller's last 12 weeks, on their own clock: per week, sessions logged, minutes,
    training load (minutes x RPE) and volume per modality (the reps, metres, calories and
    seconds of the WODs' movements that their results say were done)."""

    @extend_schema(responses=AthleteStatsSerializer)
    def get(self, request):
        weeks = wod_result_weekly_stats(user=request.user)
        output = AthleteStatsSerializer({"time_zone": request.user.time_zone, "weeks": weeks})
        return Response(output.data)


class BenchmarkViewSet(viewsets.ViewSet):
    """The named benchmark WODs (Fran, Grace, Murph...): each as published (Rx, women's/men's
    loads) and scaled, with your best Rx and best scaled result and the last date it was one
    of your WODs. Coach programs one about every 3-4 weeks, and brings each back for a
    retest."""

    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]+"

    # `**kwargs`: the router's format suffixes (`/api/benchmarks.json`) arrive as `format`.
    @extend_schema(responses=BenchmarkSerializer(many=True))
    def list(self, request, **kwargs):
        records = benchmark_list_for_user(user=request.user)
        return Response(BenchmarkSerializer(records, many=True, context={"request": request}).data)

    @extend_schema(responses=BenchmarkSerializer)
    def retrieve(self, request, slug: str, **kwargs):
        records = {
            record.benchmark.slug: record for record in benchmark_list_for_user(user=request.user)
        }
        if slug not in records:
            raise NotFound("No benchmark has this name.")
        return Response(BenchmarkSerializer(records[slug], context={"request": request}).data)
