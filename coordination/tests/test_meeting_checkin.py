"""Attendance at a meeting (rakor) by its QR code: the organiser's screen shows a time-limited code bound
to the meeting; an invitee scanning it with their own phone is marked present (with history naming them);
someone not invited, an expired or a forged code each read a clear message, never a 500."""

from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordination.choices import AttendanceMark
from coordination.services import (
    meeting_attendance_self_mark,
    meeting_checkin_token,
    meeting_create,
    meeting_invitees_add,
)
from core.testing import ViewAccessCase, assert_view_access
from stakeholders.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(operator, liaison, kutim):
    from regions.models import AdminUnit

    meeting = meeting_create(
        title="Rakor LO pasangan calon",
        group_label="LO pasangan calon",
        area=AdminUnit.objects.get(code="64.08.04"),
        starts_at=timezone.now() - timedelta(minutes=5),
        place="Aula kantor camat",
        agenda="Kampanye damai",
        by_user=operator,
    )
    meeting_invitees_add(meeting=meeting, people=[Person.objects.get(user=liaison)], by_user=operator)
    return meeting


def _checkin_url(token: str) -> str:
    return reverse("coordination:meeting_self_checkin", args=[token])


def test_an_invitee_scanning_the_code_is_marked_present_with_history(meeting, liaison):
    client = Client()
    client.force_login(liaison)
    url = _checkin_url(meeting_checkin_token(meeting=meeting))
    page = client.get(url)
    assert page.status_code == 200
    assert b'data-testid="meeting-checkin-submit"' in page.content
    done = client.post(url)
    assert done.status_code == 200
    assert b'data-testid="meeting-checkin-result"' in done.content
    invitee = meeting.invitees.get(person__user=liaison)
    assert invitee.attended
    assert invitee.attendance_mark == AttendanceMark.QR
    assert invitee.history.order_by("-history_id").first().history_user == liaison


def test_scanning_twice_changes_nothing(meeting, liaison):
    token = meeting_checkin_token(meeting=meeting)
    person_id = Person.objects.get(user=liaison).pk
    first = meeting_attendance_self_mark(meeting=meeting, person_id=person_id, token=token, by_user=liaison)
    again = meeting_attendance_self_mark(meeting=meeting, person_id=person_id, token=token, by_user=liaison)
    assert again.attendance_at == first.attendance_at
    assert first.history.count() == 2  # added, then marked present once


def test_someone_not_invited_is_refused_with_a_message_and_nothing_is_recorded(meeting, reporter):
    client = Client()
    client.force_login(reporter)
    url = _checkin_url(meeting_checkin_token(meeting=meeting))
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        assert "tidak tercantum dalam daftar undangan" in response.content.decode()
    assert not meeting.invitees.filter(attended=True).exists()
    with pytest.raises(ValidationError, match="daftar undangan"):
        meeting_attendance_self_mark(
            meeting=meeting,
            person_id=Person.objects.get(user=reporter).pk,
            token=meeting_checkin_token(meeting=meeting),
            by_user=reporter,
        )


def test_an_expired_code_reads_a_clear_message(meeting, liaison, settings):
    token = meeting_checkin_token(meeting=meeting)
    settings.COORDINATION_CHECKIN_QR_TTL_S = -1
    client = Client()
    client.force_login(liaison)
    response = client.post(_checkin_url(token))
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    assert not meeting.invitees.filter(attended=True).exists()


# Signed when the test runs, not when it is collected: a code signed at collection may have expired
# by the time a long suite reaches the test (and then reads "kedaluwarsa", not "tidak sah").
FORGED = {
    "garbage": lambda: "bukan-token",
    "training": lambda: signing.TimestampSigner(salt="core.qrtokens.training.session_checkin").sign_object(
        {"id": 1}
    ),
    "other_meeting": lambda: signing.TimestampSigner(
        salt="core.qrtokens.coordination.meeting_checkin"
    ).sign_object({"id": 10**9}),
    "nul": lambda: "%00",
}


@pytest.mark.parametrize("kind", list(FORGED))
def test_a_forged_or_foreign_code_is_a_400_with_a_message(meeting, liaison, kind):
    token = FORGED[kind]()
    client = Client()
    client.force_login(liaison)
    response = client.post(_checkin_url(token))
    assert response.status_code == 400
    assert "tidak sah" in response.content.decode()


def test_a_code_of_another_meeting_is_refused_by_the_service(meeting, liaison, operator):
    other = meeting_create(
        title="Rakor lain",
        group_label="Tiga Pilar",
        area=meeting.area,
        starts_at=timezone.now(),
        place="Balai desa",
        agenda="-",
        by_user=operator,
    )
    with pytest.raises(ValidationError, match="rapat lain"):
        meeting_attendance_self_mark(
            meeting=meeting,
            person_id=Person.objects.get(user=liaison).pk,
            token=meeting_checkin_token(meeting=other),
            by_user=liaison,
        )


def test_the_code_is_refused_long_before_the_meeting(meeting, liaison):
    with pytest.raises(ValidationError, match="belum dimulai"):
        meeting_attendance_self_mark(
            meeting=meeting,
            person_id=Person.objects.get(user=liaison).pk,
            token=meeting_checkin_token(meeting=meeting),
            by_user=liaison,
            now=meeting.starts_at - timedelta(hours=3),
        )


def test_the_organisers_qr_page_renews_itself_and_is_scoped(meeting, operator, other_operator, viewer):
    url = reverse("coordination:meeting_qr", args=[meeting.pk])
    assert_view_access(
        ViewAccessCase(url=url, without_permission=viewer, in_scope=operator, out_of_scope=other_operator)
    )
    client = Client()
    client.force_login(operator)
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert 'data-testid="meeting-qr"' in page


def test_the_qr_image_is_an_svg_of_the_checkin_address(meeting, operator, other_operator, viewer):
    url = reverse("coordination:meeting_qr_image", args=[meeting.pk])
    assert_view_access(
        ViewAccessCase(url=url, without_permission=viewer, in_scope=operator, out_of_scope=other_operator)
    )
    client = Client()
    client.force_login(operator)
    response = client.get(url, {"t": "palsu"})
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert response["Cache-Control"] == "no-store"
