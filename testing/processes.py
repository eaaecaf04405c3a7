"""Child processes that share the test's database and queues: `manage.py`, gunicorn."""

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def subprocess_env() -> dict[str, str]:
    """The environment for a `manage.py` child that shares this test's database and queues."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        url = f"sqlite:///{db['NAME']}"
    else:
        password = db["PASSWORD"] or ""
        host = db["HOST"] or "localhost"
        url = f"postgres://{db['USER']}:{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coachsite.settings.test",
        "DATABASE_URL": url,
        "WOD_QUEUE_PREFIX": settings.WOD_QUEUE_PREFIX,
        "WOD_MAX_DELIVERIES": str(settings.WOD_MAX_DELIVERIES),
        "PYTHONUNBUFFERED": "1",
    }


def start_manage(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=subprocess_env(),
        cwd=BASE_DIR,
        **popen,
    )


def free_port() -> int:
    """A TCP port nobody listens on right now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *options: str) -> Iterator[str]:
    """gunicorn serving the project on a free local port, with `options`; yields its base URL.

    The port is the one the kernel gives gunicorn's `127.0.0.1:0` bind, read from its log, so
    no other process can take it between choosing and binding.
    """
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "coachsite.wsgi:application"),
            *("--bind", "127.0.0.1:0", "--workers", "1", *options),
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in server.stderr:
            if listening := re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line):
                break
        else:
            raise RuntimeError(f"gunicorn exited with {server.wait()} before listening")
        yield listening[1]
    finally:
        server.terminate()
        server.wait(timeout=30)
