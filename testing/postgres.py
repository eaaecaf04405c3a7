"""A PostgreSQL server of a test's own, to restart and stop under a running process.

The machine's server is shared by everyone's tests and never restarted; this one lives in a
temporary folder (data, socket and log), listens on 127.0.0.1 and a free port, trusts local
connections, and is gone once the block ends:

    with ThrowawayPostgres.create() as postgres:
        postgres.url("coach")           # postgres://postgres@127.0.0.1:<port>/coach
        postgres.restart()              # pg_ctl restart -m fast: every session is dropped
        postgres.stop(); postgres.start()

Needs PostgreSQL's server programs (Debian: postgresql); as root they run as `postgres`,
since initdb refuses root. `unavailable_reason()` says why a host cannot have one.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Debian keeps each major version's server programs here, outside PATH.
DEBIAN_PROGRAMS = Path("/usr/lib/postgresql")


class PostgresError(Exception):
    """A pg_ctl or initdb command failed; the message quotes its output and the log."""


def programs() -> Path | None:
    """The folder of the newest installed server programs (initdb, pg_ctl), if any."""
    versions = sorted(
        (path for path in DEBIAN_PROGRAMS.glob("*/bin") if (path / "pg_ctl").exists()),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1]
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def unavailable_reason() -> str | None:
    if programs() is None:
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "as root, initdb needs a `postgres` user to run as"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class ThrowawayPostgres:
    directory: Path
    port: int
    bin: Path

    @classmethod
    @contextmanager
    def create(cls) -> Iterator["ThrowawayPostgres"]:
        bin_folder = programs()
        if bin_folder is None:
            raise PostgresError(unavailable_reason())
        directory = Path(tempfile.mkdtemp(prefix="coach-postgres-"))
        server = cls(directory=directory, port=free_port(), bin=bin_folder)
        try:
            server._initialise()
            server.start()
            yield server
        finally:
            server._discard()

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def log(self) -> Path:
        return self.directory / "server.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._pg_ctl("start", "--log", str(self.log))

    def restart(self) -> None:
        """Stop (fast: every session is ended) and start again, as `pg_ctlcluster restart`."""
        self._pg_ctl("restart", "--mode", "fast", "--log", str(self.log))

    def stop(self) -> None:
        self._pg_ctl("stop", "--mode", "fast")

    def _initialise(self) -> None:
        self.data.mkdir()
        self._hand_over(self.directory)
        self._run(
            self.bin / "initdb",
            "--pgdata", str(self.data),
            "--username", "postgres",
            "--auth", "trust",
            "--encoding", "UTF8",
            "--no-sync",
        )  # fmt: skip
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.directory}'\n"
                # Nothing here outlives the test: no need to wait for the disk.
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
            )

    def _discard(self) -> None:
        if (self.data / "postmaster.pid").exists():
            # A stale pid file (the server already stopped) makes pg_ctl fail: nothing to do.
            with contextlib.suppress(PostgresError):
                self._pg_ctl("stop", "--mode", "immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _pg_ctl(self, *arguments: str) -> None:
        self._run(self.bin / "pg_ctl", "--pgdata", str(self.data), "--wait", *arguments)

    def _run(self, program: Path, *arguments: str) -> None:
        command = [str(program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.directory)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresError(
                f"{' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}\n{log}"
            )

    def _hand_over(self, path: Path) -> None:
        """As root, the folder belongs to `postgres`, who runs the server."""
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            for each in (path, *path.rglob("*")):
                os.chown(each, entry.pw_uid, entry.pw_gid)
