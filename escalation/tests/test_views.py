"""The acknowledge link's page and the in-app acknowledge buttons: access, single use, expiry."""

import pytest
from django.test import Client
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from escalation.choices import EscalationStatus
from escalation.models import Escalation
from escalation.services import escalation_step_run
from incidents.tests.factories import make_incident
from notifications.models import Message
from stakeholders.choices import ForumKind, Office

from .factories import forum_holders

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerted(kutim):
    """A severity-4 clash in Sangatta Utara whose first step alerted its Forkopimcam (three people)."""
    holders = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.KAPOLSEK, Office.DANRAMIL, Office.KETUA_PPK]
    )
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1)
    links = {
        m.inbox_items.get().person_id: m.link.split("127.0.0.1:8000", 1)[1]
        for m in Message.objects.filter(group_key=escalation.group_key)
    }
    return incident, escalation, holders, links


def test_the_link_page_acknowledges_without_an_account_and_names_who(alerted):
    incident, escalation, holders, links = alerted
    client = Client()
    page = client.get(links[holders[1].pk])
    assert page.status_code == 200
    assert incident.number in page.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACTIVE  # a GET (mail scanners) acknowledges nothing
    done = client.post(links[holders[1].pk]).content.decode()
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACKNOWLEDGED
    assert escalation.acknowledged_by_person == holders[1]
    assert f"Dikonfirmasi oleh {holders[1]}" in done


def test_a_second_recipient_is_told_someone_else_was_first(alerted):
    _incident, _escalation, holders, links = alerted
    Client().post(links[holders[0].pk])
    page = Client().post(links[holders[2].pk]).content.decode()
    assert f"sudah dikonfirmasi oleh {holders[0]}" in page


def test_a_used_link_cannot_be_used_again(alerted):
    _incident, escalation, holders, links = alerted
    Client().post(links[holders[0].pk])
    from escalation.services import escalation_unacknowledge

    escalation_unacknowledge(escalation=Escalation.objects.get(pk=escalation.pk), by_user=None)
    page = Client().post(links[holders[0].pk]).content.decode()
    assert "sudah dipakai" in page
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACTIVE


def test_an_expired_link_is_refused(alerted, settings):
    _incident, escalation, holders, links = alerted
    settings.ESCALATION_ACK_LINK_MAX_AGE_S = -1
    response = Client().post(links[holders[0].pk])
    assert response.status_code == 410
    assert "kedaluwarsa" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACTIVE


def test_a_forged_link_is_refused(alerted):
    _incident, _escalation, holders, links = alerted
    response = Client().post(links[holders[0].pk].replace(":", ":x", 1))
    assert response.status_code == 404


def test_in_app_acknowledge_follows_permission_and_scope(alerted, operator, other_operator, trainer):
    incident, escalation, _holders, _links = alerted
    assert_view_access(
        ViewAccessCase(
            url=reverse("escalation:escalation_acknowledge", args=[incident.number, escalation.pk]),
            method="post",
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == operator


def test_in_app_unacknowledge_follows_permission_and_scope(alerted, operator, other_operator, trainer):
    from escalation.services import escalation_acknowledge

    incident, escalation, _holders, _links = alerted
    escalation_acknowledge(escalation=escalation, by_user=operator)
    assert_view_access(
        ViewAccessCase(
            url=reverse("escalation:escalation_unacknowledge", args=[incident.number, escalation.pk]),
            method="post",
            without_permission=trainer,
            in_scope=operator,
            out_of_scope=other_operator,
            ok_status=(302,),
        )
    )
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACTIVE


def test_the_incident_page_shows_the_escalation_with_a_bounded_query_count(
    alerted, operator, django_assert_max_num_queries
):
    incident, _escalation, holders, _links = alerted
    client = Client()
    client.force_login(operator)
    client.get(incident.get_absolute_url())
    with django_assert_max_num_queries(40):
        page = client.get(incident.get_absolute_url()).content.decode()
    assert 'data-testid="escalation-panel"' in page
    assert str(holders[0]) in page
    assert 'data-testid="escalation-ack"' in page


def test_the_policy_page_follows_permission_and_lists_the_ladder(
    kab_admin, operator, django_assert_max_num_queries
):
    assert_view_access(
        ViewAccessCase(
            url=reverse("escalation:escalationpolicy_list"), without_permission=operator, in_scope=kab_admin
        )
    )
    client = Client()
    client.force_login(kab_admin)
    client.get(reverse("escalation:escalationpolicy_list"))
    with django_assert_max_num_queries(15):
        page = client.get(reverse("escalation:escalationpolicy_list")).content.decode()
    assert "Forkopimcam kecamatan kejadian" in page
    assert "Jalur P tingkat 3" in page


def test_a_reporter_sees_who_was_alerted_but_not_their_addresses(alerted):
    incident, _escalation, holders, _links = alerted
    client = Client()
    client.force_login(incident.reporter)
    page = client.get(incident.get_absolute_url()).content.decode()
    email = holders[0].contact_points.get().value
    assert str(holders[0]) in page
    assert email not in page


def test_a_field_reporter_cannot_silence_the_alert_of_their_own_report(alerted):
    incident, escalation, _holders, _links = alerted
    client = Client()
    client.force_login(incident.reporter)
    response = client.post(
        reverse("escalation:escalation_acknowledge", args=[incident.number, escalation.pk])
    )
    assert response.status_code == 403
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACTIVE
