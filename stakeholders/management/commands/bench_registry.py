"""Benchmark the registry pages on a registry of 5,000 people, 20,000 positions and 50,000 contacts.

Everything runs in one transaction that is rolled back at the end, so the
database is left as it was. With ``--keep`` the registry (the demo, the bench's people, positions and
contacts, its operator account) is committed and stays for study (``EXPLAIN (ANALYZE, BUFFERS)`` of the
pages' queries); a later run with ``--keep`` measures on it again without seeding, and ``--cleanup``
removes the bench's people, positions, contacts and operator account (the demo registry stays, as
``make run`` leaves it). Pages are requested in-process with the Django test Client (server time:
routing, queries, templates; no network). The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.benchharness import bench_client, history_paused
from core.conf import kabupaten_code
from regions.choices import AdminLevel
from regions.selectors import adminunit_get, adminunit_list, subtree_q
from stakeholders import demo
from stakeholders.choices import ContactKind, Office
from stakeholders.models import ContactPoint, Organisation, Person, Position
from stakeholders.selectors import name_search
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory, user_with_office

MANY_HOLDER_OFFICES = [
    Office.TOKOH_MASYARAKAT,
    Office.TOKOH_AGAMA,
    Office.TOKOH_ADAT,
    Office.ANGGOTA_FORUM,
    Office.LINMAS,
    Office.PKD,
    Office.KETUA_PPS,
]


OPERATOR = "bench_kesbangpol"
# The bench's people are named "... B<n>"; its contact values are +62812/+62813 1xxxxxxx and @bench.invalid.
_CLEANUP_SQL = [
    "DELETE FROM stakeholders_contactpoint WHERE value LIKE '%@bench.invalid' "
    "OR value ~ '^[+]6281[23]1[0-9]{7}$' OR person_id IN (SELECT id FROM stakeholders_person WHERE full_name ~ ' B[0-9]+$')",
    "DELETE FROM stakeholders_nonactiveperiod WHERE position_id IN "
    "(SELECT id FROM stakeholders_position WHERE person_id IN (SELECT id FROM stakeholders_person WHERE full_name ~ ' B[0-9]+$'))",
    "DELETE FROM stakeholders_position WHERE person_id IN (SELECT id FROM stakeholders_person WHERE full_name ~ ' B[0-9]+$')",
    "DELETE FROM stakeholders_person WHERE full_name ~ ' B[0-9]+$'",
]


class _Rollback(Exception):
    pass


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


class Command(BaseCommand):
    help = "Time the directory, search, person and coverage-gap pages on a large registry (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--positions", type=int, default=20000)
        parser.add_argument("--contacts", type=int, default=50000)
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page.")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Commit the seeded registry and keep it (seeded once, reused).",
        )
        parser.add_argument(
            "--cleanup", action="store_true", help="Remove what an earlier run with --keep left, and stop."
        )

    def handle(self, *args, **options):
        result: dict = {}
        if options["cleanup"]:
            self._cleanup()
            self.stdout.write(json.dumps({"removed": True}))
            return
        if options["keep"]:
            with history_paused(), transaction.atomic():
                self._fill(options["people"], options["positions"], options["contacts"], random.Random(2024))  # noqa: S311
                self._operator()
            with connection.cursor() as cursor:  # what autovacuum does to a table that stays
                for table in ("stakeholders_person", "stakeholders_position", "stakeholders_contactpoint"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
            # What the requests write (sessions, the access log of the person pages, which is
            # append-only) is rolled back, as in a run without --keep.
            try:
                with transaction.atomic():
                    self._measure(options, result, fill_s=0.0)
                    raise _Rollback
            except _Rollback:
                pass
            self.stdout.write(json.dumps(result))
            return
        try:
            with transaction.atomic():
                self._run(options, result)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(json.dumps(result))

    def _operator(self):
        """The bench's Kesbangpol operator (made once; an earlier --keep run may have left it)."""
        user = get_user_model().objects.filter(username=OPERATOR).first()
        if user is None:
            return user_with_office(Office.OPERATOR_KESBANGPOL, kabupaten_code(), username=OPERATOR)
        if not Person.objects.filter(user=user).exists():
            area = adminunit_get(code=kabupaten_code())
            person = PersonFactory(user=user, full_name=OPERATOR)
            PositionFactory(
                person=person,
                office=Office.OPERATOR_KESBANGPOL,
                area=area,
                organisation=OrganisationFactory(area=area),
            )
        return user

    def _cleanup(self) -> None:
        """Remove the rows a --keep run committed: the bench's people (named "... B<n>") with their
        positions and contacts, the bench's contact values, and its operator with person and position."""
        with history_paused(), transaction.atomic(), connection.cursor() as cursor:
            for statement in _CLEANUP_SQL:
                cursor.execute(statement)
            user = get_user_model().objects.filter(username=OPERATOR).first()
            if user is None:
                return
            person = Person.objects.filter(user=user).first()
            # The append-only access log may name it (an earlier version kept what its requests wrote).
            try:
                with transaction.atomic():
                    user.delete()
            except ProtectedError:
                self.stderr.write(f"{OPERATOR} stays, with its person and position: the access log names it")
                return
            if person is not None:
                organisations = list(person.positions.values_list("organisation_id", flat=True))
                person.positions.all().delete()
                person.delete()
                Organisation.objects.filter(pk__in=organisations, positions__isnull=True).delete()

    def _fill(self, people: int, positions: int, contacts: int, rng: random.Random) -> None:
        demo.seed()
        desa = list(adminunit_list(level=AdminLevel.DESA).filter(subtree_q(kabupaten_code())))
        orgs_by_area = {o.area_id: o for o in Organisation.objects.filter(area__level=AdminLevel.DESA)}
        missing = max(0, people - Person.objects.count())
        first, last = demo.FIRST_NAMES, demo.SURNAMES
        created = Person.objects.bulk_create(
            [
                Person(full_name=f"{rng.choice(first)} {rng.choice(last)} {rng.choice(last)} B{i}")
                for i in range(missing)
            ],
            batch_size=2000,
        )
        # New positions and contacts go to the people made here, or to those already there (the demo
        # alone may hold more people than asked for).
        holders = created or list(Person.objects.only("pk").order_by("pk")[: max(1, people)])
        extra_positions = max(0, positions - Position.objects.count())
        rows = []
        for i in range(extra_positions):
            area = rng.choice(desa)
            start = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1800))
            ended = i % 3 != 0
            rows.append(
                Position(
                    person=holders[i % len(holders)],
                    organisation=orgs_by_area[area.id],
                    office=rng.choice(MANY_HOLDER_OFFICES),
                    area=area,
                    start_date=start,
                    end_date=start + timedelta(days=rng.randrange(30, 700)) if ended else None,
                )
            )
        Position.objects.bulk_create(rows, batch_size=5000)
        extra_contacts = max(0, contacts - ContactPoint.objects.count())
        kinds = [ContactKind.PHONE, ContactKind.WHATSAPP, ContactKind.EMAIL, ContactKind.TELEGRAM]
        values = []
        for i in range(extra_contacts):
            kind = kinds[i % 4]
            n = 10_000_000 + i
            value = {
                ContactKind.PHONE: f"+62812{n:08d}",
                ContactKind.WHATSAPP: f"+62813{n:08d}",
                ContactKind.EMAIL: f"orang{n}@bench.invalid",
                ContactKind.TELEGRAM: str(n),
            }[kind]
            values.append(
                ContactPoint(
                    person=holders[i % len(holders)],
                    kind=kind,
                    value=value,
                    verified=i % 5 != 0,
                    notifiable=i % 7 != 0,
                    preference=i % 10 + 1,
                )
            )
        ContactPoint.objects.bulk_create(values, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stakeholders_person, stakeholders_position, stakeholders_contactpoint")

    def _time(self, client: Client, urls: list[str]) -> tuple[list[float], int]:
        timings, queries = [], 0
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            queries = max(queries, len(captured))
        return timings, queries

    def _run(self, options, result: dict) -> None:
        rng = random.Random(2024)  # noqa: S311 - reproducible benchmark data, not security
        started = time.perf_counter()
        self._fill(options["people"], options["positions"], options["contacts"], rng)
        fill_s = time.perf_counter() - started
        self._operator()
        self._measure(options, result, fill_s=fill_s)

    def _measure(self, options, result: dict, *, fill_s: float) -> None:
        rng = random.Random(2025)  # noqa: S311 - reproducible benchmark data, not security
        admin = self._operator()
        with bench_client(admin, host="127.0.0.1") as client:
            repeat = options["repeat"]
            people_ids = list(Person.objects.values_list("id", flat=True))
            person_list = reverse("stakeholders:person_list")
            pages = {
                "list": [f"{person_list}?page={rng.randrange(1, 150)}" for _ in range(repeat)],
                "search": [
                    f"{person_list}?q={rng.choice(demo.FIRST_NAMES)[:3]}+{rng.choice(demo.SURNAMES)[:4]}"
                    f"&area={kabupaten_code()}.{rng.randrange(1, 19):02d}"
                    for _ in range(repeat)
                ],
                "person": [
                    reverse("stakeholders:person_detail", args=[rng.choice(people_ids)])
                    for _ in range(repeat)
                ],
                "gaps": [reverse("stakeholders:coverage_gaps")] * max(5, repeat // 3),
            }
            self._time(client, [person_list])  # warm up templates and caches
            result["people"] = Person.objects.count()
            result["positions"] = Position.objects.count()
            result["contact_points"] = ContactPoint.objects.count()
            for name, urls in pages.items():
                timings, queries = self._time(client, urls)
                p50, p95 = statistics.median(timings), _percentile(timings, 95)
                result[f"{name}_p50_ms"] = round(p50, 1)
                result[f"{name}_p95_ms"] = round(p95, 1)
                result[f"{name}_queries"] = queries
                self.stdout.write(f"{name:7s} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  queries {queries}")
            plan = name_search(Person.objects.all(), "full_name", "bud meran").explain()
            result["search_uses_index"] = "person_name_fts_idx" in plan
            self.stdout.write(f"search plan uses person_name_fts_idx: {result['search_uses_index']}")
            self.stdout.write(
                f"data: {result['people']} people, {result['positions']} positions, "
                f"{result['contact_points']} contact points (filled in {fill_s:.1f} s, {'kept' if options['keep'] else 'rolled back'})"
            )
