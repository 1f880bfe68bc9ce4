"""Intake's part of the PDP export and erasure, and the retention of raw provider calls."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.registry import personal_data_sections, retention_rules
from intake.choices import CallOutcome, IntakeChannel, SignatureCheck
from intake.models import InboundCall, UnverifiedIntake
from intake.services import intake_receive
from regions.models import AdminUnit
from stakeholders.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _section(name):
    return next(section for section in personal_data_sections() if section.name == name)


def _rule(name):
    return next(rule for rule in retention_rules() if rule.name == name)


def test_a_persons_waiting_reports_are_exported_and_their_sender_erased(kutim):
    person, other = PersonFactory(), PersonFactory()
    area = AdminUnit.objects.get(code="64.08.04.2001")
    mine = intake_receive(
        channel=IntakeChannel.SMS,
        external_id="sms-pdp-1",
        text="Ada keributan",
        sender="+6281234500001",
        person=person,
        area=area,
    ).intake
    theirs = intake_receive(
        channel=IntakeChannel.SMS,
        external_id="sms-pdp-2",
        text="Ada spanduk dirusak",
        sender="+6281234500002",
        person=other,
        area=area,
    ).intake
    section = _section("intake_queue")
    rows = section.export(person=person)
    assert [row["pengirim"] for row in rows] == ["+6281234500001"]
    assert section.erase(person=person, by_user=UserFactory()) == 1
    assert section.export(person=person) == []
    mine = UnverifiedIntake.objects.get(pk=mine.pk)
    assert (mine.sender, mine.person, mine.text) == ("", None, "Ada keributan")
    assert UnverifiedIntake.objects.get(pk=theirs.pk).sender == "+6281234500002"


def test_raw_calls_are_emptied_after_their_days_unless_still_waiting(kutim, settings):
    settings.RETENTION_INTAKE_RAW_DAYS = 90
    now = timezone.now()

    def call(outcome, age_days):
        row = InboundCall.objects.create(
            channel=IntakeChannel.SMS,
            signature=SignatureCheck.VALID,
            body='{"from": "+6281234500001"}',
            headers={"Content-Type": "application/json"},
            outcome=outcome,
        )
        InboundCall.objects.filter(pk=row.pk).update(received_at=now - timedelta(days=age_days))
        return row.pk

    old, waiting, recent = (
        call(CallOutcome.PROCESSED, 91),
        call(CallOutcome.RECEIVED, 91),
        call(CallOutcome.PROCESSED, 89),
    )
    assert _rule("intake_raw_calls").apply(now=now) == [f"panggilan masuk #{old}"]
    assert InboundCall.objects.get(pk=old).body == ""
    assert InboundCall.objects.get(pk=old).headers == {}
    assert InboundCall.objects.get(pk=old).outcome == CallOutcome.PROCESSED
    assert InboundCall.objects.get(pk=waiting).body != ""
    assert InboundCall.objects.get(pk=recent).body != ""
    assert _rule("intake_raw_calls").apply(now=now) == []
    settings.RETENTION_INTAKE_RAW_DAYS = 0
    InboundCall.objects.filter(pk=recent).update(received_at=now - timedelta(days=400))
    assert _rule("intake_raw_calls").apply(now=now) == []
