"""The WOD admin: read-only WODs, requests with "Retry selected", and the queue overview."""

import datetime
import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from coaching.vocabulary import Intensity
from testing.admin_pages import cells, readonly
from wods.models import Wod, WodRequest
from wods.tests.factories import (
    make_dead_wod_requests,
    make_session_wod,
    make_version_1_wod,
    make_wod,
    make_wod_request,
    rest_day_session,
)

pytestmark = pytest.mark.django_db(transaction=True)

UNREACHABLE_BROKER = "amqp://guest:guest@127.0.0.1:1/%2F"
UNREACHABLE_MANAGEMENT_API = "http://guest:guest@127.0.0.1:1"
WOD_LIST = reverse("admin:wods_wod_changelist")
REQUEST_LIST = reverse("admin:wods_wodrequest_changelist")
QUEUES = reverse("admin:wods_wodrequest_queues")


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client_with_view_permission(staff_user) -> Client:
    staff_user.user_permissions.add(
        Permission.objects.get(codename="view_wodrequest"),
        Permission.objects.get(codename="view_wod"),
    )
    client = Client()
    client.force_login(staff_user)
    return client


# WODs
# ------------------------------------------------------------------------------


def test_the_wod_list_shows_id_user_email_date_format_and_number_of_movements(
    admin_client, user, catalogue
):
    wod = make_wod(user=user)

    html = admin_client.get(WOD_LIST).content.decode()

    assert cells(html, "user_email") == [user.email]
    assert cells(html, "for_date") == [wod.for_date.strftime("%b. %-d, %Y")]
    assert cells(html, "format") == [wod.get_format_display()]
    assert cells(html, "number_of_movements") == [str(wod.movements.count())]
    assert reverse("admin:wods_wod_change", args=[wod.pk]) in html


def test_the_wod_list_filters_by_date_format_and_user_level_and_searches_by_email(
    admin_client, make_user, catalogue
):
    ana = make_user(email="ana@example.com", level="advanced")
    bo = make_user(email="bo@example.com", level="beginner")
    ana_wod = make_wod(user=ana)
    bo_wod = make_wod(user=bo, for_date=ana_wod.for_date.replace(year=2020))

    def listed(**query) -> set[int]:
        return {wod.pk for wod in admin_client.get(WOD_LIST, query).context["cl"].result_list}

    assert listed() == {ana_wod.pk, bo_wod.pk}
    assert listed(user__level__exact="advanced") == {ana_wod.pk}
    assert listed(q="bo@") == {bo_wod.pk}
    assert listed(for_date__year=2020) == {bo_wod.pk}
    assert listed(format__exact=ana_wod.format) == set(
        Wod.objects.filter(format=ana_wod.format).values_list("pk", flat=True)
    )


def test_a_wod_page_shows_the_wod_and_its_movements_in_order_with_their_prescription(
    admin_client, user, catalogue
):
    wod = make_wod(user=user)

    html = admin_client.get(reverse("admin:wods_wod_change", args=[wod.pk])).content.decode()

    assert readonly(html, "format") == wod.get_format_display()
    assert readonly(html, "minutes") == str(wod.minutes)
    assert readonly(html, "rounds") == str(wod.rounds or "-")
    assert readonly(html, "description") == wod.description
    movements = list(wod.movements.select_related("exercise").order_by("order"))
    assert len(movements) >= 2
    assert cells(html, "order") == [str(movement.order) for movement in movements]
    assert cells(html, "exercise") == [movement.exercise.name for movement in movements]
    for field in ["reps", "distance_m", "calories", "seconds"]:
        expected = [str(getattr(m, field)) if getattr(m, field) else "-" for m in movements]
        assert cells(html, field) == expected
    loads = [f"{m.load_kg:.1f}" if m.load_kg is not None else "-" for m in movements]
    assert cells(html, "load_kg") == loads
    women = [f"{m.load_women_kg:.1f}" if m.load_women_kg is not None else "-" for m in movements]
    assert cells(html, "load_women_kg") == women
    assert readonly(html, "stimulus") == wod.stimulus
    assert readonly(html, "expected_seconds") == str(wod.expected_seconds)


def test_the_wod_list_shows_expected_times_and_rounds_and_version_1_wods_stay_readable(
    admin_client, user, catalogue
):
    old = make_version_1_wod(user=user)
    new = [make_wod(user=user, for_date=datetime.date(2026, 12, day)) for day in range(1, 9)]

    html = admin_client.get(WOD_LIST).content.decode()
    page = admin_client.get(reverse("admin:wods_wod_change", args=[old.pk]))

    expected = {
        wod.pk: f"{wod.expected_rounds:g} rounds"
        if wod.expected_rounds is not None
        else f"{wod.expected_seconds // 60}:{wod.expected_seconds % 60:02d}"
        for wod in new
    }
    shown = dict(zip(map(int, cells(html, "id")), cells(html, "expected"), strict=True))
    assert shown == {old.pk: "-", **expected}
    assert page.status_code == 200
    assert readonly(page.content.decode(), "description") == old.description


def test_a_wod_cannot_be_added_or_changed_through_the_admin(admin_client, user, catalogue):
    wod = make_wod(user=user)
    change = reverse("admin:wods_wod_change", args=[wod.pk])

    assert 'name="description"' not in admin_client.get(change).content.decode()
    assert admin_client.post(change, {"description": "Rest day"}).status_code == 403
    assert admin_client.get(reverse("admin:wods_wod_add")).status_code == 403
    wod.refresh_from_db()
    assert wod.description != "Rest day"


# WOD requests
# ------------------------------------------------------------------------------


def test_the_request_list_shows_status_attempts_shortened_error_age_and_a_link_to_the_wod(
    admin_client, user, catalogue
):
    wod = make_wod(user=user)
    dead = make_wod_request(user=user, status=WodRequest.Status.DEAD)
    error = "Random failure for testing retries, " * 5
    WodRequest.objects.filter(pk=dead.pk).update(attempts=5, last_error=error)

    html = admin_client.get(REQUEST_LIST).content.decode()

    assert cells(html, "short_id") == [str(dead.pk)[:8], str(wod.request_id)[:8]]
    assert f'title="{dead.pk}"' in html
    assert cells(html, "coloured_status") == ["dead", "done"]
    assert 'style="color: #b3261e">dead<' in html
    assert cells(html, "attempts") == ["5", "1"]
    [shortened, _] = cells(html, "short_last_error")
    assert shortened.endswith("…")
    assert len(shortened) == 60
    assert f'title="{error}"' in html
    assert cells(html, "age") == ["0\xa0minutes", "0\xa0minutes"]
    assert cells(html, "wod_link") == ["-", f"WOD {wod.pk}"]
    assert reverse("admin:wods_wod_change", args=[wod.pk]) in html


def test_the_request_list_filters_by_status_and_source(admin_client, user):
    dead = make_wod_request(user=user, status=WodRequest.Status.DEAD)
    daily = make_wod_request(user=user, source=WodRequest.Source.DAILY)

    def listed(**query) -> set:
        return {row.pk for row in admin_client.get(REQUEST_LIST, query).context["cl"].result_list}

    assert listed(status__exact="dead") == {dead.pk}
    assert listed(source__exact="daily") == {daily.pk}
    assert listed(q=str(daily.pk)) == {daily.pk}
    assert listed(q="no-such-request") == set()


def test_retry_selected_sends_pending_and_dead_requests_to_the_queue_and_leaves_others_alone(
    admin_client, user, broker
):
    dead = make_wod_request(user=user, status=WodRequest.Status.DEAD)
    pending = make_wod_request(user=user, status=WodRequest.Status.PENDING)
    queued = make_wod_request(user=user, status=WodRequest.Status.QUEUED)
    done = make_wod_request(user=user, status=WodRequest.Status.DONE)
    selected = [dead, pending, queued, done]

    response = admin_client.post(
        REQUEST_LIST,
        {"action": "retry_selected", "_selected_action": [str(r.pk) for r in selected]},
        follow=True,
    )

    statuses = {r.pk: WodRequest.objects.get(pk=r.pk).status for r in selected}
    assert statuses == {
        dead.pk: "queued",
        pending.pk: "queued",
        queued.pk: "queued",
        done.pk: "done",
    }
    assert broker.ready() == 2
    assert texts(response) == [
        "2 request(s) sent to the queue again.",
        "2 request(s) left as they were: only pending and dead requests are retried.",
    ]


def test_retry_selected_with_rabbitmq_down_leaves_the_requests_pending_and_says_so(
    admin_client, user, settings
):
    settings.AMQP_URL = UNREACHABLE_BROKER
    dead = make_wod_request(user=user, status=WodRequest.Status.DEAD)

    response = admin_client.post(
        REQUEST_LIST, {"action": "retry_selected", "_selected_action": [str(dead.pk)]}, follow=True
    )

    dead.refresh_from_db()
    assert dead.status == WodRequest.Status.PENDING
    assert texts(response) == [
        "1 request(s) stay pending: RabbitMQ did not confirm them. The relay "
        "(publish_pending_wods) sends them later."
    ]


def test_a_staff_user_without_the_change_permission_cannot_retry(
    staff_client_with_view_permission, user, broker
):
    dead = make_wod_request(user=user, status=WodRequest.Status.DEAD)

    page = staff_client_with_view_permission.get(REQUEST_LIST)
    staff_client_with_view_permission.post(
        REQUEST_LIST, {"action": "retry_selected", "_selected_action": [str(dead.pk)]}
    )

    assert page.status_code == 200
    assert "retry_selected" not in page.content.decode()
    dead.refresh_from_db()
    assert dead.status == WodRequest.Status.DEAD
    assert broker.ready() == 0


def test_a_request_page_is_read_only_and_links_to_its_wod(admin_client, user, catalogue):
    wod = make_wod(user=user)
    change = reverse("admin:wods_wodrequest_change", args=[wod.request_id])

    html = admin_client.get(change).content.decode()

    assert f'<a href="{reverse("admin:wods_wod_change", args=[wod.pk])}">WOD {wod.pk}</a>' in html
    assert 'name="status"' not in html
    assert admin_client.post(change, {"status": "dead"}).status_code == 403
    assert WodRequest.objects.get(pk=wod.request_id).status == WodRequest.Status.DONE


# The queue overview
# ------------------------------------------------------------------------------


def test_the_admin_index_links_to_the_queue_overview(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert f'<a href="{QUEUES}">Queue overview</a>' in html


def test_the_request_list_links_to_the_queue_overview(admin_client):
    assert (
        f'<a href="{QUEUES}">Queue overview</a>' in admin_client.get(REQUEST_LIST).content.decode()
    )


def test_the_queue_overview_is_for_staff_only(client, user):
    anonymous = client.get(QUEUES)
    client.force_login(user)
    athlete = client.get(QUEUES)

    for response in (anonymous, athlete):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_queue_overview_needs_the_view_permission_on_requests_not_only_staff(
    client, staff_user
):
    client.force_login(staff_user)

    overview = client.get(QUEUES)
    index = client.get(reverse("admin:index")).content.decode()

    assert overview.status_code == 403
    assert QUEUES not in index


@pytest.mark.parametrize("max_deliveries", [2])
def test_the_queue_overview_shows_ready_and_unacked_messages_and_requests_by_status(
    admin_client, user, broker, catalogue, rabbitmq_management
):
    make_dead_wod_requests(user=user, count=1)
    for status in ["pending", "queued", "queued", "done"]:
        make_wod_request(user=user, status=status)
    broker.publish_raw(b"{}", content_type="application/json")
    broker.publish_raw(b"{}", content_type="application/json")

    # The management API refreshes its counts every few seconds: wait for them to show.
    for _ in range(60):
        html = admin_client.get(QUEUES).content.decode()
        if cells(html, "ready") == ["2", "1"]:
            break
        time.sleep(0.5)

    assert cells(html, "ready") == ["2", "1"]
    assert cells(html, "unacked") == ["0", "0"]
    assert broker.topology.queue in html
    assert broker.topology.dead_letter_queue in html
    counts = dict(
        zip(re.findall(r'<tr id="status-(\w+)">', html), cells(html, "count"), strict=True)
    )
    assert counts == {"pending": "1", "queued": "2", "done": "1", "dead": "1"}


def test_without_the_management_api_the_overview_counts_ready_messages_over_amqp(
    admin_client, broker, settings
):
    settings.RABBITMQ_MANAGEMENT_URL = UNREACHABLE_MANAGEMENT_API
    broker.publish_raw(b"{}", content_type="application/json")

    html = admin_client.get(QUEUES).content.decode()

    assert cells(html, "ready") == ["1", "0"]
    assert cells(html, "unacked") == ["unknown (management API unavailable)"] * 2


def test_without_rabbitmq_the_overview_still_shows_requests_by_status(admin_client, user, settings):
    settings.AMQP_URL = UNREACHABLE_BROKER
    settings.RABBITMQ_MANAGEMENT_URL = UNREACHABLE_MANAGEMENT_API
    make_wod_request(user=user, status=WodRequest.Status.DEAD)

    response = admin_client.get(QUEUES)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Queue depths are unavailable: AMQPConnectionError" in html
    assert re.search(r'<tr id="status-dead">.*?<td class="field-count">1</td>', html, flags=re.S)


@pytest.mark.parametrize("max_deliveries", [2])
def test_the_replay_button_moves_dead_letters_back_and_marks_their_requests_queued(
    admin_client, user, broker, catalogue
):
    requests = make_dead_wod_requests(user=user, count=2)

    response = admin_client.post(QUEUES, {"limit": ""}, follow=True)

    assert response.redirect_chain == [(QUEUES, 302)]
    assert texts(response) == [
        "Replayed 2 dead letter(s); 0 already done; 0 kept in the dead queue."
    ]
    assert broker.dead() == 0
    assert broker.ready() == 2
    assert {WodRequest.objects.get(pk=r.pk).status for r in requests} == {"queued"}


@pytest.mark.parametrize("max_deliveries", [2])
def test_the_replay_button_honours_the_limit(admin_client, user, broker, catalogue):
    make_dead_wod_requests(user=user, count=2)

    admin_client.post(QUEUES, {"limit": "1"})

    assert broker.dead() == 1
    assert broker.ready() == 1


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
@pytest.mark.parametrize("max_deliveries", [2])
def test_a_bad_replay_limit_is_shown_on_the_form_and_replays_nothing(
    admin_client, user, broker, catalogue, limit
):
    make_dead_wod_requests(user=user, count=1)

    response = admin_client.post(QUEUES, {"limit": limit})

    assert response.status_code == 200
    assert response.context["form"].errors["limit"]
    assert broker.dead() == 1


def test_replaying_with_rabbitmq_down_says_so_and_changes_nothing(admin_client, user, settings):
    settings.AMQP_URL = UNREACHABLE_BROKER
    dead = make_wod_request(user=user, status=WodRequest.Status.DEAD)

    response = admin_client.post(QUEUES, {}, follow=True)

    assert response.status_code == 200
    [message] = texts(response)
    assert message.startswith("Nothing replayed: RabbitMQ failed (AMQPConnectionError")
    dead.refresh_from_db()
    assert dead.status == WodRequest.Status.DEAD


@pytest.mark.parametrize("max_deliveries", [2])
def test_a_staff_user_without_the_change_permission_sees_the_overview_but_cannot_replay(
    staff_client_with_view_permission, user, broker, catalogue
):
    make_dead_wod_requests(user=user, count=1)

    page = staff_client_with_view_permission.get(QUEUES)
    replay = staff_client_with_view_permission.post(QUEUES, {})

    assert page.status_code == 200
    assert 'id="replay-form"' not in page.content.decode()
    assert replay.status_code == 403
    assert broker.dead() == 1


# Whole sessions
# ------------------------------------------------------------------------------


def session_rows(html: str) -> list[str]:
    """The session table's rows, each as its cells' text joined by " | "."""
    table = re.search(r'<table id="session".*?<tbody>(.*?)</tbody>', html, flags=re.S)[1]
    return [
        " | ".join(
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        )
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)
    ]


def test_a_wod_page_shows_its_session_part_by_part_with_each_movements_rx_and_scaled_option(
    admin_client, user, catalogue
):
    wod = make_session_wod(user=user)
    metcon = [m.exercise.name for m in wod.movements.select_related("exercise")]

    html = admin_client.get(reverse("admin:wods_wod_change", args=[wod.pk])).content.decode()

    rows = session_rows(html)
    parts = [row for row in rows if re.match(r"\d\. ", row)]
    assert parts == [
        "1. Warm-up | 8 min | 2 rounds: 6 cal row, 10 leg swings, 5 inchworms",
        "2. Strength | 15 min | Back squat 5x5 at RPE 7",
        f"3. Metcon | {wod.minutes} min | {wod.description}",
        "4. Cool-down | 4 min | Couch stretch and pigeon, 1 min a side",
    ]
    strength = rows.index(parts[1])
    # The athlete's load, then the catalogue's Rx (women / men) and the scaled load.
    assert rows[strength + 1] == (
        "Back Squat |  | 5 x 5 reps at 55 / 80 kg, at RPE 7 | 47.5 / 70 kg | 43 kg"
    )
    metcon_at = rows.index(parts[2])
    metcon_rows = rows[metcon_at + 1 : metcon_at + 1 + len(metcon)]
    assert [row.split(" | ")[0] for row in metcon_rows] == metcon
    assert readonly(html, "session_minutes") == str(27 + wod.minutes)
    assert cells(html, "exercise") == metcon


def test_an_old_wod_page_shows_its_one_metcon_part(admin_client, user, catalogue):
    wod = make_version_1_wod(user=user)

    html = admin_client.get(reverse("admin:wods_wod_change", args=[wod.pk])).content.decode()

    assert session_rows(html) == [
        f"1. Metcon | 18 min | {wod.description}",
        "Run |  | 400 m | - | -",
        # Version 1 stored the men's load alone.
        "Thruster |  | 15 reps at 42.5 kg | 29 / 43 kg | 29 kg",
    ]


def test_the_wod_list_filters_by_intensity_and_benchmark(admin_client, user, catalogue):
    fran = make_session_wod(user=user, benchmark="fran", intensity=Intensity.HEAVY)
    light = make_session_wod(user=user, intensity=Intensity.LIGHT)
    rest = make_session_wod(user=user, session=rest_day_session())
    changelist = reverse("admin:wods_wod_changelist")

    def listed(**params) -> set[int]:
        html = admin_client.get(changelist, params).content.decode()
        return {int(pk) for pk in cells(html, "id")}

    assert listed(intensity="heavy") == {fran.pk}
    assert listed(intensity="light") == {light.pk}
    assert listed(benchmark="fran") == {fran.pk}
    assert listed(benchmark="-") == {light.pk, rest.pk}
    assert listed(format="rest") == {rest.pk}
