"""Benchmark of the triage queue against the Django admin changelist, at N incidents.

Seeds N incidents with COPY (realistic spread over areas, categories, statuses and dates; every
seeded number starts with ``BNC-``), measures server time and query count with the Django test
Client, prints figures and ends with ONE JSON line. The seeded rows are removed afterwards unless
``--keep`` is given; ``--reuse`` measures the rows such a run left, without seeding again. Beside the
first pages it measures deep pages of the queue by cursor: the page reached by following the next
link ``--depth`` times (default 50), and a page starting half-way down the whole list.
"""

from __future__ import annotations

import html
import json
import random
import re
import statistics
import time
from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.benchharness import bench_client, history_paused, percentile
from core.conf import kabupaten_code
from incidents.bench import NULL, bench_incident_row, incidents_bench_delete, incidents_copy
from incidents.categories import category_defaults_ensure
from incidents.choices import Status
from incidents.models import Incident, IncidentCategory
from incidents.selectors import incident_list_for_triage, incident_triage_paginator
from incidents.views import PAGE_SIZE
from regions.choices import AdminLevel
from regions.selectors import adminunit_get, adminunit_list, electionphase_at, electionphase_list
from stakeholders.bench import registry_bench_remove
from stakeholders.choices import Office, OrgType
from stakeholders.selectors import organisation_list, person_for_user, person_positions
from stakeholders.services import organisation_create, person_create, position_assign

PREFIX = "BNC-"
# The queue's link to its next page (templates/includes/keyset_pagination.html).
NEXT_LINK = re.compile(r'href="([^"]*)" rel="next"')
WORDS = [
    "massa",
    "pendukung",
    "posko",
    "baliho",
    "spanduk",
    "kampanye",
    "warga",
    "desa",
    "jalan",
    "pasar",
    "masjid",
    "balai",
    "kantor",
    "camat",
    "polsek",
    "pemuda",
    "kelompok",
    "tokoh",
    "adat",
    "sungai",
    "kebun",
    "tambang",
    "perusahaan",
    "lahan",
    "rapat",
    "malam",
    "pagi",
    "siang",
    "sore",
    "provokasi",
    "ancaman",
    "dorong",
    "lempar",
    "batu",
    "kaca",
    "rusak",
    "bakar",
    "tenda",
    "panggung",
]
RARE = ["amplop", "sembako", "hoaks", "intimidasi", "bentrok"]
STATUS_WEIGHTS = [
    (Status.BARU, 6),
    (Status.TERVERIFIKASI, 4),
    (Status.DITANGANI, 6),
    (Status.SELESAI, 14),
    (Status.DITUTUP, 62),
    (Status.DITOLAK, 8),
]
SEVERITY_WEIGHTS = [0, 30, 35, 20, 10, 5]  # index = severity, 0 unused


class Command(BaseCommand):
    help = "Seed N incidents and measure the triage queue, filters, search, incident page and the admin."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=100_000, help="How many incidents to seed.")
        parser.add_argument("--repeat", type=int, default=30, help="Requests per measured page.")
        parser.add_argument("--keep", action="store_true", help="Keep the seeded incidents afterwards.")
        parser.add_argument(
            "--depth", type=int, default=50, help="Next links the deep-page measurement follows first."
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the incidents an earlier --keep run left, without seeding (implies --keep).",
        )

    def handle(self, *args, **options):
        n, repeat = options["incidents"], options["repeat"]
        category_defaults_ensure()
        admin_user, kab_user, made = self._users()
        reuse = options["reuse"]
        if reuse:
            n = Incident.objects.filter(number__startswith=PREFIX).count()
            if not n:
                raise CommandError("--reuse: no incidents of an earlier --keep run to measure")
        else:
            self._cleanup()  # rows left by an earlier run with --keep
        try:
            started = time.perf_counter()
            if not reuse:
                self._seed(n, kab_user)
            seeded_s = time.perf_counter() - started
            self.stdout.write(f"{'reused' if reuse else 'seeded'} {n} incidents in {seeded_s:.1f} s")
            result = self._measure(n, repeat, admin_user, kab_user, depth=options["depth"], enrich=not reuse)
            result["seed_s"] = round(seeded_s, 1)
        finally:
            if not options["keep"] and not reuse:
                self._cleanup()
                with history_paused(), transaction.atomic():
                    registry_bench_remove(**made)
        self.stdout.write(json.dumps(result))

    # --- setup ------------------------------------------------------------------------------------

    def _users(self):
        """The bench's admin and Kesbangpol operator accounts (made unless an earlier --keep run left them),
        and what was made for them, to be removed afterwards (no history: they are the bench's own)."""
        User = get_user_model()
        made: dict[str, list[int]] = {"user_ids": [], "person_ids": [], "organisation_ids": []}
        with history_paused():
            admin_user, created = User.objects.get_or_create(
                username="bench.admin", defaults={"is_staff": True, "is_superuser": True}
            )
            if created:
                made["user_ids"].append(admin_user.pk)
            kab_user, created = User.objects.get_or_create(
                username="bench.kesbangpol", defaults={"first_name": "Bench"}
            )
            if created:
                made["user_ids"].append(kab_user.pk)
            person = person_for_user(kab_user)
            if person is None or not person_positions(person=person).exists():
                kabupaten = adminunit_get(code=kabupaten_code())
                if person is None:
                    person = person_create(full_name="Operator Bench (fiktif)", user=kab_user)
                    made["person_ids"].append(person.pk)
                name = "Badan Kesbangpol Kabupaten Kutai Timur"
                org = organisation_list(name=name).first()
                if org is None:
                    org = organisation_create(name=name, org_type=OrgType.OPD_KESBANGPOL, area=kabupaten)
                    made["organisation_ids"].append(org.pk)
                position_assign(
                    person=person,
                    organisation=org,
                    office=Office.OPERATOR_KESBANGPOL,
                    area=kabupaten,
                    start_date=date(2024, 1, 1),
                )
        return admin_user, kab_user, made

    def _seed(self, n: int, reporter, *, vacuum: bool = True) -> None:
        """COPY n incidents; ``vacuum=False`` for a caller inside a transaction (ANALYZE only)."""
        rng = random.Random(42)  # noqa: S311 - benchmark data, not security
        areas = list(
            adminunit_list(with_parent=False)
            .filter(level__in=[AdminLevel.DESA, AdminLevel.KECAMATAN])
            .values_list("id", "code", "level")
        )
        desa = [a for a in areas if a[2] == AdminLevel.DESA]
        kec = [a for a in areas if a[2] == AdminLevel.KECAMATAN]
        categories = list(IncidentCategory.objects.values_list("id", "track"))
        cat_weights = [8 if i < 10 else 3 for i in range(len(categories))]
        statuses, status_w = zip(*STATUS_WEIGHTS, strict=True)
        start = datetime(2024, 5, 1, tzinfo=ZoneInfo("Asia/Makassar"))
        span_minutes = 275 * 24 * 60
        phase_by_day: dict[date, int | None] = {}
        for offset in range(0, 280):
            day = date(2024, 5, 1) + timedelta(days=offset)
            phase = electionphase_at(moment=day)
            phase_by_day[day] = phase.pk if phase else None
        now = timezone.now()
        rows = []
        for i in range(n):
            area = rng.choice(desa) if rng.random() < 0.9 else rng.choice(kec)
            cat_id, track = rng.choices(categories, weights=cat_weights)[0]
            occurred = start + timedelta(minutes=rng.randrange(span_minutes))
            known = occurred + timedelta(minutes=rng.randrange(0, 600))
            reported = known + timedelta(minutes=rng.randrange(5, 300))
            status = rng.choices(statuses, weights=status_w)[0]
            severity = rng.choices(range(6), weights=SEVERITY_WEIGHTS)[0]
            words = rng.sample(WORDS, 6)
            if rng.random() < 0.02:
                words.append(rng.choice(RARE))
            row = bench_incident_row(
                rng=rng,
                track=track,
                severity=severity,
                status=status,
                occurred=occurred,
                known=known,
                reported=reported,
                now=now,
                number=f"{PREFIX}{i:07d}",
                title=" ".join(words[:4]).capitalize(),
                chronology=" ".join(words) + ".",
                area_id=area[0],
                area_code=area[1],
                location_description=f"Sekitar {words[0]}",
                phase_id=phase_by_day.get(occurred.date()) or NULL,
                reporter_id=reporter.pk,
                category_id=cat_id,
            )
            row["has_confidential_informant"] = "t" if rng.random() < 0.02 else "f"
            rows.append(row)
        with transaction.atomic():
            incidents_copy(rows)
        # The steady state of a live table: autovacuum has set the visibility map and statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE incidents_incident" if vacuum else "ANALYZE incidents_incident")

    def _cleanup(self) -> None:
        incidents_bench_delete(number_prefix=PREFIX)

    # --- measuring ---------------------------------------------------------------------------------

    def _time(self, client: Client, url: str, repeat: int) -> dict:
        for _ in range(3):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        times, queries = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            queries.append(len(ctx.captured_queries))
        return {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": max(queries),
        }

    def _deep_url(self, client: Client, url: str, depth: int) -> tuple[str, int]:
        """The queue's URL ``depth`` next links after ``url`` (or the last page, if it comes first), and
        how many links were followed."""
        for followed in range(depth):
            found = NEXT_LINK.search(client.get(url).content.decode())
            if found is None:
                return url, followed
            url = "/insiden/" + html.unescape(found.group(1))
        return url, depth

    def _far_url(self, base: str, kab_user, position: int) -> str:
        """The queue's URL of the page that starts after row ``position`` of ``base``'s list: a cursor
        placed that deep as the link of the page before would be (found once with OFFSET, not measured)."""
        paginator = incident_triage_paginator(
            incident_list_for_triage(kab_user), per_page=PAGE_SIZE, searched=False
        )
        row = paginator.ordered()[position - 1 : position].first()
        if row is None:
            return base
        cursor = paginator.cursor_after(row, number=position // PAGE_SIZE + 1)
        return f"{base}&{urlencode({'cursor': cursor})}"

    def _measure(
        self, n: int, repeat: int, admin_user, kab_user, *, depth: int = 50, enrich: bool = True
    ) -> dict:
        phase = electionphase_list().filter(code="kampanye").first()  # the newest election's campaign
        category = IncidentCategory.objects.get(code="POLITIK_UANG")
        sample = Incident.objects.filter(number__startswith=PREFIX, status=Status.DITANGANI).first()
        if enrich:  # not again on rows a --reuse run measures
            with history_paused():  # setup, not measured: the bench's rows leave no history behind
                self._enrich(sample, kab_user)
        pages = {
            "triage": ("/insiden/", "/admin/incidents/incident/"),
            "filter_status_severity": (
                "/insiden/?status=baru&severity=4",
                "/admin/incidents/incident/?status__exact=baru&severity__exact=4",
            ),
            "filter_track_phase": (
                f"/insiden/?status=semua&track=P&phase={phase.pk}",
                f"/admin/incidents/incident/?track__exact=P&phase__id__exact={phase.pk}",
            ),
            "filter_category_kecamatan": (
                f"/insiden/?status=semua&category={category.pk}&kecamatan=64.08.04",
                f"/admin/incidents/incident/?category__id__exact={category.pk}",
            ),
            "search": ("/insiden/?status=semua&q=amplop", "/admin/incidents/incident/?q=amplop"),
        }
        results: dict[str, dict] = {}
        with bench_client(kab_user) as ours, bench_client(admin_user) as admin:
            for name, (our_url, admin_url) in pages.items():
                results[name] = self._time(ours, our_url, repeat)
                results[f"admin_{name}"] = self._time(admin, admin_url, repeat)
            results["detail"] = self._time(ours, sample.get_absolute_url(), repeat)
            # Deep pages of the whole list (status=semua), by cursor: after following the next link
            # ``depth`` times, and a page that starts half-way down the list.
            deep, reached = self._deep_url(ours, "/insiden/?status=semua", depth)
            results["deep_page"] = self._time(ours, deep, repeat)
            results["deep_page"]["page"] = reached + 1
            half = self._far_url("/insiden/?status=semua", kab_user, max(n // 2, 1))
            results["half_way_page"] = self._time(ours, half, repeat)
        self.stdout.write(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, figures in results.items():
            self.stdout.write(f"{name:32} {figures['p50_ms']:8} {figures['p95_ms']:8} {figures['queries']:8}")
        filters = [k for k in pages if k.startswith("filter_")]
        admin_p95 = results["admin_triage"]["p95_ms"]
        summary = {
            "incidents": Incident.objects.filter(number__startswith=PREFIX).count(),
            "triage_p50_ms": results["triage"]["p50_ms"],
            "triage_p95_ms": results["triage"]["p95_ms"],
            "filter_p95_ms": max(results[k]["p95_ms"] for k in filters),
            "search_p95_ms": results["search"]["p95_ms"],
            "detail_p95_ms": results["detail"]["p95_ms"],
            "deep_page": results["deep_page"]["page"],
            "deep_page_p95_ms": results["deep_page"]["p95_ms"],
            "deep_page_queries": results["deep_page"]["queries"],
            "half_way_page_p95_ms": results["half_way_page"]["p95_ms"],
            "admin_p95_ms": admin_p95,
            "admin_filter_p95_ms": max(results[f"admin_{k}"]["p95_ms"] for k in filters),
            "admin_search_p95_ms": results["admin_search"]["p95_ms"],
            "ratio_vs_admin": round(results["triage"]["p95_ms"] / admin_p95, 2) if admin_p95 else None,
            "triage_queries": results["triage"]["queries"],
            "filter_queries": max(results[k]["queries"] for k in filters),
            "detail_queries": results["detail"]["queries"],
            "admin_queries": results["admin_triage"]["queries"],
        }
        self.stdout.write(
            f"ours/admin p95: triage {summary['ratio_vs_admin']}, "
            f"filters {round(summary['filter_p95_ms'] / summary['admin_filter_p95_ms'], 2)}, "
            f"search {round(summary['search_p95_ms'] / summary['admin_search_p95_ms'], 2)}"
        )
        return summary

    def _enrich(self, incident: Incident, user) -> None:
        """Give the measured incident page a realistic timeline, notes and follow-ups."""
        from incidents import services

        person = person_for_user(user)
        for k in range(5):
            services.note_add(incident=incident, body=f"Catatan bench {k}", by_user=user)
            services.follow_up_add(
                incident=incident,
                description=f"Tindak lanjut {k}",
                owner=person,
                due_date=date(2024, 12, 1),
                by_user=user,
            )
