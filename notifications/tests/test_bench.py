import json
from io import StringIO

import pytest
from django.core.management import call_command

from notifications.models import Delivery, Message
from stakeholders.models import Person

pytestmark = [pytest.mark.bench, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_bench_delivery_sends_through_a_worker_subprocess_ends_with_json_and_cleans_up():
    out = StringIO()
    call_command("bench_delivery", deliveries=20, per_message=7, concurrency=2, timeout=60, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["sent"] == 20
    assert figures["gateway_requests"] == 20
    assert figures["duplicate_sends"] == 0
    assert figures["deliveries_per_s"] > 0
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
    assert not Person.objects.exists()
