"""With several kabupaten served, each keeps its own escalation ladder and alert-grouping rules: a
kabupaten's Kesbangpol edits its own kabupaten's policies and rules, not the other kabupaten's nor
those that hold everywhere; the engine applies to a report its kabupaten's rules and the installation's."""

import pytest
from django.core.exceptions import ValidationError

from escalation.models import AlertGroupMember, AlertGroupRule, EscalationPolicy
from escalation.selectors import alertgrouprule_for_settings, escalationpolicy_for_settings
from escalation.settings_services import alertgrouprule_save, escalationpolicy_save
from incidents.tests.factories import make_incident
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


# --- alert-grouping rules: each kabupaten keeps its own too -------------------------------------


@pytest.fixture
def rules(two_kabupaten):
    """A grouping rule per kabupaten (50 km apart at most, any desa), made by the installation's
    administrator; the seeded rule (same desa) holds in both."""
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    return {
        code: alertgrouprule_save(
            by_user=superuser,
            name=f"Kelompok {code}",
            distance_m=50_000,
            area=AdminUnit.objects.get(code=code),
        )
        for code in ("64.08", BONTANG)
    }


def test_a_kabupaten_administrator_edits_their_own_kabupatens_rule_and_gets_404_for_the_other(
    client, rules, kutim_admin
):
    _login(client, kutim_admin)
    own = f"{SETTINGS}kelompok/{rules['64.08'].pk}/"
    assert client.get(own).status_code == 200
    saved = client.post(
        own, {"name": "Kelompok Kutim", "is_active": "on", "window_minutes": "90", "distance_m": "0"}
    )
    assert saved.status_code == 302
    rules["64.08"].refresh_from_db()
    assert (rules["64.08"].name, rules["64.08"].window_minutes, rules["64.08"].area.code) == (
        "Kelompok Kutim",
        90,
        "64.08",
    )
    assert client.get(f"{SETTINGS}kelompok/{rules[BONTANG].pk}/").status_code == 404
    assert client.post(f"{SETTINGS}kelompok/{rules[BONTANG].pk}/", {"name": "x"}).status_code == 404
    # The seeded rule holds in every kabupaten: listed, the installation's to edit.
    seeded = AlertGroupRule.objects.get(area__isnull=True)
    assert client.get(f"{SETTINGS}kelompok/{seeded.pk}/").status_code == 404
    page = client.get(SETTINGS).content.decode()
    assert seeded.name in page
    assert f"kelompok/{rules['64.08'].pk}/" in page
    assert f"kelompok/{seeded.pk}/" not in page
    assert rules[BONTANG].name not in page


def test_a_new_rule_is_the_own_kabupatens(client, rules, bontang_admin):
    _login(client, bontang_admin)
    kutim = AdminUnit.objects.get(code="64.08")
    made = client.post(
        f"{SETTINGS}kelompok/baru/",
        {
            "name": "Kelompok baru",
            "is_active": "on",
            "area": kutim.pk,
            "window_minutes": "30",
            "distance_m": "0",
        },
    )
    assert made.status_code == 302
    assert AlertGroupRule.objects.get(name="Kelompok baru").area.code == BONTANG


def test_the_service_refuses_another_kabupaten_and_the_installations_rules(rules, kutim_admin):
    with pytest.raises(ValidationError, match="luar kabupaten"):
        alertgrouprule_save(by_user=kutim_admin, name="Bukan milik kami", area=rules[BONTANG].area)
    with pytest.raises(ValidationError, match="setiap kabupaten"):
        alertgrouprule_save(by_user=kutim_admin, name="Tanpa kabupaten")
    with pytest.raises(ValidationError, match="luar kabupaten"):
        alertgrouprule_save(by_user=kutim_admin, rule=rules[BONTANG], area=rules["64.08"].area)
    with pytest.raises(ValidationError, match="setiap kabupaten"):
        alertgrouprule_save(by_user=kutim_admin, rule=AlertGroupRule.objects.get(area__isnull=True), name="x")


def test_the_installations_administrator_and_a_provincial_reader(rules):
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    assert alertgrouprule_for_settings(superuser).count() == AlertGroupRule.objects.count() == 3
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    assert not alertgrouprule_for_settings(provincial).exists()


@pytest.fixture
def seeded_ladders(rules):
    """The seeded policies (every kabupaten's) alert, the test ladders without steps are put aside."""
    EscalationPolicy.objects.filter(name__startswith="Tangga").update(is_active=False)
    return rules


def _bontang_desa() -> list[str]:
    return list(
        AdminUnit.objects.filter(code__startswith=f"{BONTANG}.01.")
        .order_by("code")[:2]
        .values_list("code", flat=True)
    )


def test_the_engine_groups_a_bontang_report_by_bontangs_and_the_installations_rules_only(seeded_ladders):
    rules = seeded_ladders
    rules[BONTANG].is_active = False
    rules[BONTANG].save()
    first, other = _bontang_desa()
    origin = make_incident(severity=4, area_code=first, lat=0.1300, lng=117.4900)
    assert origin.escalations.count() == 1
    # Another Bontang desa 300 m away: Kutai Timur's rule (50 km) does not group Bontang's reports.
    near = make_incident(severity=4, area_code=other, lat=0.1320, lng=117.4910)
    assert near.escalations.count() == 1
    # The installation's rule (the same desa) does.
    same = make_incident(severity=4, area_code=first)
    assert not same.escalations.exists()
    assert AlertGroupMember.objects.get(incident=same).group.primary == origin
    # Bontang's own rule groups across its desa.
    rules[BONTANG].is_active = True
    rules[BONTANG].save()
    later = make_incident(severity=4, area_code=other, lat=0.1310, lng=117.4905)
    assert not later.escalations.exists()


def test_a_bontang_rule_never_groups_kutai_timurs_reports(seeded_ladders):
    rules = seeded_ladders
    rules["64.08"].is_active = False
    rules["64.08"].save()
    first = make_incident(severity=4, lat=0.5000, lng=117.5000)
    near = make_incident(severity=4, area_code="64.08.04.2011", lat=0.5020, lng=117.5010)
    assert first.escalations.count() == near.escalations.count() == 1
    # Nor joins a Bontang report to a Kutai Timur group, however near.
    bontang = make_incident(severity=4, area_code=_bontang_desa()[0], lat=0.5010, lng=117.5005)
    assert bontang.escalations.count() == 1


def test_an_installation_wide_rule_never_joins_a_report_to_another_kabupatens_group(seeded_ladders):
    for rule in seeded_ladders.values():
        rule.is_active = False
        rule.save()
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    alertgrouprule_save(by_user=superuser, name="Radius se-provinsi", distance_m=50_000, area=None)
    first = make_incident(severity=4, lat=0.5000, lng=117.5000)
    near = make_incident(severity=4, area_code="64.08.04.2011", lat=0.5020, lng=117.5010)
    assert first.escalations.count() == 1
    assert not near.escalations.exists()  # the installation's rule groups within Kutai Timur
    # A Bontang report 120 m from Kutai Timur's group starts Bontang's own ladder.
    bontang = make_incident(severity=4, area_code=_bontang_desa()[0], lat=0.5010, lng=117.5005)
    assert bontang.escalations.count() == 1


def test_with_one_kabupaten_its_administrator_edits_every_rule_and_the_engine_applies_them(
    kutim, seeded_defaults
):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    rule = alertgrouprule_save(by_user=admin, name="Radius", distance_m=1_000)
    assert rule.area is None
    assert set(alertgrouprule_for_settings(admin)) == set(AlertGroupRule.objects.all())
    first = make_incident(severity=4, lat=0.5000, lng=117.5000)
    near = make_incident(severity=4, area_code="64.08.04.2011", lat=0.5020, lng=117.5010)
    assert first.escalations.count() == 1
    assert not near.escalations.exists()
