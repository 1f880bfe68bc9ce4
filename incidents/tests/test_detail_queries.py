"""The incident page's query budget (issue 18): at most 12 queries for a report with notes, follow-ups,
evidence, links both ways, duplicates, referrals, Bawaslu's steps and an outcome at a TPS, and the same
number with four times as many of each."""

from datetime import date, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from incidents import services
from incidents.choices import BawasluState, LinkKind, OutcomeKind, ReferralTarget
from regions.models import AdminUnit, Election, PollingStation
from stakeholders.tests.factories import OrganisationFactory, PersonFactory

from .factories import make_incident, wita
from .files import pdf_upload

pytestmark = pytest.mark.django_db

# Severity 2 starts no escalation (the default policies begin at 3): the escalation panel, when it has
# something to show, adds its own fixed number of queries.
SEVERITY = 2


def _report(reporter, title: str):
    return make_incident(
        by_user=reporter,
        title=title,
        severity=SEVERITY,
        # During the 2024 campaign, on a day of the logistics distribution (a sub-phase).
        occurred_at=wita(2024, 11, 20, 9),
        known_at=wita(2024, 11, 20, 10),
    )


def _add_round(incident, k: int, *, by_user, reporter, owner, station):
    """One more of everything the page lists."""
    services.note_add(incident=incident, body=f"Catatan ke-{k}", by_user=by_user)
    services.follow_up_add(
        incident=incident,
        description=f"Tindak lanjut ke-{k}",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=k - 2),
        by_user=by_user,
    )
    services.evidence_add(incident=incident, uploaded_file=pdf_upload(f"bukti-{k}.pdf"), by_user=by_user)
    services.referral_add(
        incident=incident,
        target=ReferralTarget.BAWASLU,
        referred_at=wita(2024, 11, 21, 9),
        register_number=f"REG-{k}",
        by_user=by_user,
    )
    services.bawaslu_step_add(
        incident=incident, state=BawasluState.DITERIMA, on_date=date(2024, 11, 21), by_user=by_user
    )
    services.outcome_add(
        incident=incident,
        kind=OutcomeKind.PSU,
        issued_by="Bawaslu Kabupaten Kutai Timur",
        issued_on=date(2024, 11, 29),
        polling_stations=[station],
        ballot_types=["bupati"],
        held_on=date(2024, 12, 2),
        starts_at=time(7),
        ends_at=time(13),
        by_user=by_user,
    )
    duplicate = _report(reporter, f"Duplikat ke-{k}")
    services.evidence_add(incident=duplicate, uploaded_file=pdf_upload(f"duplikat-{k}.pdf"), by_user=by_user)
    services.incident_link(source=duplicate, target=incident, kind=LinkKind.DUPLICATE, by_user=by_user)
    related = _report(reporter, f"Terkait ke-{k}")
    services.incident_link(source=incident, target=related, kind=LinkKind.RELATED, by_user=by_user)
    pointing = _report(reporter, f"Menunjuk ke-{k}")
    services.incident_link(source=pointing, target=incident, kind=LinkKind.RELATED, by_user=by_user)


def test_incident_page_runs_at_most_12_queries_whatever_it_holds(
    reporter, kab_admin, django_assert_max_num_queries, django_assert_num_queries
):
    incident = _report(reporter, "Laporan utama")
    incident = services.incident_verify(incident=incident, expected_version=None, by_user=kab_admin)
    owner = PersonFactory(full_name="Pelaksana Patroli")
    incident = services.incident_assign(
        incident=incident,
        expected_version=None,
        by_user=kab_admin,
        lead_organisation=OrganisationFactory(),
        responsible_person=owner,
    )
    station = PollingStation.objects.create(
        election=Election.objects.get(code="pilkada-2024"),
        desa=AdminUnit.objects.get(code="64.08.04.2001"),
        number=88,
    )
    people = {"by_user": kab_admin, "reporter": reporter, "owner": owner, "station": station}
    _add_round(incident, 1, **people)
    client = Client()
    client.force_login(kab_admin)
    client.get(incident.get_absolute_url())  # warm the session and the access profile

    # Session, account, second-factor device, permissions, positions; the incident with its short lists
    # (referrals, Bawaslu's steps, outcomes and their TPS, links both ways, sub-phases) and whether each
    # panel has something to show; timeline, notes, follow-ups, evidence with the duplicates'; the TPS
    # the outcome form offers.
    with django_assert_max_num_queries(12) as few:
        response = client.get(incident.get_absolute_url())
    page = response.content.decode()
    assert "duplikat-1.pdf" in page
    assert "Menunjuk ke-1" in page

    for k in range(2, 5):
        _add_round(incident, k, **people)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(incident.get_absolute_url())
    page = response.content.decode()
    # Everything is there, four of each.
    for k in range(1, 5):
        assert f"Catatan ke-{k}" in page
        assert f"Tindak lanjut ke-{k}" in page
        assert f"bukti-{k}.pdf" in page
        assert f"duplikat-{k}.pdf" in page
        assert f"REG-{k}" in page
        assert f"Terkait ke-{k}" in page
        assert f"Menunjuk ke-{k}" in page
    outcomes = [line.text for line in response.context["story"] if line.kind == "outcome"]
    assert len(outcomes) == 4
    assert all("TPS 088" in text for text in outcomes)
    assert 'data-testid="subphase">Distribusi logistik<' in page
    assert len(response.context["duplicates"]) == 4
