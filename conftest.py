"""Fixtures shared by every app's tests: the Celery worker and the browser."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ENV", "test")
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by the same tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _xdist_redis_databases() -> None:
    """Give each pytest-xdist worker process (``-n``) Redis databases of its own for broker and cache.

    pytest-django already gives each worker its own test database (``test_<name>_gw0``...). The
    worker processes also share one Redis: tests clear the cache (FLUSHDB of its database) and the
    Celery worker fixture purges its queues, so worker ``gwN`` moves both databases up by ``2 * N``
    (broker /0 and cache /1 become /2 and /3 for gw1). Django has read the settings by now (pytest-django
    does before conftests), so they are changed in place, as ``override_settings`` would. Each process
    then starts its own in-process Celery worker (``celery_worker_session``) on its own broker.
    Subprocesses a test starts keep the environment's databases: they never share the test database.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from django.conf import settings
    from django.test.signals import setting_changed

    from pilkada_mitigasi import settings as settings_module
    from pilkada_mitigasi.celery import app

    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    broker, cache = (settings_module._redis_db(url) for url in (settings.REDIS_URL, settings.REDIS_CACHE_URL))
    used = [db + 2 * n for n in range(count) for db in (broker, cache)]
    if max(used) > 15 or len(set(used)) != len(used):
        raise pytest.UsageError(
            f"{count} xdist workers need Redis databases {sorted(used)} (broker /{broker}, cache /{cache}, "
            "two more per worker): use fewer workers, or a REDIS_URL with a lower database and the cache next to it."
        )
    shift = 2 * int(worker.removeprefix("gw"))
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings_module._redis_url_with_db(
        settings.REDIS_URL, broker + shift
    )
    settings.REDIS_CACHE_URL = settings_module._redis_url_with_db(settings.REDIS_CACHE_URL, cache + shift)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": settings.REDIS_CACHE_URL}}
    setting_changed.send(sender=type(settings), setting="CACHES", value=settings.CACHES, enter=True)
    app.conf.broker_url = settings.CELERY_BROKER_URL


_xdist_redis_databases()


@pytest.fixture(autouse=True)
def _force_login_passes_mfa(request, monkeypatch):
    """force_login gives a session that passed the second factor, unless the test is marked mfa_enforced.

    The one shared place where tests skip typing a TOTP code; mfa/tests prove the enforcement
    itself (marked ``mfa_enforced``) and browser tests go through the real pages (browser_login).
    """
    if request.node.get_closest_marker("mfa_enforced"):
        return
    from django.test import Client

    from mfa.testing import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


def _purge(app, queues) -> None:
    """Drop every message waiting in the broker for these queues."""
    with app.connection_for_write() as connection:
        for queue in queues:
            connection.default_channel.queue_purge(queue)


def _snapshot(requests) -> set[str]:
    """The ids of a set the worker thread changes meanwhile (retried when it changed mid-read)."""
    while True:
        try:
            return {request.id for request in list(requests)}
        except RuntimeError:
            continue


def _consumed(worker) -> set[str]:
    while True:
        try:
            return {queue.name for queue in list(worker.consumer.task_consumer.queues)}
        except RuntimeError:
            continue


def _control_until(worker, command, queues, done, *, timeout: float, message: str) -> None:
    """Send a control command for each queue until ``done()``: a broadcast goes through Redis pub/sub,
    which keeps nothing, so a command sent while the worker is still subscribing (just after its start)
    is lost; it is sent again every two seconds until the worker has acted on it or ``timeout`` passes."""
    import time

    from core.testing import wait_until

    deadline = time.monotonic() + timeout
    while True:
        for queue in queues:
            command(queue, destination=[worker.hostname], reply=True)
        try:
            wait_until(done, timeout=min(2.0, max(deadline - time.monotonic(), 0.1)), message=message)
            return
        except AssertionError:
            if time.monotonic() >= deadline:
                raise


def celery_worker_consume(worker, queues, *, timeout: float = 10.0) -> None:
    """Let the worker take messages off these queues (a control command it runs in its own loop)."""
    _control_until(
        worker,
        worker.app.control.add_consumer,
        queues,
        lambda: set(queues) <= _consumed(worker),
        timeout=timeout,
        message="worker did not consume",
    )


def celery_worker_drain(worker, queues, *, timeout: float) -> None:
    """Stop the worker taking messages, discard what it has not started, wait for what it runs,
    and empty the queues: afterwards no task of the test that ends can touch the database."""
    from celery.worker import state

    from core.testing import wait_until

    _control_until(
        worker,
        worker.app.control.cancel_consumer,
        queues,
        lambda: not set(queues) & _consumed(worker),
        timeout=20,
        message="worker did not stop consuming",
    )

    def idle() -> bool:
        active = _snapshot(state.active_requests)
        waiting = _snapshot(state.reserved_requests) | _snapshot(state.scheduled_requests)
        waiting = {task_id for task_id in waiting - active if task_id not in state.revoked}
        if waiting:
            # Not started yet (a countdown, or a slot not free): revoked, it is acknowledged unrun.
            worker.app.control.revoke(sorted(waiting), destination=[worker.hostname], reply=True)
        return not active and not waiting

    wait_until(
        idle,
        timeout=timeout,
        message=f"the worker still runs tasks {timeout} s after the test: "
        f"{[r.name for r in list(state.active_requests)]}",
    )
    _purge(worker.app, queues)


@pytest.fixture(scope="session")
def celery_worker_session(django_db_blocker):
    """A real Celery worker (a thread in this process, two threads of work) on every queue of the real
    Redis. One worker consumes every queue: tests do not measure queue isolation (the process files
    do that, checked in pilkada_mitigasi/tests/test_processes.py), and one start-up is cheaper.
    It consumes only while a test that asks for `celery_worker` runs."""
    from celery.contrib.testing.worker import start_worker

    from core.conf import queues as settings_queues
    from pilkada_mitigasi.celery import app

    app.conf.task_always_eager = False
    queues = settings_queues()
    _purge(app, queues)  # what an earlier run or test left behind
    with (
        django_db_blocker.unblock(),
        start_worker(
            app,
            pool="threads",
            concurrency=2,
            perform_ping_check=False,
            queues=queues,
            loglevel="WARNING",
            shutdown_timeout=10,
        ) as worker,
    ):
        celery_worker_drain(worker, queues, timeout=10)
        yield worker


@pytest.fixture
def celery_worker(celery_worker_session, transactional_db):
    """The session's worker for one test; the test's rows are committed so the worker sees them.

    Before the test, messages that tests without a worker sent are dropped; after it (and so before
    the database is flushed), tasks not started are discarded and running ones are waited for, up to
    the hard time limit of a task. Without this a task of one test ran against the next test's rows,
    or deadlocked with the flush.
    """
    from core.conf import queues as settings_queues
    from pilkada_mitigasi.celery import app

    queues = settings_queues()
    _purge(app, queues)
    celery_worker_consume(celery_worker_session, queues)
    yield celery_worker_session
    celery_worker_drain(celery_worker_session, queues, timeout=app.conf.task_time_limit + 5)


@pytest.fixture
def screenshot_dir(tmp_path):
    """Where a browser test saves its screenshot: the test's own temporary directory, or the
    directory in PILKADA_SCREENSHOT_DIR (make screenshots points it at docs/ for the README)."""
    from pathlib import Path

    directory = Path(os.environ.get("PILKADA_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


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


def _quick_sql_flush(original):
    """PostgreSQL's flush for tests: empty only the tables that hold rows, by DELETE.

    A transactional test ends with a flush; Django's TRUNCATEs all ~110 tables in one statement,
    which took 4 s and more on the 2-core machine, dozens of times a run. Most tables are empty then,
    and emptying a few small ones by DELETE takes milliseconds. ``session_replication_role = replica``
    (for this transaction only) skips the foreign key and audit triggers, as TRUNCATE does; the
    test database's user is a superuser. A flush that resets sequences keeps Django's own SQL.
    """

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quote = self.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser')")
            if cursor.fetchone()[0] != "on":
                return original(
                    self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
                )
            cursor.execute(
                # The table names are Django's own list of this database's tables.
                " UNION ALL ".join(f"(SELECT {i} FROM {quote(t)} LIMIT 1)" for i, t in enumerate(tables))  # noqa: S608
            )
            filled = [tables[row[0]] for row in cursor.fetchall()]
        if not filled:
            return []
        deletes = [f"DELETE FROM {quote(t)}" for t in filled]  # noqa: S608 - Django's table names
        return ["SET LOCAL session_replication_role = replica", *deletes]

    return sql_flush


# The reference data the session loads (areas, election calendar), kept to put back after a flush.
_REFERENCE_TABLES = ("regions_adminunit", "regions_election", "regions_electionphase")
_reference_rows: dict[str, str] = {}


def _reference_snapshot() -> None:
    import io

    from django.db import connection

    with connection.cursor() as cursor:
        for table in _REFERENCE_TABLES:
            buffer = io.StringIO()
            cursor.cursor.copy_expert(f"COPY {table} TO STDOUT", buffer)
            _reference_rows[table] = buffer.getvalue()


def _reference_restore() -> None:
    """Put the session's reference rows back by COPY (a tenth of the time regions_load takes)."""
    import io

    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in _REFERENCE_TABLES:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608 - our own table names
            if not cursor.fetchone()[0]:
                cursor.cursor.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(_reference_rows[table]))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped reference data (areas, calendar) once into the test database, keep a copy of it,
    and make the flush after a transactional test quick (``_quick_sql_flush``)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    from regions.services import KUTIM_CODE, election_calendar_load, regions_load

    with django_db_blocker.unblock():
        regions_load(codes=[KUTIM_CODE])
        election_calendar_load()
        _reference_snapshot()
    original = DatabaseOperations.sql_flush
    DatabaseOperations.sql_flush = _quick_sql_flush(original)  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = original  # type: ignore[method-assign]


@pytest.fixture
def seeded_defaults(request):
    """The rows data migrations seed (incident categories, default escalation policies), restored when an
    earlier transactional test flushed them; nothing for a test that does not use the database."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from escalation.defaults import alertgrouprule_defaults_ensure, escalation_policy_defaults_ensure
    from incidents.categories import category_defaults_ensure

    category_defaults_ensure()  # first: the policies name categories
    escalation_policy_defaults_ensure()
    alertgrouprule_defaults_ensure()


@pytest.fixture
def kutim(db):
    """Kutai Timur's areas and the Pilkada 2024 calendar; reloaded if a transactional test flushed them."""
    from regions.models import AdminUnit
    from regions.services import KUTIM_CODE, election_calendar_load, regions_load

    if not AdminUnit.objects.filter(code=KUTIM_CODE).exists():
        if _reference_rows:
            _reference_restore()
        else:
            regions_load(codes=[KUTIM_CODE])
            election_calendar_load()
    return AdminUnit.objects.get(code=KUTIM_CODE)


@pytest.fixture
def bontang(kutim, settings):
    """Kota Bontang (64.74) loaded and served beside Kutai Timur: one installation of two kabupaten."""
    from regions.models import AdminUnit
    from regions.services import KUTIM_CODE, regions_load

    regions_load(codes=["64.74"])
    settings.KABUPATEN_CODES = [KUTIM_CODE, "64.74"]
    return AdminUnit.objects.get(code="64.74")
