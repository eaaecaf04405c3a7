import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from coaching.generator import RECENT_WODS_CONSIDERED, AthleteProfile, CatalogueExercise
from exercises.models import Exercise
from users.models import User, normalize_email_address
from wods.broker.connection import BROKER_ERRORS, broker_connection
from wods.broker.messages import WodMessage
from wods.broker.stats import QueueDepth, queue_depths
from wods.broker.topology import Topology
from wods.models import Wod, WodExercise, WodRequest


def wod_request_list_for_user(*, user: User) -> QuerySet[WodRequest]:
    return WodRequest.objects.filter(user=user).select_related("wod")


def wod_list_for_user(
    *,
    user: User,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Wod]:
    wods = (
        Wod.objects.filter(user=user).select_related("user").prefetch_related("movements__exercise")
    )
    if date_from is not None:
        wods = wods.filter(for_date__gte=date_from)
    if date_to is not None:
        wods = wods.filter(for_date__lte=date_to)
    return wods


@dataclass(frozen=True, slots=True)
class CatalogueFingerprint:
    """Changes whenever the active catalogue does; see `wods.catalogue.ActiveCatalogue`."""

    active_exercises: int
    last_change: datetime.datetime | None


def wod_catalogue_fingerprint() -> CatalogueFingerprint:
    """How many exercises are active and when the latest of them was saved (one query)."""
    return CatalogueFingerprint(
        **Exercise.objects.filter(is_active=True).aggregate(
            active_exercises=Count("pk"), last_change=Max("updated_at")
        )
    )


def wod_catalogue() -> tuple[CatalogueExercise, ...]:
    """The active exercises as the generator sees them (two queries)."""
    equipment: dict[int, set[str]] = defaultdict(set)
    for exercise_id, slug in Exercise.equipment.through.objects.filter(
        exercise__is_active=True
    ).values_list("exercise_id", "equipment__slug"):
        equipment[exercise_id].add(slug)
    return tuple(
        CatalogueExercise(
            id=row["id"],
            name=row["name"],
            modality=row["modality"],
            difficulty=row["difficulty"],
            primary_muscle_group=row["primary_muscle_group__slug"],
            equipment=frozenset(equipment[row["id"]]),
            measurement=row["measurement"],
            load_kg=float(row["load_kg"]) if row["load_kg"] is not None else None,
        )
        for row in Exercise.objects.filter(is_active=True)
        .order_by("id")
        .values(
            "id",
            "name",
            "modality",
            "difficulty",
            "primary_muscle_group__slug",
            "measurement",
            "load_kg",
        )
    )


def athlete_profiles(*, users: Iterable[User]) -> dict[int, AthleteProfile]:
    users = list(users)
    equipment: dict[int, set[str]] = defaultdict(set)
    for user_id, slug in User.equipment.through.objects.filter(
        user_id__in=[user.pk for user in users]
    ).values_list("user_id", "equipment__slug"):
        equipment[user_id].add(slug)
    return {
        user.pk: AthleteProfile(
            goal=user.goal, level=user.level, equipment=frozenset(equipment[user.pk])
        )
        for user in users
    }


def wod_recent_exercise_ids(*, user_ids: Iterable[int]) -> dict[int, list[list[int]]]:
    """Per user, the exercise ids of the last WODs the generator considers, most recent first
    (two queries in all)."""
    recent = (
        Wod.objects.filter(user_id__in=list(user_ids))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("user_id")],
                order_by=[F("for_date").desc(), F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=RECENT_WODS_CONSIDERED)
        .values_list("id", "user_id", "rank")
    )
    wod_slots = {wod_id: (user_id, rank) for wod_id, user_id, rank in recent}
    history: dict[int, list[list[int]]] = defaultdict(
        lambda: [[] for _ in range(RECENT_WODS_CONSIDERED)]
    )
    for wod_id, exercise_id in (
        WodExercise.objects.filter(wod_id__in=list(wod_slots))
        .order_by("wod_id", "order")
        .values_list("wod_id", "exercise_id")
    ):
        user_id, rank = wod_slots[wod_id]
        history[user_id][rank - 1].append(exercise_id)
    return {user_id: [ids for ids in wods if ids] for user_id, wods in history.items()}


@dataclass(frozen=True, slots=True)
class RequestCounts:
    by_status: dict[str, int]  # every status present, in the order of WodRequest.Status
    by_source: dict[str, int]  # every source present, in the order of WodRequest.Source


def wod_request_counts() -> RequestCounts:
    """How many requests there are by status and by source, in one GROUP BY."""
    by_status = dict.fromkeys(WodRequest.Status.values, 0)
    by_source = dict.fromkeys(WodRequest.Source.values, 0)
    for status, source, count in (
        WodRequest.objects.order_by().values_list("status", "source").annotate(count=Count("pk"))
    ):
        by_status[status] += count
        by_source[source] += count
    return RequestCounts(by_status=by_status, by_source=by_source)


def wod_daily_athletes(*, for_date: datetime.date, with_request: bool) -> QuerySet[User]:
    """Active athletes who have (or, with `with_request=False`, lack) a daily request that day.

    The service account (COACH_SERVICE_EMAIL) schedules the daily WODs; it is no athlete.
    """
    # `IN (subquery)` rather than EXISTS: PostgreSQL hashes the subquery's user ids whatever
    # its estimates, while an anti-join planned on statistics taken before a bulk insert of
    # the day's requests can turn into a nested loop, quadratic in the number of athletes.
    has_request = Q(
        pk__in=WodRequest.objects.filter(source=WodRequest.Source.DAILY, for_date=for_date).values(
            "user_id"
        )
    )
    athletes = User.objects.filter(is_active=True).exclude(
        email=normalize_email_address(settings.COACH_SERVICE_EMAIL)
    )
    return athletes.filter(has_request if with_request else ~has_request)


# Messages against their requests
# ------------------------------------------------------------------------------


def wod_message_mismatch(*, message: WodMessage, request: WodRequest | None) -> str | None:
    """Why `message` does not describe `request` (its row, with the user loaded), or None.

    The row is trusted, never the message: anyone who can publish could name another
    athlete's request. A message that does not match is malformed, whatever else befalls it.
    """
    if request is None:
        return "unknown request"
    if request.user.email != normalize_email_address(message.user_email):
        return "user_email does not match the request's user"
    if request.for_date != message.for_date:
        return "for_date does not match the request"
    return None


def wod_message_mismatches(*, messages: Sequence[WodMessage]) -> list[str | None]:
    """`wod_message_mismatch` for each message, in order, from one query."""
    requests = (
        WodRequest.objects.select_related("user")
        .only("id", "for_date", "user__email")
        .in_bulk([message.request_id for message in messages])
    )
    return [
        wod_message_mismatch(message=message, request=requests.get(message.request_id))
        for message in messages
    ]


# The broker
# ------------------------------------------------------------------------------

# A probe must answer before the prober gives up (usually 5-10 s).
BROKER_CHECK_TIMEOUT_SECONDS = 2


def broker_check() -> str | None:
    """None when RabbitMQ accepts an AMQP connection, else the error's type (for /readyz/)."""
    try:
        with broker_connection(role="probe", timeout=BROKER_CHECK_TIMEOUT_SECONDS):
            pass
    except BROKER_ERRORS as error:
        return type(error).__name__
    return None


@dataclass(frozen=True, slots=True)
class QueueOverview:
    queue: str  # `wods.generate`'s name
    max_length: int  # its configured length limit (WOD_QUEUE_MAX_LENGTH)
    depths: dict[str, QueueDepth]  # keyed by "generate" and "dead"; empty when `error` is set
    error: Exception | None = None  # why the broker could not say

    @property
    def broker_error(self) -> str:
        return "" if self.error is None else f"{type(self.error).__name__}: {self.error}"


def wod_queue_overview() -> QueueOverview:
    """How full `wods.generate` and `wods.dead` are, or why the broker could not say."""
    topology = Topology.from_settings()
    limits = {"queue": topology.queue, "max_length": topology.max_length}
    try:
        return QueueOverview(**limits, depths=queue_depths(topology=topology))
    except BROKER_ERRORS as error:
        return QueueOverview(**limits, depths={}, error=error)
