import io
import json

import pytest
from django.core.management import call_command

from incidents.models import Incident

pytestmark = pytest.mark.bench


@pytest.mark.django_db(transaction=True)
def test_bench_triage_seeds_measures_cleans_up_and_ends_with_one_json_line(kutim):
    out = io.StringIO()
    call_command("bench_triage", incidents=300, repeat=2, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    figures = json.loads(last)
    assert figures["incidents"] == 300
    for key in (
        "triage_p95_ms",
        "filter_p95_ms",
        "search_p95_ms",
        "detail_p95_ms",
        "admin_p95_ms",
        "ratio_vs_admin",
    ):
        assert figures[key] > 0, key
    assert figures["triage_queries"] <= 15
    assert not Incident.objects.filter(number__startswith="BNC-").exists()
