"""The faces people use, in headless Chromium: the admin, the browsable API and the API docs.

Each test starts logged out, logs in through the real login page, and clicks its way as a
person would. The live server serves the app and its static files; a failed test leaves a
screenshot in e2e-screenshots/.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from testing.consumers import consumer_in_thread
from wods.models import WodRequest
from wods.selectors import STATS_WEEKS
from wods.tests.factories import (
    make_dead_wod_requests,
    make_result,
    make_session_wod,
    make_wod,
    make_wod_as,
    make_wod_request,
)

pytestmark = pytest.mark.e2e

ADMIN_PASSWORD = "password"  # pytest-django's admin_user
ATHLETE_PASSWORD = "correct-horse-battery"  # conftest's make_user
ADMIN_HEADER_COLOUR = "rgb(65, 118, 144)"  # admin/css/base.css: only there if it loaded
STATUS_POLLS = 60


def log_in(page: Page, email: str, password: str) -> None:
    """Fill the login form on screen: the admin's and the browsable API's have the same fields."""
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_coach_logs_into_the_admin_and_opens_a_wod_to_see_its_movements(
    page, admin_user, user, catalogue
):
    wod = make_wod(user=user)
    movements = [m.exercise.name for m in wod.movements.select_related("exercise")]

    page.goto("/admin/")
    log_in(page, admin_user.email, ADMIN_PASSWORD)
    expect(page.locator("#header")).to_have_css("background-color", ADMIN_HEADER_COLOUR)
    page.get_by_role("link", name="Wods", exact=True).click()
    page.locator("#result_list").get_by_role("link", name=str(wod.pk), exact=True).click()

    expect(page.locator("h1")).to_have_text("View wod")
    expect(page.locator(".field-description .readonly")).to_have_text(wod.description)
    expect(page.locator("td.field-exercise")).to_have_text(movements)
    expect(page.locator("td.field-order")).to_have_text(
        [str(n) for n in range(1, 1 + len(movements))]
    )


def test_a_coach_sees_an_athletes_weekly_training_load_drawn_and_opens_a_result_of_a_wod(
    page, admin_user, user, catalogue
):
    amrap = make_wod_as(user=user, format="amrap", minutes=20, movements=[("Burpee", {"reps": 10})])
    weeks_ago = [timezone.now() - datetime.timedelta(weeks=weeks) for weeks in (3, 1, 0)]
    for performed_at, rpe in zip(weeks_ago, (4, 9, 6), strict=True):  # loads 80, 180, 120
        make_result(wod=amrap, rounds=10, rpe=rpe, performed_at=performed_at)

    page.goto("/admin/")
    log_in(page, admin_user.email, ADMIN_PASSWORD)
    page.locator("#users-user").get_by_role("link", name="Users").click()
    page.get_by_role("link", name=user.email, exact=True).click()

    chart = page.locator("svg#training-load")
    expect(chart).to_be_visible()
    bars = chart.locator("rect.bar")
    expect(bars).to_have_count(STATS_WEEKS)
    heights = [bars.nth(week).bounding_box()["height"] for week in range(STATS_WEEKS)]
    # Drawn to scale: the RPE-9 week is the tallest, an empty week has no bar.
    assert heights[-2] > heights[-1] > heights[-4] > 0
    assert heights[-3] == 0
    assert heights[-1] / heights[-2] == pytest.approx(120 / 180, rel=0.02)

    page.goto("/admin/wods/wodresult/")
    page.get_by_role("link", name=re.compile(rf"^WOD {amrap.pk} ")).first.click()
    expect(page.locator("h1")).to_have_text("View wod")
    expect(page.locator("td.field-score")).to_have_text(["10 rounds + 0 reps"] * 3)


def test_retry_selected_on_a_dead_request_shows_it_queued(page, admin_user, user, broker):
    dead = make_wod_request(user=user, status=WodRequest.Status.DEAD)

    page.goto("/admin/wods/wodrequest/")
    log_in(page, admin_user.email, ADMIN_PASSWORD)
    expect(page.locator("td.field-coloured_status")).to_have_text(["dead"])
    page.locator(f'input[name="_selected_action"][value="{dead.pk}"]').check()
    page.locator('select[name="action"]').select_option("retry_selected")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_have_text("1 request(s) sent to the queue again.")
    expect(page.locator("td.field-coloured_status")).to_have_text(["queued"])
    assert broker.ready() == 1


@pytest.mark.parametrize("max_deliveries", [2])
def test_the_queue_overview_opens_from_the_admin_index_and_replays_the_dead_letters(
    page, admin_user, user, broker, catalogue
):
    make_dead_wod_requests(user=user, count=1)

    page.goto("/admin/")
    log_in(page, admin_user.email, ADMIN_PASSWORD)
    page.get_by_role("link", name="Queue overview").click()

    expect(page.locator("h1")).to_have_text("Queue overview")
    expect(page.locator("#queues th[scope=row]")).to_have_text(
        [broker.topology.queue, broker.topology.dead_letter_queue]
    )
    expect(page.locator("#status-dead .field-count")).to_have_text("1")
    page.get_by_role("button", name="Replay dead letters").click()

    expect(page.locator(".messagelist")).to_have_text(
        "Replayed 1 dead letter(s); 0 already done; 0 kept in the dead queue."
    )
    expect(page.locator("#status-dead .field-count")).to_have_text("0")
    expect(page.locator("#status-queued .field-count")).to_have_text("1")
    assert broker.dead() == 0


def test_an_athlete_posts_a_wod_request_in_the_browsable_api_and_sees_it_done(
    page, user, broker, catalogue
):
    with consumer_in_thread():
        page.goto("/api/")
        page.get_by_role("link", name="Log in").click()
        log_in(page, user.email, ATHLETE_PASSWORD)
        expect(page).to_have_url(re.compile(r"/api/$"))
        page.locator('a[href$="/api/wods/requests/"]').click()
        page.locator("#post-object-form").get_by_role("button", name="POST").click()

        expect(page.locator(".response-info")).to_contain_text("HTTP 202 Accepted")
        page.locator(".response-info a", has_text="/api/wods/requests/").click()
        for _ in range(STATUS_POLLS):
            if '"status": "done"' in page.locator(".response-info").inner_text():
                break
            page.wait_for_timeout(250)
            page.reload()

        expect(page.locator(".response-info")).to_contain_text('"status": "done"')
    assert WodRequest.objects.get(user=user).wod.user == user


def test_the_api_docs_open_after_logging_in_with_every_endpoint_and_jwt_auth(page, user):
    page.goto("/api/docs/")
    log_in(page, user.email, ATHLETE_PASSWORD)

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Coach API")
    paths = page.locator(".opblock-summary-path")
    expect(paths.filter(has_text=re.compile(r"^/api/wods/requests/$"))).to_have_count(2)
    expect(paths.filter(has_text="/api/auth/token/")).not_to_have_count(0)
    page.get_by_role("button", name="Authorize").first.click()
    expect(page.locator(".modal-ux-content")).to_contain_text(
        re.compile(r"jwtAuth\s*\(http, Bearer\)")
    )

    page.goto("/api/redoc/")
    expect(page.locator("h1")).to_contain_text("Coach API")


def test_a_coach_opens_a_session_in_the_admin_and_reads_its_parts_in_order(
    page, admin_user, user, catalogue
):
    wod = make_session_wod(user=user)
    metcon = [m.exercise.name for m in wod.movements.select_related("exercise")]

    page.goto("/admin/")
    log_in(page, admin_user.email, ADMIN_PASSWORD)
    page.get_by_role("link", name="Wods", exact=True).click()
    page.locator("#result_list").get_by_role("link", name=str(wod.pk), exact=True).click()

    session = page.locator("table#session")
    expect(session).to_be_visible()
    expect(session.locator("tr.session-part th:first-child")).to_have_text(
        ["1. Warm-up", "2. Strength", "3. Metcon", "4. Cool-down"]
    )
    # Each part's movements follow it: the strength block's squat, the metcon's movements.
    rows = session.locator("tbody tr")
    texts = [rows.nth(i).locator("> *").first.inner_text() for i in range(rows.count())]
    strength = texts.index("2. Strength")
    assert texts[strength + 1] == "Back Squat"
    metcon_at = texts.index("3. Metcon")
    assert texts[metcon_at + 1 : metcon_at + 1 + len(metcon)] == metcon
    expect(session).to_contain_text("5 x 5 reps at 55 / 80 kg, at RPE 7")
    expect(page.locator(".field-session_minutes .readonly")).to_have_text(str(27 + wod.minutes))


def test_an_athlete_reads_a_session_part_by_part_in_the_browsable_api(page, user, catalogue):
    wod = make_session_wod(user=user)

    page.goto("/api/")
    page.get_by_role("link", name="Log in").click()
    log_in(page, user.email, ATHLETE_PASSWORD)
    page.goto(f"/api/wods/{wod.pk}/")

    body = page.locator(".response-info")
    expect(body).to_contain_text("HTTP 200 OK")
    text = body.inner_text()
    assert re.findall(r'"kind": "(\w+)"', text) == ["warm_up", "strength", "metcon", "cool_down"]
    assert '"description": "Back squat 5x5 at RPE 7"' in text
    assert f'"session_minutes": {27 + wod.minutes}' in text
    assert '"scaled": {' in text


def test_a_coach_sees_an_athletes_benchmark_scores_drawn_to_scale(
    page, admin_user, user, catalogue
):
    fran = make_wod_as(
        user=user,
        format="descending",
        minutes=10,
        rounds=3,
        movements=[("Thruster", {"reps": 21, "load_kg": 43}), ("Pull-Up", {"reps": 21})],
    )
    fran.benchmark, fran.rep_scheme, fran.score_type = "fran", "21-15-9", "time"
    fran.save(update_fields=["benchmark", "rep_scheme", "score_type"])
    for weeks, seconds in ((8, 480), (4, 420), (0, 360)):  # 8, 7 and 6 minutes
        performed_at = timezone.now() - datetime.timedelta(weeks=weeks)
        make_result(wod=fran, time_seconds=seconds, performed_at=performed_at)

    page.goto("/admin/")
    log_in(page, admin_user.email, ADMIN_PASSWORD)
    page.goto(f"/admin/users/user/{user.pk}/change/")

    chart = page.locator("svg#benchmark-fran")
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_have_text("Fran: minutes, lower is better")
    bars = chart.locator("rect.bar")
    expect(bars).to_have_count(3)
    heights = [bars.nth(index).bounding_box()["height"] for index in range(3)]
    assert heights[0] > heights[1] > heights[2] > 0
    assert heights[2] / heights[0] == pytest.approx(6 / 8, rel=0.02)
