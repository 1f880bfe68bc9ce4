"""Every benchmark runs where the README says to run it, on a database with reference data only and on
one that holds the demo (what ``make run`` leaves behind for ``make bench``), and leaves each as it was:
the same rows in every table, history, sessions and access log included.
"""

import io
import json

import pytest
from django.core.management import call_command

from core.testing import assert_rows_unchanged, table_row_counts

pytestmark = [pytest.mark.bench, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# The smallest run of each benchmark that still goes through all it measures.
BENCHMARKS = [
    ("bench_triage", {"incidents": 200, "repeat": 1}),
    ("bench_export", {"rows": 200}),
    ("bench_situation", {"incidents": 200, "runs": 1, "tps_per_desa": 1, "assessments_per_tps": 1}),
    ("bench_registry", {"people": 50, "positions": 100, "contacts": 100, "repeat": 1}),
    ("bench_training", {"participants": 3}),
    ("bench_import", {"rows": 100}),
    ("bench_api", {"incidents": 30, "repeat": 1, "depth": 1, "no_demo": True}),
    ("bench_delivery", {"deliveries": 5, "per_message": 5, "concurrency": 2, "timeout": 120}),
    (
        "bench_escalation",
        {
            "incidents": 2,
            "burst": 1,
            "burst_recipients": 3,
            "wait_minutes": 0,
            "concurrency": 2,
            "timeout": 180,
        },
    ),
]


def _run_every_benchmark() -> list[str]:
    names = []
    for name, options in BENCHMARKS:
        out = io.StringIO()
        call_command(name, stdout=out, **options)
        json.loads(out.getvalue().strip().splitlines()[-1])  # each ends with its JSON line
        names.append(name)
    return names


def test_every_benchmark_is_listed_here():
    from django.core.management import get_commands

    assert {name for name in get_commands() if name.startswith("bench_")} == {name for name, _ in BENCHMARKS}


def test_every_benchmark_runs_on_the_demo_database_and_leaves_it_as_it_was(kutim, seeded_defaults):
    call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
    before = table_row_counts()
    assert _run_every_benchmark() == [name for name, _ in BENCHMARKS]
    assert_rows_unchanged(before)


def test_every_benchmark_runs_on_reference_data_only_and_leaves_it_as_it_was(kutim, seeded_defaults):
    # What `migrate` and `load_regions` leave: the areas, the election calendar, the seeded defaults.
    before = table_row_counts()
    _run_every_benchmark()
    assert_rows_unchanged(before)
