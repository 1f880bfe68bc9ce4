"""Benchmark of the REST API with an integration token, on the database as found and loaded.

Everything runs inside one transaction that is rolled back at the end, so the database is left as it
was (the bench's user, its token, the demo data, the seeded incidents and the logged calls included).

1. **Empty** (the database as found; on a fresh installation only the reference data): the API's
   main lists with a kabupaten-wide read token.
2. **Loaded**: the demo data set (``seed_demo``, unless ``--no-demo``) and N incidents through
   bench_triage's loader (COPY, numbers starting with ``BNC-``), then the same lists, a deep page
   reached by following ``next``, and an incident's detail, each beside the web page answering the
   same rows (the triage queue at the same depth, the incident page) where there is one.

Server time through the whole middleware stack (the Django test client, no network) and the queries
of each request; p50, p95 and the most queries over ``--repeat`` requests. Ends with ONE JSON line.
"""

from __future__ import annotations

import io
import json
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.benchharness import bench_client, percentile
from core.conf import kabupaten_code
from incidents.choices import Status
from incidents.management.commands.bench_triage import PREFIX
from incidents.management.commands.bench_triage import Command as TriageBench
from incidents.selectors import incident_visible_to
from regions.selectors import adminunit_get, adminunit_list

from ...services import integration_create

NAME = "Bench API (fiktif)"
PAGE = 25  # the web queue's page size, so that both answer the same rows
LIST = "/api/v1/incidents/"
# The triage queue's filters, the same on both sides: severe open reports of one kecamatan.
FILTERS = "severity=4&severity=5&kecamatan=64.08.04"


class _Rollback(Exception):
    """Raised at the end of the run to roll its transaction back."""


class Command(BaseCommand):
    help = "Measure the API's main lists and details with a token, empty and loaded; the database is left as it was."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=100_000, help="How many incidents to seed.")
        parser.add_argument("--repeat", type=int, default=30, help="Requests per measured page.")
        parser.add_argument("--depth", type=int, default=100, help="Pages deep for the deep page.")
        parser.add_argument("--no-demo", action="store_true", help="Seed the incidents only, not seed_demo.")

    def handle(self, *args, **options):
        if not adminunit_list(with_parent=False).filter(code=kabupaten_code()).exists():
            raise CommandError("Wilayah belum dimuat: jalankan dulu `python manage.py load_regions`.")
        result: dict = {}
        started = time.perf_counter()
        try:
            with transaction.atomic():
                result = self._run(options)
                raise _Rollback
        except _Rollback:
            pass
        result["total_s"] = round(time.perf_counter() - started, 1)
        self.stdout.write(json.dumps(result))

    def _run(self, options) -> dict:
        n, repeat, depth = options["incidents"], options["repeat"], options["depth"]
        from incidents.categories import category_defaults_ensure

        category_defaults_ensure()
        triage = TriageBench(stdout=self.stdout, stderr=self.stderr)
        _admin, kab_user, _made = triage._users()  # rolled back with the rest
        _integration, token = integration_create(
            name=NAME,
            area=adminunit_get(code=kabupaten_code()),
            scopes={"insiden": "baca", "eskalasi": "baca", "wilayah": "baca"},
            expires_at=timezone.now() + timedelta(days=1),
            by_user=kab_user,
        )
        api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
        # The rate limit is for partners, not for the benchmark's thousand calls a minute; the web pages
        # want the second factor of a kabupaten operator.
        with override_settings(API_RATE_PER_MINUTE=0), bench_client(kab_user) as web:
            empty = self._measure(api, None, kab_user, repeat, depth, sample=None)
            self._table("empty", empty)
            seeded_at = time.perf_counter()
            if not options["no_demo"]:
                call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
            triage._seed(n, kab_user, vacuum=False)
            seed_s = time.perf_counter() - seeded_at
            self.stdout.write(f"seeded the demo data and {n} incidents in {seed_s:.1f} s")
            sample = (
                incident_visible_to(kab_user)
                .filter(number__startswith=PREFIX, status=Status.DITANGANI)
                .first()
            )
            if sample is not None:
                triage._enrich(sample, kab_user)
            loaded = self._measure(api, web, kab_user, repeat, depth, sample=sample)
            self._table("loaded", loaded)
        summary: dict = {"seed_s": round(seed_s, 1), "depth_pages": depth, "demo": not options["no_demo"]}
        for phase, figures in (("empty", empty), ("loaded", loaded)):
            summary[f"{phase}_incidents"] = figures.pop("incidents")
            for name, page in figures.items():
                summary[f"{phase}_{name}_p50_ms"] = page["p50_ms"]
                summary[f"{phase}_{name}_p95_ms"] = page["p95_ms"]
                summary[f"{phase}_{name}_queries"] = page["queries"]
        ratios = {}
        for name in ("list_first", "list_deep", "list_filtered", "list_open", "detail"):
            api_p95, web_p95 = loaded.get(f"api_{name}", {}), loaded.get(f"web_{name}", {})
            if api_p95 and web_p95 and web_p95["p95_ms"]:
                ratios[name] = round(api_p95["p95_ms"] / web_p95["p95_ms"], 2)
                summary[f"ratio_{name}"] = ratios[name]
        self.stdout.write("api/web p95: " + ", ".join(f"{k} {v}" for k, v in ratios.items()))
        return summary

    def _table(self, phase: str, figures: dict) -> None:
        self.stdout.write(f"{phase}: {figures['incidents']} incidents visible")
        self.stdout.write(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, page in figures.items():
            if isinstance(page, dict):
                self.stdout.write(f"{name:24} {page['p50_ms']:8} {page['p95_ms']:8} {page['queries']:8}")

    def _measure(self, api: Client, web: Client | None, kab_user, repeat: int, depth: int, *, sample) -> dict:
        first = f"{LIST}?status=semua&page_size={PAGE}"
        deep, reached = self._deep_url(api, first, depth)
        # The web queue's page at the depth the API's cursor reached, by following as many of its own
        # next links (it pages by cursor too: the same rows, no OFFSET on either side).
        web_deep = (
            TriageBench(stdout=self.stdout)._deep_url(web, "/insiden/?status=semua", reached)[0]
            if web is not None
            else None
        )
        pages: dict[str, tuple[str, str | None]] = {
            "list_first": (first, "/insiden/?status=semua"),
            "list_deep": (deep, web_deep),
            "list_filtered": (
                f"{LIST}?status=semua&{FILTERS}&page_size={PAGE}",
                f"/insiden/?status=semua&{FILTERS}",
            ),
            "list_open": (f"{LIST}?page_size={PAGE}", "/insiden/"),
            "escalations": ("/api/v1/escalations/?page_size=50", None),
            "areas": ("/api/v1/areas/?page_size=200", None),
        }
        if sample is not None:
            pages["detail"] = (f"{LIST}{sample.number}/", sample.get_absolute_url())
        figures: dict = {"incidents": incident_visible_to(kab_user).count()}
        for name, (api_url, web_url) in pages.items():
            figures[f"api_{name}"] = self._time(api, api_url, repeat)
            if web is not None and web_url is not None:
                figures[f"web_{name}"] = self._time(web, web_url, repeat)
        if reached < depth:
            self.stdout.write(f"the deep page is page {reached + 1}: the list ends there")
        return figures

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
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": max(queries),
        }

    def _deep_url(self, client: Client, first: str, depth: int) -> tuple[str, int]:
        """The URL of the page ``depth`` pages after ``first`` (or of the last page, if fewer), by
        following ``next`` as a client does; and how many pages it followed."""
        url, reached = first, 0
        for _ in range(depth):
            body = client.get(url).json()
            if not body["next"]:
                break
            url, reached = body["next"], reached + 1
        return url, reached
