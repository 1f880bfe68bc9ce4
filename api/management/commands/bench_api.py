"""Benchmark of the REST API against the web pages, at N incidents (bench_triage's data).

Seeds N incidents with bench_triage's loader (COPY, every number starting with ``BNC-``), makes a
kabupaten-wide read token, and measures with the Django test Client (server time, query count) the
API's incident list (first page, and a deep page reached by following ``next``) and detail, beside
the web triage queue (first page, the same depth) and the incident page. Ends with ONE JSON line.
The seeded rows, the integration and its call log are removed afterwards unless ``--keep``.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.benchharness import percentile
from core.conf import kabupaten_code
from incidents.choices import Status
from incidents.management.commands.bench_triage import PREFIX
from incidents.management.commands.bench_triage import Command as TriageBench
from incidents.selectors import incident_visible_to
from regions.selectors import adminunit_get

from ...bench import integrations_bench_remove
from ...services import integration_create

NAME = "Bench API (fiktif)"
PAGE = 25  # the web queue's page size, so that both answer the same rows


class Command(BaseCommand):
    help = "Seed N incidents and measure the API's incident list (first and deep page) and detail against the web."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=100_000, help="How many incidents to seed.")
        parser.add_argument("--repeat", type=int, default=30, help="Requests per measured page.")
        parser.add_argument("--depth", type=int, default=100, help="Pages deep for the deep page.")
        parser.add_argument("--keep", action="store_true", help="Keep the seeded incidents afterwards.")

    def handle(self, *args, **options):
        n, repeat, depth = options["incidents"], options["repeat"], options["depth"]
        triage = TriageBench(stdout=self.stdout, stderr=self.stderr)
        from incidents.categories import category_defaults_ensure

        category_defaults_ensure()
        _admin, kab_user = triage._users()
        triage._cleanup()
        integrations_bench_remove(name=NAME)
        try:
            started = time.perf_counter()
            triage._seed(n, kab_user)
            seeded_s = time.perf_counter() - started
            self.stdout.write(f"seeded {n} incidents in {seeded_s:.1f} s")
            _integration, token = integration_create(
                name=NAME,
                area=adminunit_get(code=kabupaten_code()),
                scopes={"insiden": "baca"},
                expires_at=timezone.now() + timedelta(days=1),
                by_user=kab_user,
            )
            # The rate limit is for partners, not for the benchmark's thousand calls a minute.
            with override_settings(API_RATE_PER_MINUTE=0):
                result = self._measure(triage, kab_user, token, repeat, depth)
            result["seed_s"] = round(seeded_s, 1)
        finally:
            if not options["keep"]:
                triage._cleanup()
                integrations_bench_remove(name=NAME)
        self.stdout.write(json.dumps(result))

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
            "p50_ms": round(sorted(times)[len(times) // 2], 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": max(queries),
        }

    def _deep_url(self, client: Client, first: str, depth: int) -> str:
        """The URL of the page ``depth`` pages after ``first``, by following ``next`` as a client does."""
        url = first
        for _ in range(depth):
            body = client.get(url).json()
            if not body["next"]:
                break
            url = body["next"]
        return url

    def _measure(self, triage: TriageBench, kab_user, token: str, repeat: int, depth: int) -> dict:
        web = Client(HTTP_HOST="localhost")
        web.force_login(kab_user)
        api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
        sample = (
            incident_visible_to(kab_user).filter(number__startswith=PREFIX, status=Status.DITANGANI).first()
        )
        triage._enrich(sample, kab_user)
        first = f"/api/v1/incidents/?status=semua&page_size={PAGE}"
        deep = self._deep_url(api, first, depth)
        pages = {
            "list_first": (first, "/insiden/?status=semua"),
            "list_deep": (deep, f"/insiden/?status=semua&page={depth + 1}"),
            "list_open": (f"/api/v1/incidents/?page_size={PAGE}", "/insiden/"),
            "detail": (f"/api/v1/incidents/{sample.number}/", sample.get_absolute_url()),
        }
        results: dict[str, dict] = {}
        for name, (api_url, web_url) in pages.items():
            results[f"api_{name}"] = self._time(api, api_url, repeat)
            results[f"web_{name}"] = self._time(web, web_url, repeat)
        self.stdout.write(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, figures in results.items():
            self.stdout.write(f"{name:24} {figures['p50_ms']:8} {figures['p95_ms']:8} {figures['queries']:8}")
        summary: dict = {"incidents": incident_visible_to(kab_user).filter(number__startswith=PREFIX).count()}
        for name in pages:
            api_figures, web_figures = results[f"api_{name}"], results[f"web_{name}"]
            summary[f"api_{name}_p95_ms"] = api_figures["p95_ms"]
            summary[f"web_{name}_p95_ms"] = web_figures["p95_ms"]
            summary[f"api_{name}_queries"] = api_figures["queries"]
            summary[f"web_{name}_queries"] = web_figures["queries"]
            summary[f"ratio_{name}"] = (
                round(api_figures["p95_ms"] / web_figures["p95_ms"], 2) if web_figures["p95_ms"] else None
            )
        summary["depth_pages"] = depth
        self.stdout.write("api/web p95: " + ", ".join(f"{name} {summary[f'ratio_{name}']}" for name in pages))
        return summary
