import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from api.models import ApiCall, Integration
from incidents.models import Incident

pytestmark = pytest.mark.bench


def _counts() -> tuple[int, ...]:
    return (
        Incident.objects.count(),
        Integration.objects.count(),
        ApiCall.objects.count(),
        get_user_model().objects.count(),
    )


@pytest.mark.django_db
def test_bench_api_measures_empty_and_loaded_leaves_the_database_as_it_was_and_ends_with_json(kutim):
    before = _counts()
    out = io.StringIO()
    call_command("bench_api", incidents=60, repeat=2, depth=2, no_demo=True, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["empty_incidents"] == 0
    assert figures["loaded_incidents"] == 60
    for phase in ("empty", "loaded"):
        for name in ("list_first", "list_deep", "list_filtered", "list_open", "escalations", "areas"):
            assert figures[f"{phase}_api_{name}_p95_ms"] > 0, (phase, name)
            assert figures[f"{phase}_api_{name}_queries"] > 0, (phase, name)
    assert figures["loaded_api_detail_p95_ms"] > 0
    assert figures["ratio_list_first"] > 0
    # A cursor page costs a fixed number of queries, the deep one as the first.
    assert figures["loaded_api_list_deep_queries"] == figures["loaded_api_list_first_queries"]
    assert _counts() == before
