"""Migration collect 0002 gives each existing form integration the kabupaten its own data names: its
organisation's, else its person's office's, else its maker's office's, else the installation's first."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from collect.models import FormIntegration
from collect.services import formintegration_create
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.models import Person
from stakeholders.tests.factories import OrganisationFactory, UserFactory, user_with_office

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migration]

BEFORE_AREA = ("collect", "0001_form_integration")


def _migrate(*targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())


def test_existing_integrations_are_given_the_kabupaten_their_own_data_names(bontang, settings):
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    bontang_admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.74")
    member = Person.objects.get(user=user_with_office(Office.ANGGOTA_FORUM, "64.74.02"))
    organisation = OrganisationFactory(area=AdminUnit.objects.get(code="64.74.01"))
    nobody = UserFactory(is_superuser=True)  # no office anywhere

    def made(name, by_user, **fields):
        integration, _token = formintegration_create(name=name, kind="kobo", by_user=by_user, **fields)
        return integration.pk

    ids = {
        "organisation": made("Organisasi", superuser, organisation=organisation, area=bontang),
        "person": made("Orang", superuser, person=member, area=bontang),
        "maker": made("Pembuat", bontang_admin),
        "none": made("Tanpa", nobody, area=AdminUnit.objects.get(code="64.08")),
    }
    try:
        _migrate(BEFORE_AREA)  # the layout before an integration had a kabupaten
    finally:
        _migrate()

    found = dict(FormIntegration.objects.values_list("pk", "area__code"))
    assert {key: found[pk] for key, pk in ids.items()} == {
        "organisation": "64.74",
        "person": "64.74",
        "maker": "64.74",
        "none": settings.KABUPATEN_CODE,
    }
