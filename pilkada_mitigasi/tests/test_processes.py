"""Every process file runs one worker for the critical queue alone, one for the default queue and one beat."""

import os
import re
import shlex
from pathlib import Path

import pytest

from core.conf import queue_critical

BASE_DIR = Path(__file__).resolve().parents[2]
SYSTEMD = BASE_DIR / "deploy" / "systemd"


def _expand(text: str, defaults: dict[str, str]) -> str:
    """${NAME} and ${NAME:-default} as the shell (honcho) or systemd expands them, this environment first."""

    def value(match: re.Match) -> str:
        name, default = match.group(1), match.group(3)
        return os.environ.get(name) or defaults.get(name) or default or ""

    return re.sub(r"\$\{(\w+)(:-([^}]*))?\}", value, text)


def _procfile_commands(name: str) -> list[list[str]]:
    lines = (BASE_DIR / name).read_text().splitlines()
    return [shlex.split(_expand(line.split(":", 1)[1], {})) for line in lines if line.strip()]


def _systemd_commands() -> list[list[str]]:
    commands = []
    for unit in sorted(SYSTEMD.glob("*.service")):
        lines = unit.read_text().splitlines()
        defaults = dict(
            line.removeprefix("Environment=").split("=", 1)
            for line in lines
            if line.startswith("Environment=")
        )
        for line in lines:
            if line.startswith("ExecStart="):
                command = line.removeprefix("ExecStart=").replace("%%", "%")
                commands.append(shlex.split(_expand(command, defaults)))
    return commands


PROCESS_FILES = {
    "Procfile": lambda: _procfile_commands("Procfile"),
    "Procfile.dev": lambda: _procfile_commands("Procfile.dev"),
    "systemd": _systemd_commands,
}


def _celery(commands: list[list[str]], subcommand: str) -> list[list[str]]:
    return [c for c in commands if Path(c[0]).name == "celery" and subcommand in c]


def _queues(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(","))


def _routed_queues(settings) -> set[str]:
    queues = {settings.CELERY_TASK_DEFAULT_QUEUE}
    queues |= {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    queues |= {entry["options"]["queue"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    return queues


@pytest.mark.parametrize("source", PROCESS_FILES)
def test_the_critical_queue_has_a_worker_of_its_own(source):
    workers = _celery(PROCESS_FILES[source](), "worker")
    critical = [w for w in workers if queue_critical() in _queues(w)]
    assert len(critical) == 1, critical
    assert _queues(critical[0]) == {queue_critical()}


@pytest.mark.parametrize("source", PROCESS_FILES)
def test_every_queue_a_task_is_sent_to_has_a_worker(source, settings):
    workers = _celery(PROCESS_FILES[source](), "worker")
    served = set().union(*(_queues(w) for w in workers))
    assert _routed_queues(settings) <= served


@pytest.mark.parametrize("source", PROCESS_FILES)
def test_two_workers_on_one_host_have_different_node_names(source):
    workers = _celery(PROCESS_FILES[source](), "worker")
    names = [w[w.index("-n") + 1] for w in workers]
    assert len(set(names)) == len(workers)
    assert all(name.endswith("@%h") for name in names)


@pytest.mark.parametrize("source", PROCESS_FILES)
def test_beat_runs_exactly_once(source):
    commands = PROCESS_FILES[source]()
    assert len(_celery(commands, "beat")) == 1
    assert not [c for c in _celery(commands, "worker") if "-B" in c or "--beat" in c]


def test_the_web_process_freezes_what_it_loaded_to_start():
    """gunicorn's application leaves its start-up objects out of the collector's full passes (core.gcfreeze)."""
    import subprocess
    import sys

    code = "import gc, pilkada_mitigasi.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pilkada_mitigasi.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert int(out.stdout.strip().splitlines()[-1]) > 50_000
