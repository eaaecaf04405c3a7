"""The cron jobs as cron runs them: the crontab lines `manage.py crontab add` writes, executed
by `/bin/sh` in cron's bare environment, against a live server, RabbitMQ and a consumer."""

import json
import os
import re
import stat
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from testing.consumers import run_consumer
from testing.processes import free_port, subprocess_env
from users.models import User
from wods.cron import get_access_token, request_daily_wods
from wods.cron_errors import CronJobFailed
from wods.models import Wod, WodRequest
from wods.tests.factories import make_wod_request

SERVICE_EMAIL = "cron@coach.example"
SERVICE_PASSWORD = "a-long-unusual-service-passphrase"
DAILY_JOB = "wods.cron.daily_wods"
RELAY_JOB = "wods.cron.publish_pending_wods"

pytestmark = pytest.mark.django_db(transaction=True)


# A crontab of the test's own
# ------------------------------------------------------------------------------

FAKE_CRONTAB = """#!/bin/sh
# crontab(1) as django-crontab uses it, kept in a file beside this script.
table="$(dirname "$0")/table"
if [ "$1" = "-l" ]; then
    [ -f "$table" ] && cat "$table"
else
    cp "$1" "$table"
fi
"""


@pytest.fixture
def crontab(tmp_path, settings) -> Path:
    """The crontab django-crontab reads and writes, as a file under `tmp_path`.

    django-crontab speaks to crontab(1) in two ways only: `crontab -l` to read the table and
    `crontab FILE` to replace it. CRONTAB_EXECUTABLE points at a script that does both on a
    file of this test's own, so the machine's crontab is never read or written. Backing the
    real one up and restoring it would touch it anyway, and leave it altered if the test died
    in between. The file, and the jobs' log, go with `tmp_path`.
    """
    executable = tmp_path / "crontab"
    executable.write_text(FAKE_CRONTAB)
    executable.chmod(executable.stat().st_mode | stat.S_IXUSR)
    settings.CRONTAB_EXECUTABLE = str(executable)
    settings.CRONTAB_COMMAND_SUFFIX = f">> {tmp_path / 'cron.log'} 2>&1"
    table = tmp_path / "table"
    table.write_text("# m h dom mon dow command\n30 3 * * * /usr/local/bin/backup-photos\n")
    return table


def crontab_manage(subcommand: str, capsys) -> str:
    capsys.readouterr()
    call_command("crontab", subcommand)
    return capsys.readouterr().out


def cron_line(crontab: Path, job: str, capsys) -> str:
    """The line `crontab add` wrote for `job`, found through the hash `crontab show` gives it."""
    shown = crontab_manage("show", capsys)
    job_hash = next(line.split()[0] for line in shown.splitlines() if f"'{job}'" in line)
    return next(line for line in crontab.read_text().splitlines() if job_hash in line)


def run_as_cron(line: str, tmp_path: Path, **environment: str) -> str:
    """Run a crontab line's command the way cron does: `/bin/sh -c` in a bare environment.

    The variables given stand for what `.env` holds in production; TMPDIR keeps the job's
    lock file (CRONTAB_LOCK_JOBS) in `tmp_path`. Returns the job's log.
    """
    command = line.split(maxsplit=5)[5]
    cron_environment = {
        "HOME": str(tmp_path),
        "LOGNAME": "cron",
        "PATH": "/usr/bin:/bin",
        "SHELL": "/bin/sh",
        "TMPDIR": str(tmp_path),
        **environment,
    }
    subprocess.run(["/bin/sh", "-c", command], env=cron_environment, check=True, timeout=120)
    return (tmp_path / "cron.log").read_text()


def test_crontab_add_installs_both_jobs_beside_the_lines_already_there_and_remove_takes_them_out(
    crontab, settings, capsys
):
    crontab_manage("add", capsys)

    shown = crontab_manage("show", capsys)
    assert f"'{DAILY_JOB}'" in shown
    assert f"'{RELAY_JOB}'" in shown
    daily, relay = cron_line(crontab, DAILY_JOB, capsys), cron_line(crontab, RELAY_JOB, capsys)
    assert daily.startswith(f"{settings.WOD_DAILY_CRON} ")
    assert relay.startswith("* * * * * ")
    for line in (daily, relay):
        assert f"--settings={os.environ['DJANGO_SETTINGS_MODULE']}" in line
        assert line.endswith(f"{settings.CRONTAB_COMMAND_SUFFIX} # django-cronjobs for coachsite")
    assert "/usr/local/bin/backup-photos" in crontab.read_text()

    crontab_manage("add", capsys)
    assert len(crontab.read_text().splitlines()) == 2 + len(settings.CRONJOBS)

    crontab_manage("remove", capsys)
    assert DAILY_JOB not in crontab_manage("show", capsys)
    assert crontab.read_text().splitlines() == [
        "# m h dom mon dow command",
        "30 3 * * * /usr/local/bin/backup-photos",
    ]


# The daily job against a live server
# ------------------------------------------------------------------------------


@pytest.fixture
def service_account(settings, live_server) -> dict[str, str]:
    """The service account, made by its command; returns the variables the job is given."""
    settings.COACH_SERVICE_EMAIL = SERVICE_EMAIL
    settings.COACH_SERVICE_PASSWORD = SERVICE_PASSWORD
    settings.COACH_API_URL = live_server.url
    settings.COACH_API_BACKOFF_SECONDS = 0
    call_command("create_service_account", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {
        "COACH_API_URL": live_server.url,
        "COACH_SERVICE_EMAIL": SERVICE_EMAIL,
        "COACH_SERVICE_PASSWORD": SERVICE_PASSWORD,
        "COACH_API_BACKOFF_SECONDS": "0",
    }


@pytest.fixture
def athletes(make_user, settings):
    """Three athletes whose day has begun whatever the hour (WOD_DAILY_LOCAL_HOUR=0; the
    server in the live_server thread reads the test's settings), and one who left."""
    settings.WOD_DAILY_LOCAL_HOUR = 0
    make_user(email="gone@example.com", is_active=False)
    return [make_user() for _ in range(3)]


def test_the_daily_job_run_as_cron_gets_a_token_and_every_active_athlete_gets_a_wod(
    crontab, service_account, athletes, broker, catalogue, tmp_path, capsys
):
    crontab_manage("add", capsys)

    log = run_as_cron(cron_line(crontab, DAILY_JOB, capsys), tmp_path, **service_account)

    today = timezone.localdate()
    assert re.search(
        r"\[Cron\] Daily WODs as of \S+ in 1 page\(s\): 3 created, 0 already existed, 3 queued",
        log,
    )
    requests = WodRequest.objects.filter(source=WodRequest.Source.DAILY)
    assert sorted(requests.values_list("user__email", flat=True)) == sorted(
        athlete.email for athlete in athletes
    )
    assert set(requests.values_list("for_date", "status")) == {(today, "queued")}

    run_consumer(max_messages=3)

    assert sorted(Wod.objects.values_list("user__email", flat=True)) == sorted(
        athlete.email for athlete in athletes
    )


def test_the_daily_job_follows_the_cursor_page_after_page_to_the_last(
    crontab, service_account, athletes, make_user, broker, tmp_path, capsys
):
    athletes += [make_user() for _ in range(4)]
    crontab_manage("add", capsys)

    log = run_as_cron(
        cron_line(crontab, DAILY_JOB, capsys), tmp_path, WOD_DAILY_PAGE_SIZE="2", **service_account
    )

    # Nine users (the service account and one who left among them), two per page, every
    # page on the clocks of the instant the run began.
    [as_of] = set(re.findall(r"\[Cron\] Daily WODs as of (\S+), page \d: ", log))
    assert f"[Cron] Daily WODs as of {as_of}, page 5: " in log
    assert (
        f"[Cron] Daily WODs as of {as_of} in 5 page(s): 7 created, 0 already existed, 7 queued"
        in log
    )
    assert sorted(
        WodRequest.objects.filter(source="daily").values_list("user__email", flat=True)
    ) == sorted(athlete.email for athlete in athletes)
    assert broker.ready() == 7


def test_running_the_daily_job_twice_creates_no_duplicates(
    crontab, service_account, athletes, broker, tmp_path, capsys
):
    crontab_manage("add", capsys)
    line = cron_line(crontab, DAILY_JOB, capsys)

    run_as_cron(line, tmp_path, **service_account)
    log = run_as_cron(line, tmp_path, **service_account)

    assert log.rstrip().endswith("0 created, 3 already existed, 0 queued")
    assert WodRequest.objects.count() == 3
    assert broker.ready() == 3


def test_a_wrong_password_is_logged_in_one_line_without_the_password_or_a_traceback(
    crontab, service_account, athletes, broker, tmp_path, capsys
):
    crontab_manage("add", capsys)
    wrong = "wrong-but-long-enough-passphrase"

    log = run_as_cron(
        cron_line(crontab, DAILY_JOB, capsys),
        tmp_path,
        **{**service_account, "COACH_SERVICE_PASSWORD": wrong},
    )

    assert (
        "ERROR wods.cron [Cron] Daily WODs failed: the API refused the service account's "
        "credentials (HTTP 401): check COACH_SERVICE_EMAIL and COACH_SERVICE_PASSWORD"
    ) in log
    assert "Failed to complete cronjob" in log
    assert "Traceback" not in log
    assert wrong not in log
    assert SERVICE_PASSWORD not in log
    assert not WodRequest.objects.exists()


def test_an_unreachable_api_is_retried_then_logged_in_one_line(
    crontab, service_account, tmp_path, capsys
):
    crontab_manage("add", capsys)
    nowhere = f"http://127.0.0.1:{free_port()}"

    log = run_as_cron(
        cron_line(crontab, DAILY_JOB, capsys),
        tmp_path,
        **{**service_account, "COACH_API_URL": nowhere, "COACH_API_RETRIES": "2"},
    )

    retries = [line for line in log.splitlines() if "[Cron] POST /api/auth/token/ failed" in line]
    assert [line.split("; ")[1] for line in retries] == [
        "retry 1 of 2 in 0.0s",
        "retry 2 of 2 in 0.0s",
    ]
    assert (
        f"[Cron] Daily WODs failed: POST {nowhere}/api/auth/token/ failed after 2 retries: "
    ) in log
    assert "Connection refused" in log
    assert "Traceback" not in log
    assert SERVICE_PASSWORD not in log


def test_a_service_account_without_its_permission_is_told_how_to_fix_it(
    service_account, athletes, broker
):
    User.objects.get(email=SERVICE_EMAIL).user_permissions.clear()

    with pytest.raises(
        CronJobFailed, match=r"HTTP 403\): it must be active and hold the wods.request_daily_wods"
    ):
        request_daily_wods(get_access_token())


def test_the_relay_job_run_as_cron_publishes_the_requests_left_pending(
    crontab, user, broker, tmp_path, capsys
):
    request = make_wod_request(user=user, status=WodRequest.Status.PENDING)
    crontab_manage("add", capsys)
    database_and_queues = {
        name: value
        for name, value in subprocess_env().items()
        if name in ("DATABASE_URL", "WOD_QUEUE_PREFIX", "WOD_MAX_DELIVERIES", "AMQP_URL")
    }

    log = run_as_cron(cron_line(crontab, RELAY_JOB, capsys), tmp_path, **database_and_queues)

    assert "[Cron] Published 1 pending request(s)" in log
    request.refresh_from_db()
    assert request.status == WodRequest.Status.QUEUED
    assert broker.ready() == 1


# Retries against an API that fails for a while
# ------------------------------------------------------------------------------


class FlakyApi:
    """A stand-in HTTP API that answers each POST with the next scripted status."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.calls = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = api.statuses[min(api.calls, len(api.statuses) - 1)]
                api.calls += 1
                body = json.dumps({"access": "a-token"} if status == 200 else {}).encode()
                self.send_response(status)
                if status == 301:
                    self.send_header("Location", "https://coach.example.com/api/auth/token/")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def flaky_api(settings) -> Iterator[FlakyApi]:
    api = FlakyApi([200])
    # A short poll, so that shutdown() at the end returns at once rather than in half a second.
    thread = threading.Thread(
        target=api.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.COACH_API_URL = api.url
    settings.COACH_SERVICE_PASSWORD = SERVICE_PASSWORD
    settings.COACH_API_RETRIES = 3
    settings.COACH_API_BACKOFF_SECONDS = 0
    yield api
    api.server.shutdown()
    api.server.server_close()
    thread.join()


def test_5xx_answers_are_retried_until_the_api_recovers(flaky_api, caplog):
    flaky_api.statuses = [503, 502, 200]

    assert get_access_token() == "a-token"

    assert flaky_api.calls == 3
    retries = [record.getMessage() for record in caplog.records if record.name == "wods.cron"]
    assert [message.split(" failed ")[1] for message in retries] == [
        "(HTTP 503); retry 1 of 3 in 0.0s",
        "(HTTP 502); retry 2 of 3 in 0.0s",
    ]


def test_an_api_that_keeps_failing_is_reported_after_the_retries(flaky_api):
    flaky_api.statuses = [500]

    with pytest.raises(CronJobFailed, match=r"still answered HTTP 500 .* after 3 retries"):
        get_access_token()

    assert flaky_api.calls == 4


def test_a_redirect_is_not_followed_but_reported_with_the_address_to_use(flaky_api):
    flaky_api.statuses = [301]

    with pytest.raises(CronJobFailed, match=r"redirected to https://coach\.example\.com/api/auth"):
        get_access_token()

    assert flaky_api.calls == 1
