import dataclasses
import datetime
import logging
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from coaching.athlete import needs_met
from coaching.generator import AthleteProfile, WodGenerator
from coaching.history import History, history_with
from coaching.vocabulary import PartKind
from coaching.wod import GeneratedWod, Movement
from coachsite.bulk import bulk_insert, bulk_insert_numbered
from coachsite.logs import request_extra, request_id_context
from users.models import User
from users.time_zones import local_date, zones_past_hour
from wods.broker.connection import broker_connection
from wods.broker.dead_letters import DeadLetter, Fate, dead_letters_move
from wods.broker.messages import MalformedMessage, WodMessage
from wods.broker.outcomes import Outcome
from wods.broker.publisher import publish_confirmed
from wods.broker.topology import Topology
from wods.catalogue import ActiveCatalogue
from wods.models import Wod, WodExercise, WodPart, WodPartMovement, WodRequest, WodResult
from wods.scores import score_errors
from wods.selectors import (
    athlete_equipment,
    wod_daily_page,
    wod_histories,
    wod_message_mismatch,
    wod_progressions,
    wod_result_score,
    wod_score_type,
    wod_work,
)

logger = logging.getLogger(__name__)

# Requests claimed, published and committed per transaction: a page of the daily run.
PUBLISH_BATCH_SIZE = 10_000
# The most users a page of the daily run may look at (WOD_DAILY_PAGE_SIZE is the usual).
DAILY_MAX_PAGE_SIZE = 50_000


# Creating and publishing requests
# ------------------------------------------------------------------------------


def wod_request_create(
    *,
    user: User,
    for_date: datetime.date | None = None,
    source: str = WodRequest.Source.USER,
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
) -> tuple[WodRequest, bool]:
    """Record a request, then publish it once the row is committed; returns (request, created).

    Without `for_date`, the WOD is for today on the athlete's own clock (their profile's
    `time_zone`) at `now` (the current time).

    The request comes back `queued` when the broker confirmed its message, else `pending`, for
    `publish_pending_wods`. A retry that carries the same idempotency key gets the first
    request back. Every line logged meanwhile, the publisher's included, carries the new
    request's id.

    Four statements: the INSERT, committed on its own (autocommit), then one transaction that
    claims the row and marks it `queued` in one UPDATE, publishes, and commits only once the
    broker confirmed (`_request_publish`). The row must be committed before its message goes
    out, so this cannot run inside another transaction: the claim's durable block refuses to,
    before anything is published, and the caller's transaction takes the INSERT back with it.
    """
    if idempotency_key:
        existing = WodRequest.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    request_id = uuid.uuid4()
    with request_id_context(request_id):
        try:
            request = WodRequest.objects.create(
                id=request_id,
                user=user,
                for_date=for_date or local_date(time_zone=user.time_zone, at=now or timezone.now()),
                source=source,
                idempotency_key=idempotency_key or "",
            )
        except IntegrityError:
            if not idempotency_key:
                raise
            # Two retries with one key raced; the loser returns the winner's request.
            return WodRequest.objects.get(user=user, idempotency_key=idempotency_key), False
        logger.info("[API] WOD request created for %s (source %s)", request.for_date, source)
        request.status = _request_publish(request=request)
    return request, True


def _request_publish(*, request: WodRequest) -> str:
    """Publish one committed `pending` request; returns the status to answer with.

    The UPDATE claims the row (its lock makes the relay's SKIP LOCKED pass it by) and marks it
    `queued` at once; no one sees that before the commit, which follows the broker's confirm.
    Without a confirm the transaction is rolled back: the row is `pending` again, for the
    relay. A row that is no longer `pending` was published by the relay meanwhile (it was
    older than WOD_PENDING_GRACE_SECONDS): it is not published twice, and is read back.
    """
    with transaction.atomic(durable=True):
        claimed = WodRequest.objects.filter(pk=request.pk, status=WodRequest.Status.PENDING).update(
            status=WodRequest.Status.QUEUED, updated_at=timezone.now()
        )
        if not claimed:
            return WodRequest.objects.values_list("status", flat=True).get(pk=request.pk)
        result = publish_confirmed(
            [
                WodMessage(
                    request_id=request.id, user_email=request.user.email, for_date=request.for_date
                )
            ]
        )
        if result.confirmed:
            return WodRequest.Status.QUEUED
        transaction.set_rollback(True)
    logger.warning(
        "[RabbitMQ] Publish failed, request %s stays pending: %s", request.id, result.failure
    )
    return WodRequest.Status.PENDING


@dataclass(frozen=True, slots=True)
class DailyRequests:
    """What one page of the daily run did."""

    as_of: datetime.datetime  # the instant the run began, at which every clock is read
    for_dates: list[datetime.date]  # the local dates of the zones past the daily hour then
    created: int  # daily requests this call inserted
    existing: int  # due athletes of the page who had theirs already
    queued: int  # the page's daily requests the broker confirmed now
    last_user_id: int | None  # where the next page starts; None: this was the last page


def wod_requests_create_daily(
    *,
    as_of: datetime.datetime | None = None,
    after_user_id: int = 0,
    page_size: int | None = None,
) -> DailyRequests:
    """One page of the daily run: a `daily` request for each due athlete among the
    `page_size` (WOD_DAILY_PAGE_SIZE) users after `after_user_id` who has none for their
    local date, published.

    An athlete is due when, at `as_of` (now), their own clock (their `time_zone`) shows
    WOD_DAILY_LOCAL_HOUR o'clock or later; their request is for the date on that clock. The
    cron job runs every hour, so each athlete is served in the first run after their local
    hour, and again in none that day. Every page of a run reads the clocks at the instant
    the run began (its cursor carries it), so a run that goes past the hour, or past an
    athlete's midnight, serves one consistent set of zones and dates.

    The run is these pages in user id order, each bounded whatever the number of athletes,
    each safe to repeat: the rows go in with one insert that skips the ones the
    one-daily-request-per-user-and-date constraint refuses, so a second or concurrent run
    makes no duplicate, and only rows this call inserted count as created. After the commit,
    the page's `pending` daily requests for those dates (a failed earlier run's too) are
    published with batched confirms; `queued` counts those the broker confirmed, the others
    stay `pending` for the relay. The rows must be committed before their messages go out,
    so this cannot run inside another transaction.
    """
    as_of = as_of or timezone.now()
    page_size = page_size or settings.WOD_DAILY_PAGE_SIZE
    due = zones_past_hour(at=as_of, hour=settings.WOD_DAILY_LOCAL_HOUR)
    with transaction.atomic(durable=True):
        page = wod_daily_page(due=due, after=after_user_id, size=page_size)
        created = len(
            bulk_insert(
                WodRequest,
                [
                    {
                        "id": uuid.uuid4(),
                        "user_id": user_id,
                        "for_date": for_date,
                        "source": WodRequest.Source.DAILY,
                    }
                    for user_id, for_date in page.without_request
                ],
                returning="id",
                skip_conflicts=True,
            )
        )
    queued = 0
    if due:
        in_page = WodRequest.objects.filter(
            source=WodRequest.Source.DAILY, for_date__in=list(due), user_id__gt=after_user_id
        )
        if page.last_user_id is not None:
            in_page = in_page.filter(user_id__lte=page.last_user_id)
        queued = _requests_publish(requests=in_page)
    return DailyRequests(
        as_of=as_of,
        for_dates=list(due),
        created=created,
        existing=page.with_request + len(page.without_request) - created,
        queued=queued,
        last_user_id=page.last_user_id,
    )


def wod_requests_publish(
    *, request_ids: Sequence[uuid.UUID] | None = None, older_than: datetime.datetime | None = None
) -> int:
    """Publish `pending` requests and mark them `queued`; returns how many were published."""
    requests = WodRequest.objects.all()
    if request_ids is not None:
        requests = requests.filter(pk__in=request_ids)
    if older_than is not None:
        requests = requests.filter(created_at__lte=older_than)
    return _requests_publish(requests=requests)


def _requests_publish(*, requests: QuerySet[WodRequest]) -> int:
    """Publish the `pending` ones among `requests`, in batches; returns how many were published.

    Each batch is claimed and marked `queued` in one statement (`_requests_claim`), published,
    and committed; the requests the broker did not confirm are set back to `pending` first,
    so nobody ever sees `queued` before a confirm, and the reason is logged: the relay tries
    again later.
    """
    published = 0
    while True:
        with transaction.atomic():
            batch = _requests_claim(requests=requests, limit=PUBLISH_BATCH_SIZE)
            if not batch:
                return published
            result = publish_confirmed(batch)
            unconfirmed = [
                message.request_id
                for message in batch
                if message.request_id not in result.confirmed
            ]
            if unconfirmed:
                WodRequest.objects.filter(pk__in=unconfirmed).update(
                    status=WodRequest.Status.PENDING
                )
            published += len(result.confirmed)
        if result.failure:
            logger.warning(
                "[RabbitMQ] Publish failed, %d request(s) stay pending (first %s): %s",
                len(unconfirmed),
                unconfirmed[0] if unconfirmed else batch[0].request_id,
                result.failure,
            )
            return published
        if len(batch) < PUBLISH_BATCH_SIZE:
            return published


def _requests_claim(*, requests: QuerySet[WodRequest], limit: int) -> list[WodMessage]:
    """Claim up to `limit` `pending` requests among `requests`, oldest first, and mark them
    `queued`, in one UPDATE … RETURNING; returns their messages.

    The rows stay locked, and the mark unseen, until the caller's transaction ends; rows
    another transaction holds (the API publishing its own request, another relay) are
    skipped, so no two processes ever publish one request. Written out because Django's
    `update()` returns no rows.
    """
    candidates = (
        requests.filter(status=WodRequest.Status.PENDING)
        .order_by("created_at")
        .select_for_update(skip_locked=True, of=("self",))
        .values("pk")[:limit]
    )
    subquery, params = candidates.query.sql_with_params()
    quote = connection.ops.quote_name
    table, users = quote(WodRequest._meta.db_table), quote(User._meta.db_table)
    with connection.cursor() as cursor:
        # The email comes from a subquery: SQLite's RETURNING sees only the updated table.
        cursor.execute(
            f"UPDATE {table} SET status = %s, updated_at = %s WHERE id IN ({subquery}) "
            f"RETURNING id, (SELECT email FROM {users} WHERE {users}.id = {table}.user_id), "
            "for_date",
            [WodRequest.Status.QUEUED, timezone.now(), *params],
        )
        rows = cursor.fetchall()
    # SQLite hands back text: the fields turn it into what PostgreSQL's driver gives.
    id_field, date_field = WodRequest._meta.get_field("id"), WodRequest._meta.get_field("for_date")
    return [
        WodMessage(
            request_id=id_field.to_python(request_id),
            user_email=email,
            for_date=date_field.to_python(for_date),
        )
        for request_id, email, for_date in rows
    ]


def wod_requests_publish_pending() -> int:
    """The outbox relay: publish every request left `pending` for more than the grace period."""
    grace = datetime.timedelta(seconds=settings.WOD_PENDING_GRACE_SECONDS)
    return wod_requests_publish(older_than=timezone.now() - grace)


@dataclass(frozen=True, slots=True)
class Retry:
    retried: int  # requests that were `pending` or `dead`, now `pending` again
    published: int  # of those, confirmed on `wods.generate`; the rest wait for the relay


def wod_requests_retry(*, request_ids: Sequence[uuid.UUID]) -> Retry:
    """Send the given `pending` and `dead` requests to the queue again; others are left alone.

    A dead request's old dead letter may still sit in `wods.dead`: that is safe, since the
    consumer never makes a second WOD for a request already done (and the replay drops such a
    letter). Requests the broker does not confirm stay `pending`, for the relay.
    """
    retried = WodRequest.objects.filter(
        pk__in=request_ids, status__in=[WodRequest.Status.PENDING, WodRequest.Status.DEAD]
    ).update(status=WodRequest.Status.PENDING, updated_at=timezone.now())
    return Retry(retried=retried, published=wod_requests_publish(request_ids=request_ids))


# Fulfilling requests (called by the consumer)
# ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fulfilment:
    outcome: Outcome  # DONE, DUPLICATE or MALFORMED
    wod_id: int | None = None
    reason: str = ""


def wod_seed(*, request_id: uuid.UUID) -> int:
    """The generator's seed for a request: a redelivery regenerates the very same WOD."""
    return request_id.int & (2**63 - 1)


@transaction.atomic
def wod_requests_fulfil(
    *,
    messages: Sequence[WodMessage],
    attempts: Sequence[int],
    catalogue: ActiveCatalogue | None = None,
) -> list[Fulfilment]:
    """Generate and store one WOD for each message's request, in one transaction.

    Each request row is locked first; a request already `done` (or met earlier in the same
    batch) is a duplicate delivery and gets no second WOD, which the one-to-one `Wod.request`
    guards too. A message whose request is unknown, or whose email or date contradicts the
    row, is malformed (`wod_message_mismatch`). `attempts[i]` is the delivery number of
    `messages[i]`; the result is in the order of `messages`.

    `catalogue` is the caller's `ActiveCatalogue`, kept from call to call so the catalogue is
    read again only when it changed; without it, the catalogue is read for this call.

    The statements do not grow with the batch: the locking read and the athletes' equipment
    (profiles are read with their requests, so an edited one counts from the next WOD on),
    the histories, one INSERT per table of a WOD, and one UPDATE per delivery number
    (usually one).
    """
    requests = _requests_lock(request_ids=[message.request_id for message in messages])
    results: list[Fulfilment] = []
    to_generate: dict[uuid.UUID, tuple[RequestToFulfil, int]] = {}
    for message, attempt in zip(messages, attempts, strict=True):
        request = requests.get(message.request_id)
        if mismatch := wod_message_mismatch(message=message, request=request):
            results.append(Fulfilment(Outcome.MALFORMED, reason=mismatch))
        elif request.status == WodRequest.Status.DONE or request.id in to_generate:
            results.append(Fulfilment(Outcome.DUPLICATE))
        else:
            to_generate[request.id] = (request, attempt)
            results.append(Fulfilment(Outcome.DONE))
    if not to_generate:
        return results

    wods = wods_generate(
        requests=[request for request, _ in to_generate.values()],
        generator=(catalogue or ActiveCatalogue()).generator(),
    )
    wod_ids = wods_store(wods=wods)
    now = timezone.now()
    by_attempt: dict[int, list[uuid.UUID]] = defaultdict(list)
    for request, attempt in to_generate.values():
        by_attempt[attempt].append(request.id)
    for attempt, request_ids in by_attempt.items():
        WodRequest.objects.filter(pk__in=request_ids).update(
            status=WodRequest.Status.DONE, attempts=attempt, updated_at=now
        )
    return [
        Fulfilment(Outcome.DONE, wod_id=wod_ids[message.request_id])
        if result.outcome is Outcome.DONE
        else result
        for message, result in zip(messages, results, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class RequestToFulfil:
    """A request as generating its WOD needs it, with its athlete's profile."""

    id: uuid.UUID
    status: str
    for_date: datetime.date
    created_at: datetime.datetime
    user_id: int
    user_email: str
    source: str  # a WodRequest.Source
    profile: AthleteProfile


def _requests_lock(*, request_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, RequestToFulfil]:
    """Lock the requests' rows and read them with their athletes' profiles (two queries).

    Rows are locked in id order, as every consumer locks them, so two never deadlock. The
    profile is read with the request, never kept from an earlier batch: an athlete's edit
    counts from their next WOD on.
    """
    rows = list(
        WodRequest.objects.select_for_update(of=("self",))
        .filter(pk__in=request_ids)
        .order_by("pk")
        .values_list(
            "id",
            "status",
            "for_date",
            "created_at",
            "user_id",
            "user__email",
            "source",
            "user__goal",
            "user__level",
            "user__session_minutes",
            "user__training_days_per_week",
            "user__has_wall",
            "user__has_open_space",
        )
    )
    equipment = athlete_equipment(user_ids={row[4] for row in rows})
    return {
        request_id: RequestToFulfil(
            id=request_id,
            status=status,
            for_date=for_date,
            created_at=created_at,
            user_id=user_id,
            user_email=email,
            source=source,
            profile=AthleteProfile(
                goal=goal,
                level=level,
                equipment=equipment.get(user_id, frozenset()),
                session_minutes=session_minutes,
                training_days_per_week=training_days,
                space=needs_met(has_wall=has_wall, has_open_space=has_open_space),
            ),
        )
        for (
            request_id,
            status,
            for_date,
            created_at,
            user_id,
            email,
            source,
            goal,
            level,
            session_minutes,
            training_days,
            has_wall,
            has_open_space,
        ) in rows
    }


@dataclass(frozen=True, slots=True)
class PartRows:
    """A part of a session as rows to insert: its `wod_parts` row (without the WOD's id) and
    its movements' rows (without the part's id); a metcon part has none of its own."""

    part: dict[str, object]
    movements: list[dict[str, object]]


@dataclass(frozen=True, slots=True)
class WodRows:
    """A generated WOD as rows to insert: its `wods` row and the rows that hang off it, each a
    mapping of field names to values (see `coachsite.bulk`)."""

    wod: dict[str, object]
    movements: list[dict[str, object]]
    parts: list[PartRows]


def wods_generate(*, requests: Sequence[RequestToFulfil], generator: WodGenerator) -> list[WodRows]:
    """Generate a WOD for each request, as rows not yet stored; four queries (the histories,
    and the progression the athletes' results call for).

    A later request of the same athlete in the batch sees the WODs generated before it, in
    date and creation order, as its most recent ones.
    """
    histories = wod_histories(user_ids={request.user_id for request in requests})
    last_days: dict[int, datetime.date] = {}
    for request in requests:
        last_days[request.user_id] = max(
            request.for_date, last_days.get(request.user_id, request.for_date)
        )
    for user_id, progression in wod_progressions(until=last_days).items():
        histories[user_id] = dataclasses.replace(
            histories.get(user_id, History()),
            load_factors=progression.load_factors,
            acute_chronic=progression.acute_chronic,
            benchmark_scores=progression.benchmark_scores,
        )
    generated = []
    for request in sorted(requests, key=lambda request: (request.for_date, request.created_at)):
        seed = wod_seed(request_id=request.id)
        history = histories.get(request.user_id, History())
        result = generator.generate(
            profile=request.profile,
            history=history,
            day=request.for_date,
            requested=request.source == WodRequest.Source.USER,
            rng=random.Random(seed),
        )
        # Later requests of the same user in this batch see this WOD as their previous one.
        histories[request.user_id] = history_with(history, wod=result, for_date=request.for_date)
        generated.append(
            wod_rows_build(
                wod=result,
                request_id=request.id,
                user_id=request.user_id,
                for_date=request.for_date,
                seed=seed,
            )
        )
    return generated


def wod_rows_build(
    *,
    wod: GeneratedWod,
    request_id: uuid.UUID,
    user_id: int,
    for_date: datetime.date,
    seed: int,
) -> WodRows:
    """The rows that store a generated session for a request (see `wods_store`)."""
    return WodRows(
        wod={
            "request_id": request_id,
            "user_id": user_id,
            "for_date": for_date,
            "format": wod.format,
            "time_domain": wod.time_domain,
            "minutes": wod.minutes,
            "rounds": wod.rounds,
            "description": wod.description,
            "stimulus": wod.stimulus,
            "expected_seconds": wod.expected_seconds,
            "expected_rounds": wod.expected_rounds,
            "score_type": wod.score_type or "",
            "intensity": wod.intensity,
            "benchmark": wod.benchmark,
            "rep_scheme": "-".join(map(str, wod.rep_scheme)),
            "work_seconds": wod.work_seconds,
            "rest_seconds": wod.rest_seconds,
            "seed": seed,
            "generator_version": wod.generator_version,
        },
        movements=[_movement_row(movement) for movement in wod.movements],
        parts=[
            PartRows(
                part={
                    "order": order,
                    "kind": part.kind,
                    "minutes": part.minutes,
                    "description": part.description,
                },
                movements=[]
                if part.kind == PartKind.METCON
                else [
                    {**_movement_row(movement), "sets": movement.sets, "note": movement.note}
                    for movement in part.movements
                ],
            )
            for order, part in enumerate(wod.parts, start=1)
        ],
    )


def _movement_row(movement: Movement) -> dict[str, object]:
    return {
        "exercise_id": movement.exercise_id,
        "order": movement.order,
        "reps": movement.reps,
        "distance_m": movement.distance_m,
        "calories": movement.calories,
        "seconds": movement.seconds,
        "load_kg": movement.load_kg,
        "load_women_kg": movement.load_women_kg,
    }


def wods_store(*, wods: Sequence[WodRows]) -> dict[uuid.UUID, int]:
    """Insert the WODs, then every row hanging off them: one INSERT per table (the WODs,
    their metcon movements, their parts, the parts' movements), whatever the number of WODs
    or of rows per WOD; on PostgreSQL each INSERT is a COPY, the new WODs' and parts' ids
    drawn from their sequences first. Returns each request's new WOD id."""
    wod_ids = bulk_insert_numbered(Wod, [rows.wod for rows in wods])
    bulk_insert(
        WodExercise,
        [
            {**movement, "wod_id": wod_id}
            for rows, wod_id in zip(wods, wod_ids, strict=True)
            for movement in rows.movements
        ],
    )
    parts = [
        (wod_id, part) for rows, wod_id in zip(wods, wod_ids, strict=True) for part in rows.parts
    ]
    part_ids = bulk_insert_numbered(
        WodPart, [{**part.part, "wod_id": wod_id} for wod_id, part in parts]
    )
    bulk_insert(
        WodPartMovement,
        [
            {**movement, "part_id": part_id}
            for (_, part), part_id in zip(parts, part_ids, strict=True)
            for movement in part.movements
        ],
    )
    return {rows.wod["request_id"]: wod_id for rows, wod_id in zip(wods, wod_ids, strict=True)}


@dataclass(frozen=True, slots=True)
class Failure:
    message: WodMessage
    attempt: int
    code: WodRequest.ErrorCode  # what the athlete is shown
    error: str  # the detail, for the admin
    final: bool


def wod_requests_record_failures(*, failures: Sequence[Failure]) -> None:
    """Note each failed delivery on its request; the last allowed one makes the request `dead`.

    Only a message that describes its request (`wod_message_mismatch`) is noted: a forged one
    naming someone else's request changes nothing. A `done` request is never touched either:
    a late failure of a duplicate delivery changes nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        requests = _requests_lock(request_ids=[failure.message.request_id for failure in failures])
        for failure in failures:
            request = requests.get(failure.message.request_id)
            if wod_message_mismatch(message=failure.message, request=request):
                continue
            if request.status == WodRequest.Status.DONE:
                continue
            changes = {
                "attempts": failure.attempt,
                "last_error": failure.error[:1000],
                "last_error_code": failure.code,
            }
            if failure.final:
                changes["status"] = WodRequest.Status.DEAD
            WodRequest.objects.filter(pk=request.id).update(updated_at=now, **changes)


def wod_requests_mark_requeued(*, request_ids: Iterable[uuid.UUID]) -> int:
    """Requests whose dead letters went back to `wods.generate` are `queued` again."""
    return (
        WodRequest.objects.filter(pk__in=list(request_ids))
        .exclude(status=WodRequest.Status.DONE)
        .update(status=WodRequest.Status.QUEUED, updated_at=timezone.now())
    )


# Results
# ------------------------------------------------------------------------------

# A client's clock may run a little ahead of the server's: a result it logs as done "now" is
# not in the future.
PERFORMED_AT_LEEWAY = datetime.timedelta(minutes=5)
# A WOD is done around its date (an athlete may ask for one ahead, or log it late): a result
# dated further from it is a typo (a year 1 or 9999 would not even convert between zones).
PERFORMED_AT_SPAN_DAYS = 366
REST_DAY_TAKES_NO_RESULT = "A rest day has no metcon to score: it takes no result."
# What a result's owner may change.
RESULT_FIELDS = frozenset(
    {"time_seconds", "rounds", "reps", "load_kg", "calories"}
    | {"rx", "scale", "rpe", "notes", "performed_at"}
)


def wod_result_create(
    *,
    wod: Wod,
    rx: bool,
    time_seconds: int | None = None,
    rounds: int | None = None,
    reps: int | None = None,
    load_kg: Decimal | None = None,
    calories: int | None = None,
    scale: str = "",
    rpe: int | None = None,
    notes: str = "",
    performed_at: datetime.datetime | None = None,
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
) -> tuple[WodResult, bool]:
    """Log a result of `wod` for its athlete; returns (result, created).

    The score is in the WOD's score type (`wod_score_type`), and within what its work and
    clock allow (`wods.scores.score_errors`); `performed_at` (default `now`) is not in the
    future, nor more than a year before the WOD's date; only a scaled result names a
    `scale`. Anything else is a `ValidationError` naming each bad field, and nothing is
    stored. A retry that carries the same idempotency key gets the first result back,
    whichever WOD that was for (the caller tells them apart).
    """
    if idempotency_key:
        existing = WodResult.objects.filter(user_id=wod.user_id, idempotency_key=idempotency_key)
        if first := existing.first():
            return first, False
    now = now or timezone.now()
    result = WodResult(
        wod=wod,
        user_id=wod.user_id,
        time_seconds=time_seconds,
        rounds=rounds,
        reps=reps,
        load_kg=load_kg,
        calories=calories,
        rx=rx,
        scale=scale,
        rpe=rpe,
        notes=notes,
        performed_at=performed_at or now,
        idempotency_key=idempotency_key or "",
    )
    _result_check(result=result, now=now)
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        if not idempotency_key:
            raise
        # Two retries with one key raced; the loser returns the winner's result.
        return WodResult.objects.get(user_id=wod.user_id, idempotency_key=idempotency_key), False
    logger.info("[API] Result %s of WOD %s logged", result.pk, wod.pk)
    return result, True


@transaction.atomic
def wod_result_update(
    *,
    result: WodResult,
    changes: Mapping[str, object],
    now: datetime.datetime | None = None,
) -> WodResult:
    """Change the given fields of `result` (RESULT_FIELDS; a score field may be set to None),
    checked as a new result is: the score as it stands after the change must fit the WOD."""
    if unknown := set(changes) - RESULT_FIELDS:
        raise ValueError(f"not fields a result's owner may change: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(result, name, value)
    _result_check(result=result, now=now or timezone.now())
    if changes:
        result.save(update_fields=[*changes, "updated_at"])
    return result


def wod_result_delete(*, result: WodResult) -> None:
    result.delete()


def _result_check(*, result: WodResult, now: datetime.datetime) -> None:
    score_type = wod_score_type(wod=result.wod)
    if score_type is None:
        raise ValidationError(REST_DAY_TAKES_NO_RESULT)
    errors = score_errors(
        score_type=score_type,
        work=wod_work(wod=result.wod),
        score=wod_result_score(result=result),
    )
    performed_on = result.performed_at.astimezone(datetime.UTC).date()
    if result.performed_at > now + PERFORMED_AT_LEEWAY:
        errors["performed_at"] = "In the future: a result is logged once the WOD is done."
    elif (result.wod.for_date - performed_on).days > PERFORMED_AT_SPAN_DAYS:
        errors["performed_at"] = (
            f"More than a year before the WOD's date ({result.wod.for_date}): not a result of it."
        )
    if result.rx and result.scale:
        errors["scale"] = "Only a scaled result names its tier: this one is Rx (`rx`: true)."
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


# The broker: queues and dead letters
# ------------------------------------------------------------------------------


def wod_queues_declare() -> None:
    """Declare the WOD exchanges and queues on the broker (again: declaring is idempotent).

    Raises `TopologyMismatch` when they exist with other arguments, or another of
    `BROKER_ERRORS` when the broker cannot be reached.
    """
    with broker_connection(role="declare") as connection:
        Topology.from_settings().declare(connection.channel())


@dataclass
class ReplayReport:
    replayed: list[uuid.UUID] = field(default_factory=list)
    already_done: list[uuid.UUID] = field(default_factory=list)
    kept: list[tuple[str | None, str]] = field(default_factory=list)  # (message id, reason)

    @property
    def seen(self) -> int:
        return len(self.replayed) + len(self.already_done) + len(self.kept)

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "Would replay" if dry_run else "Replayed"
        return (
            f"{verb} {len(self.replayed)} dead letter(s); {len(self.already_done)} already done; "
            f"{len(self.kept)} kept in the dead queue."
        )


def wod_dead_letters_replay(*, limit: int | None = None, dry_run: bool = False) -> ReplayReport:
    """Send up to `limit` dead letters (those in `wods.dead` at the start) back to the queue.

    A dead letter of a request already `done` is dropped (its WOD exists). One that is not a
    valid request message, or does not describe its request (`wod_message_mismatch`: unknown,
    another athlete's, another date), stays in `wods.dead` and touches no row, with its reason
    in the report. The replayed letters' requests are `queued` again. On a dry run nothing
    moves. Raises one of `BROKER_ERRORS` when the broker fails.
    """
    report = ReplayReport()

    def decide(letter: DeadLetter) -> Fate:
        try:
            message = WodMessage.decode(letter.body, content_type=letter.content_type)
        except MalformedMessage as error:
            report.kept.append((letter.message_id, str(error)))
            return Fate.KEEP
        request = (
            WodRequest.objects.select_related("user")
            .only("status", "for_date", "user__email")
            .filter(pk=message.request_id)
            .first()
        )
        if mismatch := wod_message_mismatch(message=message, request=request):
            report.kept.append((str(message.request_id), mismatch))
            return Fate.KEEP
        if request.status == WodRequest.Status.DONE:
            report.already_done.append(message.request_id)
            return Fate.DROP
        report.replayed.append(message.request_id)
        return Fate.REPLAY

    dead_letters_move(decide=decide, limit=limit, dry_run=dry_run)
    if not dry_run and report.replayed:
        wod_requests_mark_requeued(request_ids=report.replayed)
        for request_id in report.replayed:
            logger.info("[RabbitMQ] Dead letter replayed request_id=%s", request_id)
    return report


# Letters read per reconciliation; past that, the rest wait for the next run.
RECONCILE_LIMIT = 10_000
# The start of `last_error` for a request whose message RabbitMQ dead-lettered while no
# consumer recorded a last failure: its deliveries ran out on consumers that crashed.
BROKER_DEAD_LETTERED = "Dead-lettered by RabbitMQ"


@dataclass
class Reconciliation:
    dropped: list[uuid.UUID] = field(default_factory=list)  # letters of requests already done
    marked_dead: list[uuid.UUID] = field(default_factory=list)  # queued requests now `dead`
    kept: int = 0  # letters left in `wods.dead` for an operator

    def summary(self) -> str:
        return (
            f"Dead letters: {len(self.dropped)} of requests already done dropped, "
            f"{len(self.marked_dead)} request(s) marked dead, {self.kept} kept."
        )


def wod_dead_letters_reconcile(*, limit: int = RECONCILE_LIMIT) -> Reconciliation:
    """Make the requests agree with `wods.dead` (the relay runs this every minute).

    On a quorum queue every delivery counts toward the delivery limit, those that a crashed
    consumer held included, so RabbitMQ may dead-letter a message that never failed and
    nobody records it. So each letter in `wods.dead` (at most `limit`, those there at the
    start) is looked at: one whose request is already `done` is dropped (its WOD exists);
    one whose request is still `queued` makes the request `dead`, with the broker's reason;
    every other letter (a request already `dead`, or `pending` and so published again by
    the relay; a malformed message) stays for an operator. Raises one of `BROKER_ERRORS`
    when the broker fails.
    """
    report = Reconciliation()
    reasons: dict[uuid.UUID, str] = {}

    def decide(letter: DeadLetter) -> Fate:
        try:
            message = WodMessage.decode(letter.body, content_type=letter.content_type)
        except MalformedMessage:
            report.kept += 1
            return Fate.KEEP
        status = (
            WodRequest.objects.filter(pk=message.request_id)
            .values_list("status", flat=True)
            .first()
        )
        if status == WodRequest.Status.DONE:
            report.dropped.append(message.request_id)
            return Fate.DROP
        if status == WodRequest.Status.QUEUED:
            reason = letter.headers.get("x-first-death-reason") or "unknown reason"
            reasons[message.request_id] = f"{BROKER_DEAD_LETTERED} ({reason})"
        report.kept += 1
        return Fate.KEEP

    dead_letters_move(decide=decide, limit=limit)
    now = timezone.now()
    for request_id, reason in reasons.items():
        marked = WodRequest.objects.filter(pk=request_id, status=WodRequest.Status.QUEUED).update(
            status=WodRequest.Status.DEAD,
            last_error=reason,
            last_error_code=WodRequest.ErrorCode.DELIVERIES_EXHAUSTED,
            updated_at=now,
        )
        if marked:
            report.marked_dead.append(request_id)
            logger.warning(
                "[RabbitMQ] %s; request_id=%s marked dead",
                reason,
                request_id,
                extra=request_extra(request_id),
            )
    return report
