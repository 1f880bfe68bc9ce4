"""Alert groups: further reports of one clash join the open group instead of paging the same people again.

Real PostgreSQL; the seeded rule (same desa, same category, 60 minutes) unless a test makes its own.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from escalation.models import AlertGroup, AlertGroupMember, AlertGroupRule, Escalation
from escalation.services import alertgroup_split, escalation_step_run
from incidents.choices import EventKind
from incidents.models import IncidentEvent
from incidents.services import incident_change_severity
from incidents.tests.factories import make_incident
from notifications.choices import Urgency
from notifications.models import Message
from stakeholders.choices import ForumKind, Office

from .factories import forum_holders

pytestmark = pytest.mark.django_db


@pytest.fixture
def forkopimcam(kutim):
    return forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL])


def _run_first_step(incident):
    escalation = incident.escalations.get()
    assert escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1) == "ran"
    return escalation


def test_a_second_report_of_the_same_clash_joins_the_group_and_pages_nobody_anew(forkopimcam):
    first = make_incident(severity=4, title="Bentrok pendukung di posko")
    escalation = _run_first_step(first)
    pages = Message.objects.filter(group_key=escalation.group_key).count()
    assert pages == 3
    second = make_incident(severity=4, title="Dua kelompok saling lempar batu")
    assert not Escalation.objects.filter(incident=second).exists()
    group = AlertGroup.objects.get()
    assert group.primary == first
    assert set(AlertGroupMember.objects.values_list("incident_id", flat=True)) == {first.pk, second.pk}
    update = Message.objects.get(idempotency_key__startswith="laporan-tambahan|")
    assert update.text.startswith(f"LAPORAN TAMBAHAN untuk {first.number}: {second.number}")
    assert update.urgency == Urgency.NORMAL
    assert update.action_text == ""
    assert set(update.deliveries.values_list("person_id", flat=True)) == {p.pk for p in forkopimcam}
    # No escalation step message for the second report: one update per person, no new page.
    assert Message.objects.filter(group_key=escalation.group_key).count() == pages + 1
    note = IncidentEvent.objects.get(incident=second, kind=EventKind.LINK).note
    assert f"Digabung ke kelompok peringatan {first.number}" in note
    assert IncidentEvent.objects.filter(incident=first, note__startswith=f"Laporan tambahan {second.number}")


def test_another_desa_another_category_or_an_expired_window_starts_its_own_escalation(forkopimcam):
    first = make_incident(severity=4)
    elsewhere = make_incident(severity=4, area_code="64.08.04.2011")
    other_kind = make_incident(severity=4, category="INTIMIDASI")
    AlertGroup.objects.update(last_report_at=timezone.now() - timedelta(minutes=61))
    late = make_incident(severity=4)
    for incident in (first, elsewhere, other_kind, late):
        assert incident.escalations.count() == 1
    assert AlertGroupMember.objects.filter(incident=late).get().group.primary == late


def test_a_rule_with_a_distance_and_related_categories_groups_across_desa(forkopimcam):
    from incidents.models import IncidentCategory

    AlertGroupRule.objects.update(is_active=False)
    rule = AlertGroupRule.objects.create(name="Radius 500 m", window_minutes=30, distance_m=500)
    rule.categories.set(IncidentCategory.objects.filter(code__in=["BENTROK_MASSA", "INTIMIDASI"]))
    first = make_incident(severity=4, lat=0.5000, lng=117.5000)
    near = make_incident(
        severity=4, category="INTIMIDASI", area_code="64.08.04.2011", lat=0.5020, lng=117.5010
    )
    far = make_incident(severity=4, area_code="64.08.04.2011", lat=0.5200, lng=117.5000)
    assert first.escalations.count() == 1
    assert far.escalations.count() == 1
    assert not near.escalations.exists()
    assert AlertGroupMember.objects.get(incident=near).group.primary == first


def test_the_group_takes_the_highest_severity_and_its_policy(forkopimcam):
    first = make_incident(severity=3)
    escalation = first.escalations.get()
    worse = make_incident(severity=5)
    group = AlertGroup.objects.get()
    assert group.severity == 5
    escalation.refresh_from_db()
    assert escalation.status == "dihentikan"
    assert "lebih parah" in escalation.end_reason
    assert worse.escalations.get().policy_snapshot["name"].startswith("Tingkat 5")
    assert group.primary == worse
    # A member whose severity rises raises the group's, never a page of its own.
    member = make_incident(severity=3)
    assert not member.escalations.exists()
    incident_change_severity(
        incident=member, expected_version=member.version, by_user=member.reporter, severity=4, note="naik"
    )
    assert not member.escalations.exists()


def test_an_operator_splits_a_report_out_and_it_escalates_on_its_own(forkopimcam, kab_admin):
    first = make_incident(severity=4)
    second = make_incident(severity=4)
    with pytest.raises(Exception, match="Laporan utama kelompok tidak dapat dipisahkan"):
        alertgroup_split(incident=first, by_user=kab_admin)
    escalation = alertgroup_split(incident=second, by_user=kab_admin)
    assert escalation is not None
    assert escalation.incident == second
    member = AlertGroupMember.objects.get(incident=second)
    assert member.left_at is not None
    assert member.left_by == kab_admin
    assert IncidentEvent.objects.filter(incident=second, note__startswith="Dipisahkan dari kelompok").exists()


def test_the_split_button_and_the_group_show_on_the_incident_page(forkopimcam, client, kab_admin):
    first = make_incident(severity=4)
    second = make_incident(severity=4)
    client.force_login(kab_admin)
    page = client.get(second.get_absolute_url()).content.decode()
    assert 'data-testid="alert-group-member"' in page
    assert first.number in page
    response = client.post(f"/insiden/{second.number}/kelompok-peringatan/pisahkan/")
    assert response.status_code == 302
    assert second.escalations.count() == 1
    page = client.get(first.get_absolute_url()).content.decode()
    assert second.number not in page.split('data-testid="alert-group"')[1].split("</div>")[0]


@pytest.mark.django_db(transaction=True)
def test_two_reports_committed_at_once_make_one_group(forkopimcam):
    barrier = threading.Barrier(3)
    made, errors = [], []

    def report():
        try:
            barrier.wait(timeout=10)
            made.append(make_incident(severity=4))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=report) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert AlertGroup.objects.count() == 1
    assert Escalation.objects.count() == 1
    assert AlertGroupMember.objects.count() == 3
