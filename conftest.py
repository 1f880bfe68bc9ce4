"""Fixtures shared by every app's tests: the Celery worker and the browser."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ENV", "test")
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by the same tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def celery_worker_session(django_db_blocker):
    """A real Celery worker (a thread in this process) consuming both queues from the real Redis."""
    from celery.contrib.testing.worker import start_worker

    from core.conf import queues
    from pilkada_mitigasi.celery import app

    app.conf.task_always_eager = False
    with (
        django_db_blocker.unblock(),
        start_worker(
            app,
            pool="threads",
            concurrency=2,
            perform_ping_check=False,
            queues=queues(),
            loglevel="WARNING",
            shutdown_timeout=10,
        ) as worker,
    ):
        yield worker


@pytest.fixture
def celery_worker(celery_worker_session, transactional_db):
    """The session's worker for one test; the test's rows are committed so the worker sees them."""
    return celery_worker_session


def _chromium_path():
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium where it is installed (make test installs it), headless and offline-safe."""
    args = {
        **browser_type_launch_args,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
    path = _chromium_path()
    if path:
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped reference data (areas, calendar) once into the test database."""
    from regions.services import election_calendar_load, regions_load_kutim

    with django_db_blocker.unblock():
        regions_load_kutim()
        election_calendar_load()


@pytest.fixture
def kutim(db):
    """Kutai Timur's areas and the Pilkada 2024 calendar; reloaded if a transactional test flushed them."""
    from regions.models import AdminUnit
    from regions.services import KUTIM_CODE, election_calendar_load, regions_load_kutim

    if not AdminUnit.objects.filter(code=KUTIM_CODE).exists():
        regions_load_kutim()
        election_calendar_load()
    return AdminUnit.objects.get(code=KUTIM_CODE)
