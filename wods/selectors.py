import datetime
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, Protocol

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from coaching.benchmarks import BENCHMARKS, Benchmark
from coaching.catalogue import CatalogueExercise, PerLevel
from coaching.generator import RECENT_WODS_CONSIDERED
from coaching.history import History, PastWod
from coaching.vocabulary import Measurement, Modality, PartKind
from exercises.models import Exercise
from exercises.rules import LEVELS, PER_LEVEL_FIELDS, per_level_field
from users.models import User, normalize_email_address
from users.time_zones import local_now, zone
from wods.broker.connection import BROKER_ERRORS, broker_connection
from wods.broker.messages import WodMessage
from wods.broker.stats import QueueDepth, queue_depths
from wods.broker.topology import Topology
from wods.models import Wod, WodExercise, WodPartMovement, WodRequest, WodResult
from wods.scores import (
    FORMAT_SCORE_TYPES,
    Piece,
    Score,
    ScoreType,
    WodWork,
    score_rank,
    score_text,
    units_scored,
)


def wod_request_list_for_user(*, user: User) -> QuerySet[WodRequest]:
    return WodRequest.objects.filter(user=user).select_related("wod")


# What reading a WOD's whole session takes: its metcon movements, its parts with theirs, and
# each movement's exercise with the substitute a scaled athlete does.
WOD_SESSION_PREFETCH = (
    "movements__exercise__scaled_substitute",
    "parts__movements__exercise__scaled_substitute",
)


@dataclass(frozen=True, slots=True)
class SessionPart:
    """A part of a WOD's session as it is read: its movements, and for the metcon part the
    WOD itself, whose fields describe the metcon."""

    kind: str  # a PartKind
    minutes: int
    description: str
    movements: Sequence[WodExercise | WodPartMovement]
    metcon: Wod | None  # the metcon part's WOD; None for every other part


def wod_session_parts(*, wod: Wod) -> list[SessionPart]:
    """The WOD's session, part by part in order; a WOD stored before sessions had parts is
    its one metcon part, made of its own fields. Prefetch WOD_SESSION_PREFETCH to read many."""
    prefetch_related_objects([wod], *WOD_SESSION_PREFETCH)
    parts = list(wod.parts.all())
    if not parts:
        return [
            SessionPart(
                kind=PartKind.METCON,
                minutes=wod.minutes,
                description=wod.description,
                movements=list(wod.movements.all()),
                metcon=wod,
            )
        ]
    return [
        SessionPart(
            kind=part.kind,
            minutes=part.minutes,
            description=part.description,
            movements=list(wod.movements.all())
            if part.kind == PartKind.METCON
            else list(part.movements.all()),
            metcon=wod if part.kind == PartKind.METCON else None,
        )
        for part in parts
    ]


@dataclass(frozen=True, slots=True)
class RxLoads:
    load_kg: Decimal | None  # men's
    load_women_kg: Decimal | None


@dataclass(frozen=True, slots=True)
class ScaledOption:
    exercise_id: int
    exercise: str
    load_kg: Decimal | None


def wod_movement_rx(*, movement: WodExercise | WodPartMovement) -> RxLoads:
    """The catalogue's Rx loads of the movement's exercise, men's and women's."""
    return RxLoads(load_kg=movement.exercise.load_kg, load_women_kg=movement.exercise.load_women_kg)


def wod_movement_scaled(*, movement: WodExercise | WodPartMovement) -> ScaledOption:
    """What a scaled athlete does: the catalogue's scaled substitute of the exercise, or the
    exercise itself, at its scaled load."""
    exercise = movement.exercise.scaled_substitute or movement.exercise
    return ScaledOption(
        exercise_id=exercise.pk, exercise=exercise.name, load_kg=exercise.load_scaled_kg
    )


def wod_session_minutes(*, wod: Wod) -> int:
    """The whole session's minutes: its parts', or an old WOD's metcon clock."""
    return sum(part.minutes for part in wod_session_parts(wod=wod))


def wod_list_for_user(
    *,
    user: User,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Wod]:
    wods = (
        Wod.objects.filter(user=user)
        .select_related("user")
        .prefetch_related(*WOD_SESSION_PREFETCH, "results")
    )
    if date_from is not None:
        wods = wods.filter(for_date__gte=date_from)
    if date_to is not None:
        wods = wods.filter(for_date__lte=date_to)
    return wods


# Results
# ------------------------------------------------------------------------------

# The weeks `wod_result_weekly_stats` counts, this one included.
STATS_WEEKS = 12
# How a movement is prescribed: its field, its measurement, and the stats' name for its units.
PRESCRIPTIONS = (
    ("reps", Measurement.REPS, "reps"),
    ("distance_m", Measurement.DISTANCE, "metres"),
    ("calories", Measurement.CALORIES, "calories"),
    ("seconds", Measurement.SECONDS, "seconds"),
)
VOLUME_UNITS = {measurement: unit for _, measurement, unit in PRESCRIPTIONS}


def wod_score_type(*, wod: Wod) -> ScoreType | None:
    """How the WOD is scored: the score type it stores, else (stored before WODs had one)
    its format's (For Time by time, AMRAP by rounds and reps, EMOM by reps). A rest day has
    none: it takes no result."""
    if wod.score_type:
        return ScoreType(wod.score_type)
    return FORMAT_SCORE_TYPES.get(wod.format)


def wod_work(*, wod: Wod) -> WodWork:
    """The WOD's work as the clock sees it: each movement's units and their kind, in order
    (its movements and their exercises: prefetched, or read now in two queries)."""
    prefetch_related_objects([wod], "movements__exercise")
    return WodWork(
        format=wod.format,
        minutes=wod.minutes,
        rounds=wod.rounds,
        pieces=tuple(_piece(movement) for movement in wod.movements.all()),
        rep_scheme=tuple(int(amount) for amount in wod.rep_scheme.split("-") if amount),
        work_seconds=wod.work_seconds,
    )


def _piece(movement: WodExercise) -> Piece:
    """A movement is prescribed in one of reps, metres, calories or seconds."""
    modality = movement.exercise.modality
    for prescription, measurement, _ in PRESCRIPTIONS:
        units = getattr(movement, prescription)
        if units is not None:
            return Piece(modality=modality, measurement=measurement, units=units)
    return Piece(modality=modality, measurement=Measurement.REPS, units=0)


def wod_result_score(*, result: WodResult) -> Score:
    return Score(
        time_seconds=result.time_seconds,
        rounds=result.rounds,
        reps=result.reps,
        load_kg=result.load_kg,
        calories=result.calories,
    )


def wod_result_list_for_user(*, user: User) -> QuerySet[WodResult]:
    """The athlete's results, newest first, each with its WOD."""
    return WodResult.objects.filter(user=user).select_related("wod")


@dataclass(frozen=True, slots=True)
class WeekStats:
    week_start: datetime.date  # the Monday, on the athlete's own clock
    sessions: int  # results logged
    minutes: float  # For Time: the time taken (the cap when capped); others: the clock
    training_load: float  # minutes x RPE, over the sessions that give an RPE
    volume: dict[str, dict[str, int]]  # modality -> reps, metres, calories, seconds done


def wod_result_weekly_stats(
    *, user: User, weeks: int = STATS_WEEKS, now: datetime.datetime | None = None
) -> list[WeekStats]:
    """The athlete's last `weeks` weeks (Monday to Sunday on their own clock, this one last),
    each with its sessions, minutes, training load, and volume per modality: the units of
    the WOD's movements each result says were done (a capped For Time's reps, an AMRAP's
    rounds and reps). Three queries, whatever the number of results.
    """
    clock = zone(user.time_zone)
    today = local_now(time_zone=user.time_zone, at=now or timezone.now()).date()
    first_monday = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    mondays = [first_monday + datetime.timedelta(weeks=week) for week in range(weeks)]
    totals = {monday: _WeekTotals() for monday in mondays}
    results = (
        WodResult.objects.filter(
            user=user,
            performed_at__gte=datetime.datetime.combine(first_monday, datetime.time(), clock),
        )
        .select_related("wod")
        .prefetch_related("wod__movements__exercise")
        .order_by("performed_at")
    )
    for result in results:
        day = result.performed_at.astimezone(clock).date()
        week = totals.get(day - datetime.timedelta(days=day.weekday()))
        # A result may be logged a few minutes ahead (PERFORMED_AT_LEEWAY): on a Sunday
        # night, that is next week's, not yet counted.
        if week is not None:
            week.add(result)
    return [totals[monday].stats(week_start=monday) for monday in mondays]


@dataclass
class _WeekTotals:
    sessions: int = 0
    minutes: float = 0.0
    training_load: float = 0.0
    volume: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            modality.value: dict.fromkeys(VOLUME_UNITS.values(), 0) for modality in Modality
        }
    )

    def add(self, result: WodResult) -> None:
        wod = result.wod
        minutes = result.time_seconds / 60 if result.time_seconds is not None else wod.minutes
        self.sessions += 1
        self.minutes += minutes
        if result.rpe is not None:
            self.training_load += minutes * result.rpe
        work = wod_work(wod=wod)
        units = units_scored(
            score_type=wod_score_type(wod=wod), work=work, score=wod_result_score(result=result)
        )
        for piece, done in zip(work.pieces, work.units_done(units), strict=True):
            self.volume[piece.modality][VOLUME_UNITS[piece.measurement]] += done

    def stats(self, *, week_start: datetime.date) -> WeekStats:
        return WeekStats(
            week_start=week_start,
            sessions=self.sessions,
            minutes=round(self.minutes, 1),
            training_load=round(self.training_load, 1),
            volume=self.volume,
        )


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


def _slugs_by_exercise(through) -> dict[int, frozenset[str]]:
    """The equipment slugs of each active exercise along an exercise-equipment relation."""
    slugs: dict[int, set[str]] = defaultdict(set)
    for exercise_id, slug in through.objects.filter(exercise__is_active=True).values_list(
        "exercise_id", "equipment__slug"
    ):
        slugs[exercise_id].add(slug)
    return {exercise_id: frozenset(found) for exercise_id, found in slugs.items()}


def _per_level(row: dict, key: str, kind: type[int] | type[float]) -> PerLevel:
    return PerLevel(**{level: kind(row[per_level_field(key, level)]) for level in LEVELS})


def _kg(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def wod_catalogue() -> tuple[CatalogueExercise, ...]:
    """The active exercises with their coaching data, as the generator sees them (three
    queries: the rows, their equipment, what they pair with).

    A substitute that is not active is none: the generator only knows active exercises.
    """
    equipment = _slugs_by_exercise(Exercise.equipment.through)
    pairs_with = _slugs_by_exercise(Exercise.pairs_with.through)
    per_level = [per_level_field(key, level) for key in PER_LEVEL_FIELDS for level in LEVELS]
    rows = (
        Exercise.objects.filter(is_active=True)
        .order_by("id")
        .values(
            "id",
            "name",
            "modality",
            "difficulty",
            "primary_muscle_group__slug",
            "measurement",
            "load_kg",
            "load_women_kg",
            "load_scaled_kg",
            "roles",
            "pattern",
            "family",
            "min_per_bout",
            "cap_group",
            "needs",
            *per_level,
            "scaled_substitute_id",
            "scaled_substitute__is_active",
            "beginner_substitute_id",
            "beginner_substitute__is_active",
        )
    )
    return tuple(
        CatalogueExercise(
            id=row["id"],
            name=row["name"],
            modality=row["modality"],
            difficulty=row["difficulty"],
            primary_muscle_group=row["primary_muscle_group__slug"],
            equipment=equipment.get(row["id"], frozenset()),
            measurement=row["measurement"],
            load_kg=_kg(row["load_kg"]),
            load_women_kg=_kg(row["load_women_kg"]),
            load_scaled_kg=_kg(row["load_scaled_kg"]),
            roles=frozenset(row["roles"]),
            pattern=row["pattern"],
            family=row["family"],
            pace_s=_per_level(row, "pace_s", float),
            min_per_bout=row["min_per_bout"],
            max_per_bout=_per_level(row, "max_per_bout", int),
            max_per_session=_per_level(row, "max_per_session", int),
            cap_group=row["cap_group"],
            needs=frozenset(row["needs"]),
            pairs_with=pairs_with.get(row["id"], frozenset()),
            scaled_substitute_id=row["scaled_substitute_id"]
            if row["scaled_substitute__is_active"]
            else None,
            beginner_substitute_id=row["beginner_substitute_id"]
            if row["beginner_substitute__is_active"]
            else None,
        )
        for row in rows
    )


def athlete_equipment(*, user_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """The equipment slugs of each athlete who has any (one query)."""
    equipment: dict[int, set[str]] = defaultdict(set)
    for user_id, slug in User.equipment.through.objects.filter(
        user_id__in=list(user_ids)
    ).values_list("user_id", "equipment__slug"):
        equipment[user_id].add(slug)
    return {user_id: frozenset(slugs) for user_id, slugs in equipment.items()}


# Each athlete's last RECENT_WODS_CONSIDERED WODs, each with its metcon's exercise ids and
# its strength and skill parts' in order (as arrays), and the last date of each benchmark
# they did (rows without a WOD id), in one statement, written out because the ORM cannot
# express either form.
#
# PostgreSQL reads each athlete's last WODs from the (user, date, created) index with a
# LATERAL ... LIMIT: a few index rows per athlete, where ranking every WOD of the batch's
# athletes with a window function reads and sorts their whole histories (three times slower
# with 30-day histories); each WOD's movements come from the (wod, order) indexes, one row
# per WOD. The benchmarks come from the partial (user, benchmark, date) index, which holds
# benchmark WODs alone. SQLite has no LATERAL and takes the window form, with JSON arrays.
HISTORY_SQL = {
    "postgresql": """
SELECT athlete.user_id, latest.recency, latest.id, latest.for_date, latest.format,
       latest.intensity, latest.benchmark,
       ARRAY(
           SELECT movement.exercise_id FROM wod_exercises AS movement
           WHERE movement.wod_id = latest.id ORDER BY movement."order"
       ),
       ARRAY(
           SELECT movement.exercise_id FROM wod_parts AS part
           JOIN wod_part_movements AS movement ON movement.part_id = part.id
           WHERE part.wod_id = latest.id AND part.kind IN (%(strength)s, %(skill)s)
           ORDER BY part."order", movement."order"
       )
FROM unnest(%(user_ids)s::bigint[]) AS athlete(user_id)
CROSS JOIN LATERAL (
    SELECT id, for_date, format, intensity, benchmark, ROW_NUMBER() OVER () AS recency
    FROM (
        SELECT id, for_date, format, intensity, benchmark FROM wods
        WHERE wods.user_id = athlete.user_id
        ORDER BY for_date DESC, created_at DESC, id DESC
        LIMIT %(depth)s
    ) AS ordered
) AS latest
UNION ALL
SELECT athlete.user_id, NULL, NULL, done.last_date, NULL, NULL, done.benchmark, NULL, NULL
FROM unnest(%(user_ids)s::bigint[]) AS athlete(user_id)
CROSS JOIN LATERAL (
    SELECT benchmark, MAX(for_date) AS last_date FROM wods
    WHERE wods.user_id = athlete.user_id AND benchmark <> ''
    GROUP BY benchmark
) AS done
ORDER BY 1, 2
""",
    "sqlite": """
SELECT recent.user_id, recent.recency, recent.id, recent.for_date, recent.format,
       recent.intensity, recent.benchmark,
       (
           SELECT json_group_array(exercise_id) FROM (
               SELECT movement.exercise_id FROM wod_exercises AS movement
               WHERE movement.wod_id = recent.id ORDER BY movement."order"
           )
       ),
       (
           SELECT json_group_array(exercise_id) FROM (
               SELECT movement.exercise_id FROM wod_parts AS part
               JOIN wod_part_movements AS movement ON movement.part_id = part.id
               WHERE part.wod_id = recent.id AND part.kind IN (%(strength)s, %(skill)s)
               ORDER BY part."order", movement."order"
           )
       )
FROM (
    SELECT id, user_id, for_date, format, intensity, benchmark, ROW_NUMBER() OVER (
        PARTITION BY user_id ORDER BY for_date DESC, created_at DESC, id DESC
    ) AS recency
    FROM wods
    WHERE user_id IN (SELECT value FROM json_each(%(user_ids)s))
) AS recent
WHERE recent.recency <= %(depth)s
UNION ALL
SELECT user_id, NULL, NULL, MAX(for_date), NULL, NULL, benchmark, NULL, NULL
FROM wods
WHERE user_id IN (SELECT value FROM json_each(%(user_ids)s)) AND benchmark <> ''
GROUP BY user_id, benchmark
ORDER BY 1, 2
""",
}


def _date(value: datetime.date | str) -> datetime.date:
    # SQLite hands back dates as text.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _ids(value: list[int] | str) -> tuple[int, ...]:
    # SQLite hands back the JSON arrays as text.
    return tuple(json.loads(value) if isinstance(value, str) else value)


def wod_histories(*, user_ids: Iterable[int]) -> dict[int, History]:
    """Per user, what the generator reads of their past (one query): their last WODs, most
    recent first, each with its metcon's and its strength or skill parts' movements, and
    the date they last did each benchmark. A user with no WOD has none."""
    user_ids = sorted(user_ids)
    if not user_ids:
        return {}
    ids = user_ids if connection.vendor == "postgresql" else json.dumps(user_ids)
    recent: dict[int, list[PastWod]] = defaultdict(list)
    benchmarks: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            HISTORY_SQL[connection.vendor],
            {
                "user_ids": ids,
                "depth": RECENT_WODS_CONSIDERED,
                "strength": PartKind.STRENGTH.value,
                "skill": PartKind.SKILL.value,
            },
        )
        for row in cursor.fetchall():
            user_id, _, wod_id, for_date, wod_format, intensity, benchmark, metcon, block = row
            if wod_id is None:
                benchmarks[user_id][benchmark] = _date(for_date)
                continue
            recent[user_id].append(
                PastWod(
                    for_date=_date(for_date),
                    exercise_ids=_ids(metcon),
                    format=wod_format,
                    intensity=intensity,
                    benchmark=benchmark,
                    block_exercise_ids=_ids(block),
                )
            )
    return {
        user_id: History(recent=tuple(wods), benchmarks=benchmarks.get(user_id, {}))
        for user_id, wods in recent.items()
    }


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


@dataclass(frozen=True, slots=True)
class DailyPage:
    """One page of the daily run: the athletes among a range of user ids."""

    last_user_id: int | None  # the range's end, or None when it runs to the last user
    # (user id, local date) of each due athlete lacking that date's daily request, by id
    without_request: list[tuple[int, datetime.date]]
    with_request: int  # due athletes who have it


def wod_daily_page(
    *, due: Mapping[datetime.date, Collection[str]], after: int, size: int
) -> DailyPage:
    """The due athletes among the `size` users whose ids follow `after`: the active ones whose
    `time_zone` is one of `due`'s, which maps each local date to the zones that are on it and
    past the daily hour (`users.time_zones.zones_past_hour`). One query for the range's end,
    then one per local date (at most three).

    Pages run over user ids, whoever the users are, so every page costs about the same
    whatever share of them is served; the athletes' conditions, their zone among them, apply
    inside the page's id range, which the primary key's index bounds: an index on the zone
    would not help. The service account (COACH_SERVICE_EMAIL) schedules the daily WODs; it is
    no athlete.
    """
    boundary = list(
        User.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", flat=True)[size - 1 : size]
    )
    last_user_id = boundary[0] if boundary else None
    in_page = Q(pk__gt=after) if last_user_id is None else Q(pk__gt=after, pk__lte=last_user_id)
    athletes = User.objects.filter(in_page, is_active=True).exclude(
        email=normalize_email_address(settings.COACH_SERVICE_EMAIL)
    )
    without_request, with_request = [], 0
    for for_date, zones in due.items():
        # A correlated EXISTS: one probe of the one-daily-request-per-day index per athlete
        # of the page, however many requests the day already has.
        has_request = Exists(
            WodRequest.objects.filter(
                user_id=OuterRef("pk"), source=WodRequest.Source.DAILY, for_date=for_date
            )
        )
        for user_id, has in (
            athletes.filter(time_zone__in=list(zones))
            .annotate(has_request=has_request)
            .values_list("pk", "has_request")
        ):
            if has:
                with_request += 1
            else:
                without_request.append((user_id, for_date))
    return DailyPage(
        last_user_id=last_user_id,
        without_request=sorted(without_request),
        with_request=with_request,
    )


# Messages against their requests
# ------------------------------------------------------------------------------


class RequestRow(Protocol):
    """What a message is checked against: its request row's owner and date."""

    @property
    def user_email(self) -> str: ...

    @property
    def for_date(self) -> datetime.date: ...


@dataclass(frozen=True, slots=True)
class RequestOwnerAndDate:
    user_email: str
    for_date: datetime.date


def wod_message_mismatch(*, message: WodMessage, request: RequestRow | None) -> str | None:
    """Why `message` does not describe `request` (its row), or None.

    The row is trusted, never the message: anyone who can publish could name another
    athlete's request. A message that does not match is malformed, whatever else befalls it.
    """
    if request is None:
        return "unknown request"
    if request.user_email != normalize_email_address(message.user_email):
        return "user_email does not match the request's user"
    if request.for_date != message.for_date:
        return "for_date does not match the request"
    return None


def wod_message_mismatches(*, messages: Sequence[WodMessage]) -> list[str | None]:
    """`wod_message_mismatch` for each message, in order, from one query."""
    requests = {
        request_id: RequestOwnerAndDate(user_email=email, for_date=for_date)
        for request_id, email, for_date in WodRequest.objects.filter(
            pk__in=[message.request_id for message in messages]
        ).values_list("id", "user__email", "for_date")
    }
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


# Progression: what the athlete's logged results tell the generator (`coaching.history`).
# Results of the last PROGRESSION_DAYS move loads; the acute:chronic ratio compares the last
# ACUTE_DAYS' training load with the CHRONIC_DAYS' average week, once the athlete has logged
# for at least MIN_CHRONIC_SPAN_DAYS (a first hard week is not "well above" anything).
PROGRESSION_DAYS = 42
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
MIN_CHRONIC_SPAN_DAYS = 14
# An easy Rx result raises the family's loads by this step; a scaled or very hard one lowers
# them by it. The factor stays within these bounds (the generator also keeps loads within the
# catalogue's bounds).
LOAD_STEP = 0.05
LOAD_FACTOR_BOUNDS = (0.8, 1.25)
EASY_RPE = 7
VERY_HARD_RPE = 9


class _ResultRow(NamedTuple):
    user_id: int
    wod_id: int
    performed_at: datetime.datetime
    rx: bool
    rpe: int | None
    time_seconds: int | None
    wod_minutes: int

    @property
    def minutes(self) -> float:
        """Its minutes of work: its time when finished, else the WOD's clock (as the weekly
        stats count them)."""
        return self.time_seconds / 60 if self.time_seconds is not None else self.wod_minutes


@dataclass(frozen=True, slots=True)
class Progression:
    load_factors: dict[str, float]  # movement family -> factor on its loads
    acute_chronic: float | None  # None until the athlete has logged long enough
    benchmark_scores: dict[str, str]  # benchmark slug -> the last result, "4:12 Rx on 2026-10-04"


def wod_progressions(*, until: Mapping[int, datetime.date]) -> dict[int, Progression]:
    """Per athlete (user id -> the day of the WOD to generate), how their results move their
    next loads, whether they need a lighter day, and their last score of each benchmark.
    Only results performed before that day (midnight UTC) count: the
    last 7 days are the 7 before it. Three queries, whatever the
    number of athletes; an athlete without a result in the last PROGRESSION_DAYS days nor a
    benchmark result is absent."""
    if not until:
        return {}
    first = min(until.values()) - datetime.timedelta(days=PROGRESSION_DAYS)
    results = [
        _ResultRow(*row)
        for row in WodResult.objects.filter(
            user_id__in=until.keys(),
            performed_at__gte=datetime.datetime.combine(first, datetime.time(), datetime.UTC),
        )
        .order_by("performed_at", "id")
        .values_list(
            "user_id", "wod_id", "performed_at", "rx", "rpe", "time_seconds", "wod__minutes"
        )
    ]
    families: dict[int, set[str]] = defaultdict(set)
    for wod_id, family in WodExercise.objects.filter(
        wod_id__in={row.wod_id for row in results}
    ).values_list("wod_id", "exercise__family"):
        families[wod_id].add(family)
    by_user: dict[int, list[_ResultRow]] = defaultdict(list)
    for row in results:
        if row.performed_at < _day_start(until[row.user_id]):
            by_user[row.user_id].append(row)
    scores = _last_benchmark_scores(until=until)
    return {
        user_id: Progression(
            load_factors=_load_factors(by_user.get(user_id, ()), families),
            acute_chronic=_acute_chronic(by_user.get(user_id, ()), day=until[user_id]),
            benchmark_scores=scores.get(user_id, {}),
        )
        for user_id in sorted(by_user.keys() | scores.keys())
    }


def _last_benchmark_scores(*, until: Mapping[int, datetime.date]) -> dict[int, dict[str, str]]:
    """Per athlete, their last result of each benchmark before their day, as a WOD
    quotes it."""
    scores: dict[int, dict[str, str]] = defaultdict(dict)
    results = (
        WodResult.objects.filter(user_id__in=until.keys())
        .exclude(wod__benchmark="")
        .select_related("wod", "user")
        .order_by("performed_at", "id")
    )
    for result in results:
        if result.performed_at < _day_start(until[result.user_id]):
            scores[result.user_id][result.wod.benchmark] = result_summary(result=result)
    return dict(scores)


def result_summary(*, result: WodResult) -> str:
    """A result in a few words: "4:12 Rx on 2026-10-04", "9 rounds + 3 reps scaled on ...",
    the date on the athlete's clock."""
    score = wod_result_score(result=result)
    text = score_text(score_type=wod_score_type(wod=result.wod), score=score)
    rx = "Rx" if result.rx else "scaled"
    day = result.performed_at.astimezone(zone(result.user.time_zone)).date()
    return f"{text} {rx} on {day.isoformat()}"


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), datetime.UTC)


def _load_factors(rows: Sequence[_ResultRow], families: Mapping[int, set[str]]) -> dict[str, float]:
    """Oldest result first, each easy Rx one (RPE <= EASY_RPE) steps its families' loads up,
    each scaled or very hard one (RPE >= VERY_HARD_RPE) steps them down."""
    low, high = LOAD_FACTOR_BOUNDS
    factors: dict[str, float] = {}
    for row in rows:
        if not row.rx or (row.rpe is not None and row.rpe >= VERY_HARD_RPE):
            step = -LOAD_STEP
        elif row.rpe is not None and row.rpe <= EASY_RPE:
            step = LOAD_STEP
        else:
            continue
        for family in sorted(families.get(row.wod_id, ())):
            factor = factors.get(family, 1.0) * (1 + step)
            factors[family] = round(min(high, max(low, factor)), 4)
    return {family: factor for family, factor in factors.items() if factor != 1.0}


def _acute_chronic(rows: Sequence[_ResultRow], *, day: datetime.date) -> float | None:
    """The last ACUTE_DAYS' training load (minutes x RPE) over the average ACUTE_DAYS of the
    last CHRONIC_DAYS (of the days since the first rated result, when that is more recent);
    None when the athlete's rated results span less than MIN_CHRONIC_SPAN_DAYS or the chronic
    load is nil."""
    rated = [row for row in rows if row.rpe is not None]
    start = _day_start(day)
    if not rated:
        return None
    span = start - rated[0].performed_at
    if span < datetime.timedelta(days=MIN_CHRONIC_SPAN_DAYS):
        return None
    chronic_days = min(CHRONIC_DAYS, span / datetime.timedelta(days=1))
    acute = chronic = 0.0
    for row in rated:
        age = start - row.performed_at
        if age > datetime.timedelta(days=CHRONIC_DAYS):
            continue
        load = row.minutes * row.rpe
        chronic += load
        if age <= datetime.timedelta(days=ACUTE_DAYS):
            acute += load
    weekly_chronic = chronic * ACUTE_DAYS / chronic_days
    return round(acute / weekly_chronic, 2) if weekly_chronic else None


@dataclass(frozen=True, slots=True)
class BenchmarkBest:
    result_id: int
    wod_id: int
    score: str  # as a coach writes it: "4:12"
    performed_on: datetime.date  # on the athlete's clock


@dataclass(frozen=True, slots=True)
class BenchmarkRecord:
    benchmark: Benchmark
    results: int  # results the athlete logged for it
    last_done_on: datetime.date | None  # the last time it was one of their WODs
    best_rx: BenchmarkBest | None
    best_scaled: BenchmarkBest | None


def benchmark_list_for_user(*, user: User) -> list[BenchmarkRecord]:
    """Every named benchmark, in the catalogue's order, with the athlete's best Rx and best
    scaled result (the earlier of equal scores) and the last date it was programmed for
    them. Two queries."""
    last_done = dict(
        Wod.objects.filter(user=user)
        .exclude(benchmark="")
        .values("benchmark")
        .annotate(last=Max("for_date"))
        .values_list("benchmark", "last")
    )
    clock = zone(user.time_zone)
    # Per (benchmark, Rx or not): the best result so far and its rank (`score_rank`).
    best: dict[tuple[str, bool], BenchmarkBest] = {}
    best_rank: dict[tuple[str, bool], tuple] = {}
    counts: dict[str, int] = defaultdict(int)
    results = (
        WodResult.objects.filter(user=user)
        .exclude(wod__benchmark="")
        .select_related("wod")
        .order_by("performed_at", "id")
    )
    for result in results:
        key = (result.wod.benchmark, result.rx)
        counts[result.wod.benchmark] += 1
        score_type = wod_score_type(wod=result.wod)
        score = wod_result_score(result=result)
        rank = score_rank(score_type=score_type, score=score)
        if key in best_rank and best_rank[key] >= rank:
            continue  # of equal scores, the earlier stands
        best_rank[key] = rank
        best[key] = BenchmarkBest(
            result_id=result.pk,
            wod_id=result.wod_id,
            score=score_text(score_type=score_type, score=score),
            performed_on=result.performed_at.astimezone(clock).date(),
        )
    return [
        BenchmarkRecord(
            benchmark=benchmark,
            results=counts.get(benchmark.slug, 0),
            last_done_on=last_done.get(benchmark.slug),
            best_rx=best.get((benchmark.slug, True)),
            best_scaled=best.get((benchmark.slug, False)),
        )
        for benchmark in BENCHMARKS
    ]


@dataclass(frozen=True, slots=True)
class BenchmarkScore:
    performed_on: datetime.date  # on the athlete's clock
    value: float  # to draw: minutes for a time, rounds, kg, reps or calories
    score: str  # as a coach writes it
    rx: bool


# The number a chart draws for a score, and its unit; a capped time is drawn at its cap.
CHART_UNITS = {
    ScoreType.TIME: "minutes",
    ScoreType.ROUNDS_REPS: "rounds",
    ScoreType.LOAD: "kg",
    ScoreType.REPS: "reps",
    ScoreType.CALORIES: "calories",
}


def _chart_value(*, score_type: ScoreType, result: WodResult) -> float:
    if score_type == ScoreType.TIME:
        seconds = (
            result.time_seconds if result.time_seconds is not None else result.wod.minutes * 60
        )
        return round(seconds / 60, 2)
    if score_type == ScoreType.ROUNDS_REPS:
        return float(result.rounds or 0)
    if score_type == ScoreType.LOAD:
        return float(result.load_kg or 0)
    if score_type == ScoreType.REPS:
        return float(result.reps or 0)
    return float(result.calories or 0)


def benchmark_scores_for_user(
    *, user: User, weeks: int = STATS_WEEKS, now: datetime.datetime | None = None
) -> dict[str, tuple[ScoreType, list[BenchmarkScore]]]:
    """Per benchmark (in the catalogue's order), its score type and the athlete's results of
    the last `weeks` weeks, oldest first: what the admin draws. One query."""
    clock = zone(user.time_zone)
    since = (now or timezone.now()) - datetime.timedelta(weeks=weeks)
    scores: dict[str, tuple[ScoreType, list[BenchmarkScore]]] = {}
    results = (
        WodResult.objects.filter(user=user, performed_at__gte=since)
        .exclude(wod__benchmark="")
        .select_related("wod")
        .order_by("performed_at", "id")
    )
    by_slug: dict[str, list[WodResult]] = defaultdict(list)
    for result in results:
        by_slug[result.wod.benchmark].append(result)
    for benchmark in BENCHMARKS:
        for result in by_slug.get(benchmark.slug, ()):
            score_type = wod_score_type(wod=result.wod)
            _, listed = scores.setdefault(benchmark.slug, (score_type, []))
            listed.append(
                BenchmarkScore(
                    performed_on=result.performed_at.astimezone(clock).date(),
                    value=_chart_value(score_type=score_type, result=result),
                    score=score_text(score_type=score_type, score=wod_result_score(result=result)),
                    rx=result.rx,
                )
            )
    return scores
