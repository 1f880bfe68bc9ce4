"""The preventive activity's phone form offline, as the field report: the page carries the offline hooks,
a queued activity is posted to the sync endpoint with the id the phone gave it, and a repeated send of
that id (a lost answer, a second tab) finds the first activity instead of recording another."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordination.models import PreventiveActivity
from coordination.services import prevention_submit
from incidents.tests.files import png_upload
from regions.models import AdminUnit

pytestmark = pytest.mark.django_db

SYNC = "/koordinasi/pencegahan/kirim/"


def _fields(client_id, **more):
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    values = {
        "kind": "patroli",
        "held_at": timezone.localtime(timezone.now()).strftime("%Y-%m-%dT%H:%M"),
        "kecamatan": desa.parent_id,
        "desa": desa.pk,
        "place": "Pasar induk",
        "participant_count": "6",
        "notes": "Patroli malam",
        "client_id": str(client_id),
    }
    values.update(more)
    return values


def test_a_repeated_client_id_returns_the_first_activity_and_writes_nothing(liaison):
    client_id = uuid.uuid4()
    area = AdminUnit.objects.get(code="64.08.04.2001")
    held_at = timezone.now()
    first, created = prevention_submit(
        by_user=liaison, client_id=client_id, kind="patroli", held_at=held_at, area=area, participant_count=3
    )
    again, created_again = prevention_submit(
        by_user=liaison, client_id=client_id, kind="mediasi", held_at=held_at, area=area, participant_count=9
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert PreventiveActivity.objects.get().kind == "patroli"


def test_a_client_id_of_another_users_activity_is_refused(liaison, operator):
    client_id = uuid.uuid4()
    area = AdminUnit.objects.get(code="64.08.04.2001")
    prevention_submit(by_user=liaison, client_id=client_id, kind="patroli", held_at=timezone.now(), area=area)
    with pytest.raises(ValidationError, match="sudah dipakai"):
        prevention_submit(
            by_user=operator, client_id=client_id, kind="patroli", held_at=timezone.now(), area=area
        )
    assert PreventiveActivity.objects.count() == 1


def test_the_sync_endpoint_answers_201_then_200_for_the_same_id_with_its_photos(liaison):
    client = Client()
    client.force_login(liaison)
    client_id = uuid.uuid4()
    first = client.post(SYNC, {**_fields(client_id), "photos": [png_upload(), png_upload()]})
    assert first.status_code == 201, first.content
    activity = PreventiveActivity.objects.get()
    assert first.json()["url"] == activity.get_absolute_url()
    assert activity.client_id == client_id
    assert activity.photos.count() == 2
    again = client.post(SYNC, {**_fields(client_id), "photos": [png_upload()]})
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert PreventiveActivity.objects.count() == 1
    assert activity.photos.count() == 2


def test_the_sync_endpoint_answers_field_errors_as_json(liaison):
    client = Client()
    client.force_login(liaison)
    response = client.post(SYNC, _fields(uuid.uuid4(), kind=""))
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    no_id = client.post(SYNC, _fields(""))
    assert no_id.status_code == 400
    assert "__all__" in no_id.json()["errors"]
    assert not PreventiveActivity.objects.exists()


def test_the_sync_endpoint_is_for_those_who_log_activities(liaison, reporter):
    anonymous = Client().post(SYNC, _fields(uuid.uuid4()))
    assert anonymous.status_code == 302
    client = Client()
    client.force_login(reporter)
    assert client.post(SYNC, _fields(uuid.uuid4())).status_code == 403
    client.force_login(liaison)
    assert client.get(SYNC).status_code == 405


def test_the_page_form_posts_the_same_id_once(liaison):
    client = Client()
    client.force_login(liaison)
    client_id = uuid.uuid4()
    url = reverse("coordination:prevention_create")
    assert client.post(url, _fields(client_id)).status_code == 302
    assert client.post(url, _fields(client_id)).status_code == 302
    assert PreventiveActivity.objects.count() == 1


def test_the_new_activity_form_carries_the_offline_hooks_and_the_edit_form_does_not(liaison):
    client = Client()
    client.force_login(liaison)
    page = client.get(reverse("coordination:prevention_create")).content.decode()
    assert 'data-offline-form="prevention"' in page
    assert f'data-sync="{SYNC}"' in page
    assert 'name="client_id"' in page
    assert "data-outbox-panel" in page
    assert "js/offline.js" in page
    client.post(reverse("coordination:prevention_create"), _fields(uuid.uuid4()))
    activity = PreventiveActivity.objects.get()
    edit = client.get(reverse("coordination:prevention_update", args=[activity.pk])).content.decode()
    assert "data-offline-form" not in edit
    assert 'name="client_id"' not in edit
