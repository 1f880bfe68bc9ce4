"""Tracked actions: created in scope, moved through their statuses with reasons, evidence checked by
content, read only within the user's areas and organisation, with a history of who changed what."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.choices import ActionStatus
from coordination.models import ActionEvidence, TrackedAction
from coordination.selectors import action_list, action_visible_to
from coordination.services import action_create, action_evidence_add, action_status_set, action_update
from coordination.tests.factories import make_action
from incidents.tests.factories import make_incident
from incidents.tests.files import png_upload
from regions.models import AdminUnit
from stakeholders.models import Person

pytestmark = pytest.mark.django_db


def test_an_operator_records_an_action_in_their_kecamatan_with_the_owners_organisation(operator, liaison):
    owner = Person.objects.get(user=liaison)
    incident = make_incident()
    action = action_create(
        title="Dialog dengan tim pemenangan",
        due_date=timezone.localdate() + timedelta(days=3),
        area=AdminUnit.objects.get(code="64.08.04.2001"),
        owner=owner,
        incidents=[incident],
        by_user=operator,
    )
    assert action.area_code == "64.08.04.2001"
    assert action.organisation == owner.positions.get().organisation
    assert list(action.incidents.all()) == [incident]
    assert action.history.get().history_user == operator


def test_an_action_outside_the_users_area_is_refused_on_the_area_field(operator):
    with pytest.raises(ValidationError) as caught:
        make_action(by_user=operator, area_code="64.08.09")
    assert "area" in caught.value.message_dict
    assert not TrackedAction.objects.exists()


def test_actions_are_read_by_area_organisation_and_owner_only(
    operator, other_operator, viewer, liaison, reporter
):
    here = make_action(by_user=operator)
    there = make_action(by_user=other_operator, area_code="64.08.09")
    assert set(action_visible_to(operator)) == {here}
    assert set(action_visible_to(other_operator)) == {there}
    assert set(action_visible_to(viewer)) == {here, there}
    assert set(action_visible_to(liaison)) == {here}
    assert not action_visible_to(reporter).exists()


def test_a_liaison_sees_an_action_of_their_organisation_in_another_kecamatan(other_operator, liaison):
    organisation = Person.objects.get(user=liaison).positions.get().organisation
    action = make_action(by_user=other_operator, area_code="64.08.09", organisation=organisation)
    assert list(action_visible_to(liaison)) == [action]


def test_done_needs_a_note_or_evidence_and_records_when(operator):
    action = make_action(by_user=operator)
    with pytest.raises(ValidationError, match="bukti"):
        action_status_set(action=action, status=ActionStatus.SELESAI, by_user=operator)
    action_evidence_add(action=action, note="Patroli dilakukan 2 kali", by_user=operator)
    action.refresh_from_db()
    assert action.status == ActionStatus.BERJALAN
    action = action_status_set(action=action, status=ActionStatus.SELESAI, by_user=operator)
    assert action.completed_at is not None
    assert not action.is_open


def test_cancelling_needs_a_reason_and_reopening_a_note(operator):
    action = make_action(by_user=operator)
    with pytest.raises(ValidationError, match="alasan"):
        action_status_set(action=action, status=ActionStatus.BATAL, by_user=operator)
    action_status_set(action=action, status=ActionStatus.BATAL, note="Digabung", by_user=operator)
    with pytest.raises(ValidationError, match="membuka kembali"):
        action_status_set(action=action, status=ActionStatus.TERBUKA, by_user=operator)
    action = action_status_set(
        action=action, status=ActionStatus.TERBUKA, note="Ternyata perlu", by_user=operator
    )
    assert action.status == ActionStatus.BERJALAN


def test_evidence_files_are_checked_by_content_and_kept_under_their_real_type(operator):
    action = make_action(by_user=operator)
    evidence = action_evidence_add(action=action, uploaded_file=png_upload("foto.hta"), by_user=operator)
    assert evidence.original_name == "foto.png"
    assert evidence.content_type == "image/png"
    assert evidence.file.name.endswith(".png")
    fake = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        action_evidence_add(action=action, uploaded_file=fake, by_user=operator)
    assert "file" in caught.value.message_dict
    assert ActionEvidence.objects.count() == 1


def test_an_evidence_file_over_the_limit_is_refused(operator, settings):
    settings.UPLOAD_MAX_BYTES = 50
    action = make_action(by_user=operator)
    with pytest.raises(ValidationError, match="terlalu besar"):
        action_evidence_add(action=action, uploaded_file=png_upload(), by_user=operator)


def test_overdue_filter_keeps_open_actions_past_their_date(operator):
    late = make_action(by_user=operator, due_date=timezone.localdate() - timedelta(days=2))
    make_action(by_user=operator)
    done = make_action(by_user=operator, due_date=timezone.localdate() - timedelta(days=2))
    action_status_set(action=done, status=ActionStatus.SELESAI, note="Sudah", by_user=operator)
    assert list(action_list(operator, overdue=True)) == [late]
    assert late.is_overdue


def test_edits_are_kept_in_the_history_with_who(operator, kab_admin):
    action = make_action(by_user=operator)
    action_update(action=action, title="Patroli gabungan", by_user=kab_admin)
    newest = action.history.order_by("-history_id").first()
    assert newest.title == "Patroli gabungan"
    assert newest.history_user == kab_admin
