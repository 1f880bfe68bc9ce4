"""Benchmark rows of the API app: the bench's integration and its call log, removed after a run."""

from __future__ import annotations

from .models import ApiCall, Integration


def integrations_bench_remove(*, name: str) -> dict[str, int]:
    """Remove the benchmark's integrations (by name) with their logged calls."""
    integrations = Integration.objects.filter(name=name)
    calls = ApiCall.objects.filter(integration__in=integrations).delete()[0]
    # History rows of a bench integration go with it: nothing of a bench run is kept.
    Integration.history.filter(name=name).delete()
    removed = integrations.delete()[0]
    return {"integrations": removed, "calls": calls}
