import io
import json

import pytest
from django.core.management import call_command

from incidents.models import Incident

pytestmark = pytest.mark.bench


@pytest.mark.django_db(transaction=True)
def test_bench_triage_seeds_measures_cleans_up_and_ends_with_one_json_line(kutim):
    from coordination.models import TrackedAction

    actions_before = TrackedAction.objects.count()
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
    # Nothing another app hung on a bench report is left behind (the Inpres actions of severity 4-5).
    assert TrackedAction.objects.count() == actions_before
