"""A small registry world: two kecamatan, their camat, people, forums and users of each role."""

from dataclasses import dataclass
from datetime import date

import pytest

from notifications.tests.conftest import smtp_server  # noqa: F401  (a real local SMTP server, as a fixture)
from regions.models import AdminUnit
from stakeholders.choices import ContactKind, ForumKind, Office, OrgType
from stakeholders.services import (
    contact_point_add,
    forum_create,
    organisation_create,
    person_create,
    position_assign,
)
from stakeholders.tests.factories import user_with_office


@dataclass
class World:
    su: AdminUnit
    bengalon: AdminUnit
    desa_su: AdminUnit
    kesbangpol: object
    bupati: object
    camat_su: object
    camat_bengalon: object
    reporter: object
    trainer: object
    polsek_su: object
    kantor_bengalon: object
    warga_su: object
    warga_bengalon: object
    forum_su: object
    forum_bengalon: object


@pytest.fixture
def world(kutim):
    su = AdminUnit.objects.get(code="64.08.04")
    bengalon = AdminUnit.objects.get(code="64.08.09")
    desa_su = AdminUnit.objects.get(code="64.08.04.2001")
    polsek_su = organisation_create(name="Polsek Uji Sangatta Utara", org_type=OrgType.POLRI, area=su)
    kantor_bengalon = organisation_create(
        name="Kecamatan Uji Bengalon", org_type=OrgType.KECAMATAN, area=bengalon
    )
    kantor_su = organisation_create(name="Kecamatan Uji Sangatta Utara", org_type=OrgType.KECAMATAN, area=su)
    warga_su = person_create(full_name="Budi Santoso Fiktif")
    position_assign(
        person=warga_su, organisation=polsek_su, office=Office.KAPOLSEK, area=su, start_date=date(2024, 1, 1)
    )
    contact_point_add(person=warga_su, kind=ContactKind.WHATSAPP, value="0812-3456-7890", verified=True)
    warga_bengalon = person_create(full_name="Siti Aminah Fiktif")
    position_assign(
        person=warga_bengalon,
        organisation=kantor_bengalon,
        office=Office.SEKDES,
        area=AdminUnit.objects.get(code="64.08.09.2001"),
        start_date=date(2024, 1, 1),
    )
    return World(
        su=su,
        bengalon=bengalon,
        desa_su=desa_su,
        kesbangpol=user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="kesbangpol"),
        bupati=user_with_office(Office.BUPATI, "64.08", username="bupati"),
        camat_su=user_with_office(Office.CAMAT, "64.08.04", organisation=kantor_su, username="camat_su"),
        camat_bengalon=user_with_office(
            Office.CAMAT, "64.08.09", organisation=kantor_bengalon, username="camat_bengalon"
        ),
        reporter=user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", username="pelapor"),
        trainer=user_with_office(Office.FASILITATOR, "64.08", username="pelatih"),
        polsek_su=polsek_su,
        kantor_bengalon=kantor_bengalon,
        warga_su=warga_su,
        warga_bengalon=warga_bengalon,
        forum_su=forum_create(kind=ForumKind.FORKOPIMCAM, area=su, name="Forkopimcam Sangatta Utara"),
        forum_bengalon=forum_create(kind=ForumKind.FORKOPIMCAM, area=bengalon, name="Forkopimcam Bengalon"),
    )
