"""Results in the admin: their list and page, the WOD page's results, and each athlete's
weekly training load drawn on their page of the user admin."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from testing.admin_pages import cells, readonly
from wods.models import WodResult
from wods.selectors import STATS_WEEKS
from wods.tests.factories import make_result, make_wod_as

pytestmark = pytest.mark.django_db

RESULT_LIST = reverse("admin:wods_wodresult_changelist")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def amrap(user, catalogue):
    return make_wod_as(user=user, format="amrap", minutes=10, movements=[("Burpee", {"reps": 10})])


@pytest.fixture
def for_time(other_user, catalogue):
    return make_wod_as(
        user=other_user,
        format="for_time",
        minutes=10,
        rounds=3,
        movements=[("Thruster", {"reps": 15}), ("Pull-Up", {"reps": 15})],
    )


def listed(admin_client, **params) -> list[str]:
    html = admin_client.get(RESULT_LIST, params).content.decode()
    return cells(html, "id")


def test_the_result_list_shows_athlete_wod_format_score_rx_and_rpe(admin_client, amrap, for_time):
    scaled = make_result(wod=amrap, rx=False, scale="foundations", rounds=9, reps=3, rpe=7)
    capped = make_result(wod=for_time, reps=75)

    html = admin_client.get(RESULT_LIST).content.decode()

    assert cells(html, "id") == [str(capped.pk), str(scaled.pk)]
    assert cells(html, "athlete") == ["bo@example.com", "ana@example.com"]
    assert cells(html, "wod_format") == ["For Time", "AMRAP"]
    assert cells(html, "score") == ["capped at 75 reps", "9 rounds + 3 reps"]
    assert cells(html, "rx_or_scaled") == ["Rx", "Scaled (foundations)"]
    assert cells(html, "rpe") == ["-", "7"]
    assert f'href="{reverse("admin:wods_wod_change", args=[amrap.pk])}"' in html


def test_the_result_list_filters_by_athlete_format_and_date(admin_client, user, amrap, for_time):
    mine = make_result(
        wod=amrap, rounds=5, performed_at=timezone.now() - datetime.timedelta(days=40)
    )
    theirs = make_result(wod=for_time, time_seconds=400)

    assert listed(admin_client, user__id__exact=user.pk) == [str(mine.pk)]
    assert listed(admin_client, wod__format__exact="for_time") == [str(theirs.pk)]
    week_ago = (timezone.now() - datetime.timedelta(days=7)).isoformat()
    assert listed(admin_client, performed_at__gte=week_ago) == [str(theirs.pk)]
    html = admin_client.get(RESULT_LIST).content.decode()
    for title in ("By athlete", "By format", "By performed at"):
        assert title in html


def test_a_result_page_is_read_only_and_links_to_its_wod(admin_client, amrap):
    result = make_result(wod=amrap, rounds=9, reps=3, notes="Felt strong.")

    html = admin_client.get(
        reverse("admin:wods_wodresult_change", args=[result.pk])
    ).content.decode()

    assert f'href="{reverse("admin:wods_wod_change", args=[amrap.pk])}"' in readonly_html(html)
    assert readonly(html, "score") == "9 rounds + 3 reps"
    assert readonly(html, "notes") == "Felt strong."
    assert 'name="notes"' not in html
    assert admin_client.get(reverse("admin:wods_wodresult_add")).status_code == 403


def readonly_html(html: str) -> str:
    return " ".join(re.findall(r'<div class="readonly">(.*?)</div>', html, flags=re.S))


def test_results_cannot_be_changed_through_the_admin(admin_client, amrap):
    result = make_result(wod=amrap, rounds=9)

    response = admin_client.post(
        reverse("admin:wods_wodresult_change", args=[result.pk]), {"rounds": 40, "rx": "on"}
    )

    assert response.status_code == 403
    result.refresh_from_db()
    assert result.rounds == 9


def test_a_wod_page_shows_its_results_read_only_with_links(admin_client, amrap):
    result = make_result(wod=amrap, rounds=9, reps=3, rpe=8, notes="Legs gone.")

    html = admin_client.get(reverse("admin:wods_wod_change", args=[amrap.pk])).content.decode()

    assert cells(html, "score") == ["9 rounds + 3 reps"]
    assert cells(html, "rpe") == ["8"]
    assert cells(html, "notes") == ["Legs gone."]
    assert f'href="{reverse("admin:wods_wodresult_change", args=[result.pk])}"' in html
    assert 'name="results-0-notes"' not in html


# The training-load chart
# ------------------------------------------------------------------------------


def chart(html: str, element_id: str = "training-load") -> ET.Element:
    svg = re.search(rf'<svg id="{element_id}".*?</svg>', html, flags=re.S)[0]
    return ET.fromstring(svg)


def test_an_athletes_admin_page_charts_the_weekly_training_load_of_twelve_weeks(
    admin_client, user, amrap
):
    make_result(wod=amrap, rounds=5, rpe=8)  # 10 minutes at RPE 8: a load of 80
    make_result(
        wod=amrap, rounds=5, rpe=5, performed_at=timezone.now() - datetime.timedelta(weeks=2)
    )

    html = admin_client.get(reverse("admin:users_user_change", args=[user.pk])).content.decode()

    bars = [rect for rect in chart(html).iter(f"{SVG}rect") if rect.get("class") == "bar"]
    assert len(bars) == STATS_WEEKS
    assert [bar.get("data-value") for bar in bars][-3:] == ["50", "0", "80"]
    assert float(bars[-1].get("height")) > float(bars[-3].get("height")) > 0
    assert "80 (1 sessions, 10 min)" in bars[-1].find(f"{SVG}title").text


def test_the_add_page_of_a_user_has_no_chart(admin_client):
    html = admin_client.get(reverse("admin:users_user_add")).content.decode()

    assert "training-load" not in html
    assert WodResult.objects.count() == 0


def test_the_result_list_filters_by_benchmark(admin_client, amrap, for_time):
    for_time.benchmark = "fran"
    for_time.save(update_fields=["benchmark"])
    fran = make_result(wod=for_time, time_seconds=400)
    make_result(wod=amrap, rounds=5)

    assert listed(admin_client, wod__benchmark="fran") == [str(fran.pk)]
    assert "By benchmark" in admin_client.get(RESULT_LIST).content.decode()


def test_an_athletes_admin_page_charts_each_benchmark_they_logged_in_twelve_weeks(
    admin_client, user, catalogue
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
    weeks_ago = [timezone.now() - datetime.timedelta(weeks=weeks) for weeks in (14, 6, 1)]
    for performed_at, seconds in zip(weeks_ago, (500, 420, 390), strict=True):
        make_result(wod=fran, time_seconds=seconds, performed_at=performed_at)
    make_result(wod=fran, rx=False, reps=60, performed_at=timezone.now())

    html = admin_client.get(reverse("admin:users_user_change", args=[user.pk])).content.decode()

    svg = chart(html, element_id="benchmark-fran")
    assert "Fran: minutes, lower is better" in svg.find(f"{SVG}title").text
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "bar"]
    # The one of 14 weeks ago is past the chart; the capped one is drawn at the 10-min cap.
    assert [bar.get("data-value") for bar in bars] == ["7", "6.5", "10"]
    assert bars[-1].find(f"{SVG}title").text.endswith("capped at 60 reps, scaled")
    assert 'id="benchmark-grace"' not in html


def test_an_athlete_without_benchmarks_has_a_line_saying_so(admin_client, user):
    html = admin_client.get(reverse("admin:users_user_change", args=[user.pk])).content.decode()

    assert f"No benchmark logged in the last {STATS_WEEKS} weeks." in html
