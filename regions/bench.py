"""Parts of ``manage.py bench_situation`` that other apps contribute, without regions importing them.

The command imports ``<app>.bench_parts`` of every installed app (like the admin's autodiscovery);
such a module calls ``register_bench_part``. Each part may *load* data (inside the command's
transaction, which is rolled back at the end) and *measure* figures; both return a dict of figures
merged into the command's JSON line. Example (the situation report adds ``sitrep_s`` this way)::

    from regions.bench import register_bench_part

    def measure(ctx):                     # ctx: BenchContext
        seconds = ctx.seconds(lambda: build_the_report(...))
        return {"sitrep_s": round(seconds, 2)}

    register_bench_part("sitrep", measure=measure, order=50)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def p95(samples: list[float]) -> float:
    """The 95th percentile of the samples (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class BenchContext:
    """What a part gets: the options, the kabupaten viewer the requests run as, and timers."""

    options: dict
    user: Any
    write: Callable[[str], None]
    figures: dict = field(default_factory=dict)

    @property
    def runs(self) -> int:
        return self.options["runs"]

    def time_get(self, url: str, runs: int | None = None, *, user=None, before=None) -> tuple[float, int]:
        """p95 server time (ms) of GET ``url`` through the full middleware stack, and the body size.

        ``before()`` runs before each timed request (untimed), e.g. to empty a cache.
        """
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
        client.force_login(user or self.user)
        samples, size = [], 0
        for _ in range(runs or self.runs):
            if before is not None:
                before()
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            size = len(response.content)
        return p95(samples), size

    @staticmethod
    def seconds(func: Callable[[], Any]) -> float:
        """Wall time of one call, in seconds."""
        started = time.perf_counter()
        func()
        return time.perf_counter() - started

    @staticmethod
    def mean(values) -> float:
        return statistics.mean(values)


@dataclass(frozen=True)
class BenchPart:
    """A registered part: ``prepare()`` runs before the transaction (e.g. VACUUM), ``load(ctx)``
    seeds data, ``measure(ctx)`` times; load and measure return figures."""

    name: str
    prepare: Callable[[], None] | None = None
    load: Callable[[BenchContext], dict] | None = None
    measure: Callable[[BenchContext], dict] | None = None
    order: int = 100


_PARTS: dict[str, BenchPart] = {}


def register_bench_part(
    name: str,
    *,
    prepare: Callable[[], None] | None = None,
    load: Callable[[BenchContext], dict] | None = None,
    measure: Callable[[BenchContext], dict] | None = None,
    order: int = 100,
) -> BenchPart:
    """Add a part to bench_situation; registering a name twice replaces it."""
    part = BenchPart(name, prepare, load, measure, order)
    _PARTS[name] = part
    return part


def bench_parts() -> list[BenchPart]:
    """Every registered part, in order (after importing each app's ``bench_parts`` module)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("bench_parts")
    return sorted(_PARTS.values(), key=lambda p: (p.order, p.name))
