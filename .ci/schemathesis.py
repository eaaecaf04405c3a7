"""Schemathesis against a live Coach: no 5xx, and every response as the schema describes it.

Starts gunicorn on a free local port over a fresh, migrated database (SQLite in a temporary
folder, or the PostgreSQL database named by SCHEMATHESIS_DATABASE_URL, dropped and created
anew), makes an athlete and a coach (staff) with a token each, runs `schemathesis run`
against /api/schema/ once with each token (the coach's reaches the catalogue writes, and the
daily endpoint through its permission), then stops the server. Exits non-zero if either run
fails or the server logged a traceback.

Every check runs but `positive_data_acceptance`: it wants any schema-valid body accepted,
while a taken email or a refresh token that is not one is schema-valid and still a 400.

    .venv/bin/python .ci/schemathesis.py [extra schemathesis options]
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Bounded so the step takes about a minute or two on a busy two-core machine.
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25")
USERS = {"athlete": "schemathesis@example.com", "coach": "schemathesis-coach@example.com"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres(url: str, *statements: str) -> None:
    """Run statements on the server of `url`, outside any database of the app."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.format(name=config["NAME"]))
    connection.close()


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def wait_until_served(url: str, token: str, server: subprocess.Popen) -> None:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within 60 s")


def run_schemathesis(schema_url: str, token: str, workdir: Path) -> int:
    return subprocess.call(
        [
            str(BIN / "schemathesis"),
            "run",
            schema_url,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            MAX_EXAMPLES,
            "--workers",
            "1",
            "--seed",
            os.environ.get("SCHEMATHESIS_SEED", str(secrets.randbelow(2**31))),
            *sys.argv[1:],
        ],
        cwd=workdir,
    )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="coach-schemathesis-"))
    database_url = os.environ.get(
        "SCHEMATHESIS_DATABASE_URL", f"sqlite:///{workdir / 'db.sqlite3'}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coachsite.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SIGNING_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # No broker on this port: WOD requests stay `pending`, and the API answers 202 alike.
        "AMQP_URL": "amqp://guest:guest@127.0.0.1:1/%2F",
        "THROTTLE_ANON_AUTH": "100000/min",
        "THROTTLE_WOD_REQUESTS": "100000/min",
        "JWT_ACCESS_MINUTES": "60",
        "LOG_LEVEL": "WARNING",
    }
    on_postgres = database_url.startswith("postgres")
    if on_postgres:
        postgres(database_url, 'DROP DATABASE IF EXISTS "{name}"', 'CREATE DATABASE "{name}"')
    try:
        return serve_and_test(env, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if on_postgres:
            postgres(database_url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def serve_and_test(env: dict[str, str], workdir: Path) -> int:
    manage("migrate", "--noinput", env=env)
    tokens = manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "import datetime\n"
        "from rest_framework_simplejwt.tokens import RefreshToken\n"
        "from users.services import user_ensure\n"
        "from wods.broker.messages import WodMessage\n"
        "from wods.models import WodRequest\n"
        "from wods.services import wod_requests_fulfil\n"
        f"for email, staff in (({USERS['athlete']!r}, False), ({USERS['coach']!r}, True)):\n"
        f"    user, _ = user_ensure(email=email, password={secrets.token_urlsafe(16)!r},"
        " is_staff=staff, permissions=['wods.request_daily_wods'] if staff else [])\n"
        # A WOD each, so the WOD endpoints answer with one.
        "    request = WodRequest.objects.create(user=user, for_date=datetime.date(2026, 1, 1))\n"
        "    wod_requests_fulfil(messages=[WodMessage(request.id, email, request.for_date)],"
        " attempts=[1])\n"
        "    print(RefreshToken.for_user(user).access_token)",
        env=env,
    ).split()

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server_log = workdir / "gunicorn.log"
    with server_log.open("w") as log:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "coachsite.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                # No 4 KB cap on the request line (gunicorn would answer 414 itself): long
                # query strings reach Django, which is what is under test.
                "--limit-request-line",
                "0",
                "--error-logfile",
                "-",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_served(f"{base_url}/api/schema/", tokens[0], server)
        statuses = []
        for name, token in zip(USERS, tokens, strict=True):
            print(f"\n==> schemathesis as the {name}", flush=True)
            statuses.append(run_schemathesis(f"{base_url}/api/schema/", token, workdir))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    log = server_log.read_text()
    if any(statuses) or "Traceback" in log:
        # The 4xx answers schemathesis provoked are logged by the thousand; show the rest.
        print("\n--- gunicorn log, without the 4xx lines ---")
        print(
            "\n".join(line for line in log.splitlines() if " WARNING django.request " not in line)
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
