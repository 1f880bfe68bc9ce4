import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from escalation.models import EscalationPolicy
from incidents.models import Incident
from stakeholders.models import Person

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _last_json(out: io.StringIO) -> dict:
    return json.loads(out.getvalue().strip().splitlines()[-1])


def _nothing_left():
    assert not Incident.objects.filter(title__startswith="[UJI ESKALASI").exists()
    assert not Person.objects.filter(full_name__startswith="[UJI ESKALASI").exists()
    assert not EscalationPolicy.objects.filter(name__startswith="[UJI ESKALASI").exists()


@pytest.mark.chaos
def test_chaos_escalation_kills_workers_restarts_redis_and_loses_no_step_nor_delivery(kutim):
    out = io.StringIO()
    call_command(
        "chaos_escalation",
        incidents=6,
        wait_minutes=0,
        kill_every=3,
        claim_timeout=5,
        sweep_grace=5,
        concurrency=2,
        quiet_timeout=150,
        stdout=out,
    )
    figures = _last_json(out)
    for key in ("incidents", "steps_missed", "deliveries_stuck", "duplicate_sends", "worst_lateness_s"):
        assert key in figures, key
    assert figures["incidents"] == 6
    assert figures["quiet"] is True
    assert figures["redis_restarts"] == 1
    assert figures["worker_kills"] >= 1
    assert figures["steps_run"] == figures["steps_expected"] == 18
    assert figures["steps_missed"] == 0
    assert figures["deliveries_stuck"] == 0
    assert figures["duplicate_sends"] == 0
    assert figures["unmatched_requests"] == 0
    _nothing_left()


@pytest.mark.chaos
def test_chaos_escalation_keep_switches_its_policy_off_and_cleanup_removes_the_run(kutim):
    out = io.StringIO()
    call_command(
        "chaos_escalation", incidents=2, wait_minutes=0, calm=True, keep=True, concurrency=1, stdout=out
    )
    figures = _last_json(out)
    assert figures["duplicate_sends"] == 0
    assert figures["steps_missed"] == 0
    kept = EscalationPolicy.objects.get(name__startswith=f"[UJI ESKALASI {figures['run']}]")
    assert kept.is_active is False
    assert Incident.objects.filter(title__startswith=f"[UJI ESKALASI {figures['run']}]").count() == 2
    call_command("chaos_escalation", cleanup=figures["run"], stdout=io.StringIO())
    _nothing_left()


def test_chaos_escalation_refuses_to_run_in_production(kutim, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="Tidak dijalankan di produksi"):
        call_command("chaos_escalation", incidents=1, calm=True, stdout=io.StringIO())
    _nothing_left()


@pytest.mark.bench
def test_bench_escalation_measures_latency_lateness_and_throughput_and_cleans_up(kutim):
    out = io.StringIO()
    call_command(
        "bench_escalation",
        incidents=3,
        rate=10,
        wait_minutes=0,
        burst=2,
        burst_recipients=3,
        concurrency=2,
        timeout=60,
        stdout=out,
    )
    figures = _last_json(out)
    assert figures["first_delivery_n"] == 3
    assert 0 < figures["first_delivery_p50_ms"] <= figures["first_delivery_p99_ms"]
    assert figures["timed_steps"] == 3
    assert figures["step_lateness_p99_s"] >= 0
    assert figures["burst_accepted"] == 6
    assert figures["deliveries_per_s"] > 0
    _nothing_left()


@pytest.mark.bench
def test_bench_escalation_keeps_a_providers_limit_and_names_the_limit_in_force(kutim):
    out = io.StringIO()
    call_command(
        "bench_escalation",
        incidents=1,
        rate=10,
        wait_minutes=0,
        burst=2,
        burst_recipients=4,
        concurrency=2,
        gateway_rate=5,
        timeout=60,
        stdout=out,
    )
    figures = _last_json(out)
    assert figures["burst_accepted"] == 8
    # Four chats at one message per second each bind before the gateway's five.
    assert figures["limit_per_s"] == 4.0
    assert figures["limit_used_pct"] == round(100 * figures["deliveries_per_s"] / 4.0, 1)
    assert figures["duplicate_sends"] == 0
    # The latency phase: one incident, two people at the first step and one at the second.
    assert figures["gateway_requests"] == figures["burst_accepted"] + 3 + figures["rejected_429"]
    _nothing_left()
