"""The coordination pages: anonymous, without permission, in scope and out of scope (404); bad input
answered on the field; the list's queries do not grow with its rows."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from coordination.models import TrackedAction
from coordination.services import action_evidence_add
from coordination.tests.factories import make_action
from core.testing import ViewAccessCase, assert_view_access
from incidents.tests.files import png_upload

pytestmark = pytest.mark.django_db


def test_the_action_pages_are_scoped(operator, other_operator, reporter):
    action = make_action(by_user=operator)
    assert_view_access(
        ViewAccessCase(url="/koordinasi/tindak-lanjut/", without_permission=reporter, in_scope=operator)
    )
    assert_view_access(
        ViewAccessCase(
            url=f"/koordinasi/tindak-lanjut/{action.pk}/",
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )
    assert_view_access(
        ViewAccessCase(
            url=f"/koordinasi/tindak-lanjut/{action.pk}/ubah/",
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )


def test_evidence_is_downloaded_only_within_scope(operator, other_operator, reporter):
    action = make_action(by_user=operator)
    evidence = action_evidence_add(action=action, uploaded_file=png_upload(), by_user=operator)
    assert_view_access(
        ViewAccessCase(
            url=f"/koordinasi/bukti/{evidence.pk}/",
            without_permission=reporter,
            in_scope=operator,
            out_of_scope=other_operator,
        )
    )
    client = Client()
    client.force_login(operator)
    response = client.get(f"/koordinasi/bukti/{evidence.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_action_in_another_kecamatan_is_refused_on_the_area_field(operator):
    from regions.models import AdminUnit

    client = Client()
    client.force_login(operator)
    other = AdminUnit.objects.get(code="64.08.09")
    response = client.post(
        "/koordinasi/tindak-lanjut/baru/",
        {"title": "Uji", "due_date": timezone.localdate().isoformat(), "area": other.pk},
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert not TrackedAction.objects.exists()


def test_an_unknown_incident_number_is_refused_on_its_field(operator):
    from regions.models import AdminUnit

    client = Client()
    client.force_login(operator)
    response = client.post(
        "/koordinasi/tindak-lanjut/baru/",
        {
            "title": "Uji",
            "due_date": timezone.localdate().isoformat(),
            "area": AdminUnit.objects.get(code="64.08.04").pk,
            "incident_numbers": "INS-2099-99999",
        },
    )
    assert "INS-2099-99999" in str(response.context["form"].errors["incident_numbers"])


def test_a_liaison_completes_an_action_of_their_area_with_evidence(operator, liaison):
    action = make_action(by_user=operator)
    client = Client()
    client.force_login(liaison)
    response = client.post(
        f"/koordinasi/tindak-lanjut/{action.pk}/bukti/", {"note": "Patroli dilakukan", "file": png_upload()}
    )
    assert response.status_code == 302
    response = client.post(f"/koordinasi/tindak-lanjut/{action.pk}/status/", {"status": "selesai"})
    action.refresh_from_db()
    assert action.status == "selesai"


def test_the_list_shows_overdue_in_red_in_a_fixed_number_of_queries(operator, django_assert_max_num_queries):
    client = Client()
    client.force_login(operator)
    make_action(by_user=operator, due_date=timezone.localdate() - timedelta(days=1))
    client.get("/koordinasi/tindak-lanjut/")
    with django_assert_max_num_queries(14) as few:
        client.get("/koordinasi/tindak-lanjut/")
    for n in range(15):
        make_action(
            by_user=operator, title=f"Tindakan {n}", due_date=timezone.localdate() - timedelta(days=1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/koordinasi/tindak-lanjut/").content.decode()
    assert page.count('data-testid="action-overdue"') == 16


def test_the_meeting_list_is_a_fixed_number_of_queries(operator, django_assert_max_num_queries, kutim):
    from coordination.services import meeting_create

    client = Client()
    client.force_login(operator)
    from regions.models import AdminUnit

    area = AdminUnit.objects.get(code="64.08.04")

    def meeting(n):
        return meeting_create(
            title=f"Rapat {n}",
            group_label="LO pasangan calon",
            area=area,
            starts_at=timezone.now(),
            place="Aula",
            agenda="Koordinasi",
            by_user=operator,
        )

    meeting(0)
    client.get("/koordinasi/rakor/")
    with django_assert_max_num_queries(14) as few:
        client.get("/koordinasi/rakor/")
    for n in range(1, 10):
        meeting(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/koordinasi/rakor/").content.decode()
    assert page.count('data-testid="meeting-row"') == 10
