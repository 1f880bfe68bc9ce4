"""chaos_intake: messages posted over HTTP while the worker is SIGKILLed; nothing lost, nothing doubled."""

import io
import json

import pytest
from django.core.management import call_command

from incidents.models import Incident
from intake.models import InboundCall, UnverifiedIntake
from stakeholders.models import Person

pytestmark = [pytest.mark.chaos, pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]


def test_chaos_intake_kills_the_worker_and_loses_or_doubles_nothing(kutim):
    out = io.StringIO()
    call_command(
        "chaos_intake",
        messages=80,
        kill_every=3,
        timeout=300,
        concurrency=2,
        stdout=out,
        stderr=io.StringIO(),
    )
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    for key in ("messages", "stored", "reports_created", "unverified", "lost", "duplicates"):
        assert key in figures, key
    assert figures["messages"] == figures["stored"] == 80
    assert figures["lost"] == 0
    assert figures["duplicates"] == 0
    assert figures["worker_kills"] >= 1
    assert figures["reports_created"] > 0
    assert figures["unverified"] > 0
    assert figures["deliveries"] > figures["messages"] - 7 * 2  # repeats posted (Telegram counts per update)
    # The run removes what it wrote.
    assert not Incident.objects.filter(title__startswith="[UJI MASUK").exists()
    assert not Person.objects.filter(full_name__startswith="[UJI MASUK").exists()
    assert not UnverifiedIntake.objects.exists()
    assert not InboundCall.objects.exists()
