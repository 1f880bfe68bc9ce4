"""The benchmark command runs end to end and leaves nothing behind."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from training.models import Programme

pytestmark = pytest.mark.bench


def test_bench_training_ends_with_one_json_line_and_rolls_back(kutim):
    out = StringIO()
    call_command("bench_training", participants=5, stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["participants"] == 5
    assert result["certificates_issued"] == 5
    assert {"checkin_p95_ms", "checkin_queries", "certificates_s", "certificates_peak_mb"} <= result.keys()
    assert not Programme.objects.exists()
