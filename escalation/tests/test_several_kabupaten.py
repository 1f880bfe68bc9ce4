"""With several kabupaten served, each keeps its own escalation ladder: a kabupaten's Kesbangpol edits
its own kabupaten's policies, not the other kabupaten's nor those that hold everywhere."""

import pytest
from django.core.exceptions import ValidationError

from escalation.models import EscalationPolicy
from escalation.selectors import escalationpolicy_for_settings
from escalation.settings_services import escalationpolicy_save
from mfa.testing import force_login_verified
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = pytest.mark.django_db

BONTANG = "64.74"
SETTINGS = "/insiden/eskalasi/pengaturan/"


@pytest.fixture
def two_kabupaten(bontang, seeded_defaults):
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)

    def ladder(code: str) -> EscalationPolicy:
        kecamatan = list(AdminUnit.objects.filter(parent__code=code)[:2])
        return escalationpolicy_save(by_user=superuser, name=f"Tangga {code}", priority=5, areas=kecamatan)

    return {"64.08": ladder("64.08"), BONTANG: ladder(BONTANG)}


@pytest.fixture
def kutim_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")


@pytest.fixture
def bontang_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)


def _login(client, user):
    force_login_verified(client, user)
    return client


def test_a_kabupaten_administrator_edits_only_their_own_kabupatens_policies(two_kabupaten, kutim_admin):
    editable = set(escalationpolicy_for_settings(kutim_admin))
    assert two_kabupaten["64.08"] in editable
    assert two_kabupaten[BONTANG] not in editable
    # The seeded policies name no area: they hold in every kabupaten, the installation's to edit.
    assert not any(policy.areas.count() == 0 for policy in editable)


def test_the_other_kabupatens_administrator_edits_theirs(two_kabupaten, bontang_admin):
    assert set(escalationpolicy_for_settings(bontang_admin)) == {two_kabupaten[BONTANG]}


def test_a_provincial_reader_edits_no_policy(two_kabupaten):
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    assert not escalationpolicy_for_settings(provincial).exists()


def test_with_one_kabupaten_its_administrator_edits_every_policy(kutim, seeded_defaults):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    assert escalationpolicy_for_settings(admin).count() == EscalationPolicy.objects.count() > 0


def test_the_policy_page_answers_its_own_kabupaten_and_404_for_the_other(client, two_kabupaten, kutim_admin):
    _login(client, kutim_admin)
    own = client.get(f"{SETTINGS}kebijakan/{two_kabupaten['64.08'].pk}/")
    other = client.get(f"{SETTINGS}kebijakan/{two_kabupaten[BONTANG].pk}/")
    assert (own.status_code, other.status_code) == (200, 404)


def test_the_other_kabupatens_administrator_gets_404_for_kutai_timurs_policy(
    client, two_kabupaten, bontang_admin
):
    _login(client, bontang_admin)
    assert client.get(f"{SETTINGS}kebijakan/{two_kabupaten['64.08'].pk}/").status_code == 404
    assert client.get(f"{SETTINGS}kebijakan/{two_kabupaten[BONTANG].pk}/").status_code == 200


def test_the_settings_page_offers_to_edit_only_the_own_kabupatens_policies(
    client, two_kabupaten, kutim_admin
):
    _login(client, kutim_admin)
    page = client.get(SETTINGS).content.decode()
    assert f"kebijakan/{two_kabupaten['64.08'].pk}/" in page
    assert f"kebijakan/{two_kabupaten[BONTANG].pk}/" not in page
    assert "kelompok/baru/" not in page


def test_a_new_policy_names_kecamatan_of_the_own_kabupaten_only(client, two_kabupaten, kutim_admin):
    _login(client, kutim_admin)
    data = {
        "name": "Tangga baru",
        "is_active": "on",
        "priority": "7",
        "min_severity": "3",
        "max_repeats": "0",
    }
    bontang = AdminUnit.objects.get(code=f"{BONTANG}.01")
    refused = client.post(f"{SETTINGS}kebijakan/baru/", {**data, "areas": [bontang.pk]})
    assert refused.status_code == 200
    assert not EscalationPolicy.objects.filter(name="Tangga baru").exists()
    empty = client.post(f"{SETTINGS}kebijakan/baru/", data)
    assert empty.status_code == 200
    assert not EscalationPolicy.objects.filter(name="Tangga baru").exists()
    sangatta = AdminUnit.objects.get(code="64.08.04")
    made = client.post(f"{SETTINGS}kebijakan/baru/", {**data, "areas": [sangatta.pk]})
    assert made.status_code == 302
    assert list(EscalationPolicy.objects.get(name="Tangga baru").areas.all()) == [sangatta]


def test_the_service_refuses_another_kabupatens_areas(two_kabupaten, kutim_admin):
    bontang = AdminUnit.objects.get(code=f"{BONTANG}.01")
    with pytest.raises(ValidationError, match="luar kabupaten"):
        escalationpolicy_save(by_user=kutim_admin, name="Bukan milik kami", priority=9, areas=[bontang])
    with pytest.raises(ValidationError, match="setiap kabupaten"):
        escalationpolicy_save(
            by_user=kutim_admin, policy=two_kabupaten["64.08"], name="Tanpa wilayah", priority=5, areas=[]
        )


def test_grouping_rules_stay_the_installations(client, two_kabupaten, kutim_admin):
    _login(client, kutim_admin)
    assert client.get(f"{SETTINGS}kelompok/baru/").status_code == 404
