import json
from io import StringIO

import pytest
from django.core.management import call_command

from stakeholders.models import Person

pytestmark = pytest.mark.bench


def test_bench_registry_ends_with_one_json_line_and_leaves_nothing_behind(kutim):
    out = StringIO()
    call_command("bench_registry", people=700, positions=800, contacts=1500, repeat=2, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert {"people", "list_p95_ms", "search_p95_ms", "person_p95_ms", "gaps_p95_ms", "list_queries"} <= set(
        figures
    )
    assert figures["people"] >= 700
    assert not Person.objects.exists()


def test_bench_import_ends_with_one_json_line_and_leaves_nothing_behind(kutim):
    out = StringIO()
    call_command("bench_import", rows=300, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert {"rows", "check_s", "commit_s", "peak_mb", "accepted", "rejected"} <= set(figures)
    assert figures["rows"] == 300
    assert figures["rejected"] == 3  # the clerk's mistakes: one row in a hundred
    assert figures["saved"] == figures["accepted"] == figures["people_saved"] == 297
    assert not Person.objects.filter(full_name__contains=" Uji").exists()
