"""Child processes that share the test's database and queues: `manage.py`, gunicorn."""

import os
import socket
import subprocess
import sys
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
