"""The test's database gone away, as during a restart, without touching anyone's server."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from testing.processes import free_port

# A file SQLite cannot create: its folder does not exist.
UNREACHABLE_SQLITE_FILE = "/nonexistent/coach-database-away/db.sqlite3"


@contextmanager
def database_away() -> Iterator[None]:
    """Inside the block the default database cannot be reached: its connection is closed and
    every new one goes to a port where nothing listens (PostgreSQL) or to a file that cannot
    be opened (SQLite), so queries fail as they do while a server restarts. The settings are
    restored on leaving; the next query connects to the test's database again.

    For tests that commit for real (`django_db(transaction=True)`): closing the connection
    would end a test's own transaction.
    """
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = UNREACHABLE_SQLITE_FILE
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    try:
        yield
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
