"""Bimtek's admin reads (with history); programmes and everything on them change through the services."""

import pytest
from django.urls import reverse

from training import services
from training.models import Programme

from .factories import ProgrammeFactory


@pytest.mark.django_db
def test_superuser_cannot_change_a_programme_in_the_admin(admin_client, kutim):
    programme = ProgrammeFactory(title="Bimtek Asli")

    change = admin_client.post(
        reverse("admin:training_programme_change", args=[programme.pk]), {"title": "Diubah lewat admin"}
    )
    add = admin_client.post(reverse("admin:training_programme_add"), {"title": "Baru"})
    delete = admin_client.post(
        reverse("admin:training_programme_delete", args=[programme.pk]), {"post": "yes"}
    )

    assert (change.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    programme.refresh_from_db()
    assert programme.title == "Bimtek Asli"


@pytest.mark.django_db
def test_programme_history_is_viewable_and_not_revertible(admin_client, admin_user, kutim):
    programme = ProgrammeFactory(title="Bimtek Asli")
    services.programme_update(programme=programme, by_user=admin_user, title="Bimtek Baru")
    first = programme.history.order_by("history_id").first()

    page = admin_client.get(reverse("admin:training_programme_history", args=[programme.pk]))
    revert = admin_client.post(
        reverse("admin:training_programme_simple_history", args=[programme.pk, first.pk]),
        {"title": "Bimtek Asli"},
    )

    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 2
    assert page.context["revert_disabled"] is True
    assert revert.status_code == 403
    assert Programme.objects.get(pk=programme.pk).title == "Bimtek Baru"
