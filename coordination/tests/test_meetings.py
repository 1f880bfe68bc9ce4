"""Coordination meetings: a forum's seat holders are invited through the notification channels (reach
shown, unreached in red with the reason), attendance and minutes are recorded, decisions become
tracked actions, the notulen prints as a PDF.

Real PostgreSQL; Telegram is a local HTTP server.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from coordination.choices import ActionSource, MeetingStatus
from coordination.models import Meeting
from coordination.selectors import meeting_get_for_detail, meeting_reach, meeting_visible_to
from coordination.services import (
    meeting_attendance_set,
    meeting_create,
    meeting_decision_add,
    meeting_invitations_send,
    meeting_minutes_record,
)
from escalation.tests.factories import forum_holders
from notifications.choices import PENDING_STATUSES
from notifications.models import Delivery
from notifications.services import delivery_perform
from stakeholders.choices import ContactKind, ForumKind, Office
from stakeholders.models import ContactPoint, Forum
from stakeholders.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forkopimcam(kutim):
    camat, kapolsek, danramil = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL], contact=None
    )
    ContactPoint.objects.create(person=camat, kind=ContactKind.TELEGRAM, value="4242", verified=True)
    ContactPoint.objects.create(person=kapolsek, kind=ContactKind.TELEGRAM, value="4343", verified=True)
    return Forum.objects.get(kind=ForumKind.FORKOPIMCAM, area__code="64.08.04"), [camat, kapolsek, danramil]


def _meeting(forum, by_user, **fields):
    values = {
        "title": "Rakor Forkopimcam Sangatta Utara",
        "starts_at": timezone.now() - timedelta(hours=2),
        "place": "Kantor Camat Sangatta Utara",
        "agenda": "1. Situasi kampanye\n2. Pengamanan debat",
    }
    values.update(fields)
    return meeting_create(forum=forum, by_user=by_user, **values)


def test_a_forum_meeting_invites_its_seat_holders_and_shows_who_was_reached(forkopimcam, providers, operator):
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_json(
        {"ok": True, "result": {"message_id": 3}}
    )
    forum, people = forkopimcam
    meeting = _meeting(forum, operator)
    assert {i.person for i in meeting.invitees.all()} == set(people)
    assert meeting_invitations_send(meeting=meeting, by_user=operator) == 3
    for delivery in Delivery.objects.filter(status__in=PENDING_STATUSES):
        delivery_perform(delivery_id=delivery.pk)
    reach = {r.person: r for r in meeting_reach(meeting_get_for_detail(operator, meeting.pk))}
    assert reach[people[0]].reached
    assert reach[people[1]].reached
    assert reach[people[2]].state == "tidak_terjangkau"
    assert reach[people[2]].reasons
    texts = [request.get_json()["text"] for request, _ in providers.log]
    assert all("Rakor Forkopimcam Sangatta Utara" in text and "WITA" in text for text in texts)


def test_sending_again_reaches_only_those_added_since(forkopimcam, operator):
    forum, _people = forkopimcam
    meeting = _meeting(forum, operator)
    meeting_invitations_send(meeting=meeting, by_user=operator)
    from coordination.services import meeting_invitees_add

    meeting_invitees_add(meeting=meeting, people=[PersonFactory(full_name="Tokoh Adat")], by_user=operator)
    assert meeting_invitations_send(meeting=meeting, by_user=operator) == 1
    assert len({i.invitation_key for i in meeting.invitees.all()}) == 2


def test_attendance_minutes_and_decisions_become_actions(forkopimcam, operator):
    forum, people = forkopimcam
    meeting = _meeting(forum, operator)
    assert (
        meeting_attendance_set(
            meeting=meeting, present_person_ids=[people[0].pk, people[1].pk], by_user=operator
        )
        == 2
    )
    meeting_minutes_record(meeting=meeting, minutes="Situasi kondusif; patroli ditambah.", by_user=operator)
    action = meeting_decision_add(
        meeting=meeting,
        title="Tambah patroli malam",
        due_date=timezone.localdate() + timedelta(days=5),
        owner=people[1],
        by_user=operator,
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SELESAI
    assert action.source == ActionSource.RAPAT
    assert action.meeting == meeting
    assert action.area == meeting.area
    assert list(meeting.decisions.all()) == [action]


def test_minutes_before_the_meeting_starts_are_refused_on_the_field(forkopimcam, operator):
    from django.core.exceptions import ValidationError

    forum, _ = forkopimcam
    meeting = _meeting(forum, operator, starts_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        meeting_minutes_record(meeting=meeting, minutes="Terlalu cepat", by_user=operator)
    assert "minutes" in caught.value.message_dict


def test_a_meeting_outside_the_users_area_is_refused(forkopimcam, other_operator):
    from django.core.exceptions import ValidationError

    forum, _ = forkopimcam
    with pytest.raises(ValidationError):
        _meeting(forum, other_operator)
    assert not Meeting.objects.exists()


def test_meetings_are_seen_in_their_area_and_by_their_invitees(forkopimcam, operator, other_operator, viewer):
    forum, _people = forkopimcam
    meeting = _meeting(forum, operator)
    assert list(meeting_visible_to(operator)) == [meeting]
    assert list(meeting_visible_to(viewer)) == [meeting]
    assert not meeting_visible_to(other_operator).exists()


def test_the_notulen_pdf_prints_names_as_typed(forkopimcam, operator):
    forum, _people = forkopimcam
    meeting = _meeting(forum, operator, title="Rakor Forkopimcam — Şükrü")
    meeting_minutes_record(meeting=meeting, minutes="Notulen “uji”.", by_user=operator)
    client = Client()
    client.force_login(operator)
    response = client.get(f"/koordinasi/rakor/{meeting.pk}/notulen.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"DejaVu" in response.content
