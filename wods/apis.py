from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wods.filters import WodFilter, WodRequestFilter
from wods.models import Wod, WodRequest
from wods.permissions import CanRequestDailyWods
from wods.selectors import wod_list_for_user, wod_request_list_for_user
from wods.serializers import (
    DailyCursorField,
    DailyWodRequestsInputSerializer,
    DailyWodRequestsSerializer,
    WodRequestAcceptedSerializer,
    WodRequestCreateInputSerializer,
    WodRequestSerializer,
    WodSerializer,
)
from wods.services import wod_request_create, wod_requests_create_daily

IDEMPOTENCY_HEADER = "Idempotency-Key"


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
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                {"type": "string", "minLength": 1, "maxLength": 255},
                OpenApiParameter.HEADER,
                required=False,
                description="A client retry with the same key returns the first request.",
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        serializer = WodRequestCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is not None and not 1 <= len(key) <= 255:
            raise serializers.ValidationError(
                {IDEMPOTENCY_HEADER: "Must be between 1 and 255 characters."}
            )
        wod_request, _ = wod_request_create(
            user=request.user,
            for_date=serializer.validated_data.get("for_date"),
            idempotency_key=key,
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
    """The caller's WODs, newest first, each with its movements in order."""

    serializer_class = WodSerializer
    filterset_class = WodFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Wod.objects.none()
        return wod_list_for_user(user=self.request.user)
