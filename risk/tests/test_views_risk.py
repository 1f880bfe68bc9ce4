from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from regions.models import AdminUnit
from risk.bands import checklist_indicators
from risk.models import RiskAssessment
from risk.services import riskassessment_create


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def assess(instruments, kesbangpol):
    def make(code="64.08.04.2001", instrument="polri-tps", level="rawan", as_of=date(2024, 11, 20), **kwargs):
        return riskassessment_create(
            instrument=instruments[instrument],
            area=AdminUnit.objects.get(code=code),
            level=level,
            as_of=as_of,
            by_user=kesbangpol,
            **kwargs,
        )

    return make


def _checklist_post(instrument, area_code, yes=(), **extra):
    data = {"area": AdminUnit.objects.get(code=area_code).pk, "as_of": "2024-11-19", **extra}
    for indicator in checklist_indicators(instrument.checklist):
        if indicator["code"] in yes:
            data[f"q_{indicator['code']}"] = "on"
    return data


def test_assessment_list_access(assess, pelapor, bupati):
    assess()
    assert_view_access(
        ViewAccessCase(url=reverse("risk:riskassessment_list"), without_permission=pelapor, in_scope=bupati)
    )


def test_a_camat_lists_only_the_assessments_of_their_kecamatan(assess, camat_sangatta_utara):
    assess(code="64.08.04.2001")
    assess(code="64.08.09.2001")
    response = _client(camat_sangatta_utara).get(reverse("risk:riskassessment_list"))
    rows = list(response.context["assessments"])
    assert [a.area.code for a in rows] == ["64.08.04.2001"]


def test_assessment_list_queries_do_not_grow_with_rows(assess, bupati, django_assert_max_num_queries):
    for code in AdminUnit.objects.filter(level="desa").values_list("code", flat=True)[:30]:
        assess(code=code)
    client = _client(bupati)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("risk:riskassessment_list"))
    assert len(response.context["assessments"]) == 25


def test_assessment_list_filters_by_kecamatan(assess, bupati):
    assess(code="64.08.04.2001")
    assess(code="64.08.09.2001")
    kecamatan = AdminUnit.objects.get(code="64.08.09")
    response = _client(bupati).get(reverse("risk:riskassessment_list"), {"kecamatan": kecamatan.pk})
    assert [a.area.code for a in response.context["assessments"]] == ["64.08.09.2001"]


def test_assessment_detail_access(assess, nobody, bupati, camat_bengalon):
    assessment = assess(code="64.08.04.2001")
    assert_view_access(
        ViewAccessCase(
            url=assessment.get_absolute_url(),
            without_permission=nobody,
            in_scope=bupati,
            out_of_scope=camat_bengalon,
        )
    )


def test_checklist_detail_shows_the_answers_and_thresholds(instruments, camat_sangatta_utara):
    instrument = instruments["tps-rawan-2024"]
    response = _client(camat_sangatta_utara).post(
        reverse("risk:riskassessment_checklist", args=[instrument.code]),
        _checklist_post(instrument, "64.08.04.2001", yes={"sulit_dijangkau", "kendala_listrik", "dptb"}),
        follow=True,
    )
    page = response.content.decode()
    assert "Sedang" in page
    assert "TPS sulit dijangkau" in page
    assert response.context["assessment"].score == 3


def test_checklist_form_access(instruments, bupati, camat_sangatta_utara):
    url = reverse("risk:riskassessment_checklist", args=["tps-rawan-2024"])
    assert_view_access(ViewAccessCase(url=url, without_permission=bupati, in_scope=camat_sangatta_utara))


def test_checklist_post_access(instruments, bupati, camat_sangatta_utara):
    instrument = instruments["tps-rawan-2024"]
    assert_view_access(
        ViewAccessCase(
            url=reverse("risk:riskassessment_checklist", args=[instrument.code]),
            method="post",
            data=_checklist_post(instrument, "64.08.04.2001", yes={"riwayat_kekerasan"}),
            without_permission=bupati,
            in_scope=camat_sangatta_utara,
            ok_status=(302,),
        )
    )
    assessment = RiskAssessment.objects.get()
    assert (assessment.level, assessment.assessed_by) == ("rendah", camat_sangatta_utara)


def test_a_camat_cannot_assess_a_desa_of_another_kecamatan(instruments, camat_sangatta_utara):
    instrument = instruments["tps-rawan-2024"]
    response = _client(camat_sangatta_utara).post(
        reverse("risk:riskassessment_checklist", args=[instrument.code]),
        _checklist_post(instrument, "64.08.09.2001", yes={"riwayat_kekerasan"}),
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert not RiskAssessment.objects.exists()


def test_the_checklist_of_an_unknown_instrument_is_404(instruments, kesbangpol):
    response = _client(kesbangpol).get(reverse("risk:riskassessment_checklist", args=["ikp-2024-kabkota"]))
    assert response.status_code == 404


def test_score_form_access(instruments, bupati, kesbangpol):
    assert_view_access(
        ViewAccessCase(
            url=reverse("risk:riskassessment_create"),
            method="post",
            data={
                "instrument": instruments["ikp-2024-kabkota"].pk,
                "area": AdminUnit.objects.get(code="64.08").pk,
                "score": "24.28",
                "as_of": "2024-08-26",
            },
            without_permission=bupati,
            in_scope=kesbangpol,
            ok_status=(302,),
        )
    )
    assert RiskAssessment.objects.get().level == "sedang"


def test_score_form_shows_a_field_error_for_a_score_off_the_scale(instruments, kesbangpol):
    response = _client(kesbangpol).post(
        reverse("risk:riskassessment_create"),
        {
            "instrument": instruments["ikp-2024-kabkota"].pk,
            "area": AdminUnit.objects.get(code="64.08").pk,
            "score": "120",
            "as_of": "2024-08-26",
        },
    )
    assert response.context["form"].errors["score"] == ["Skor harus antara 0 dan 100."]
    assert not RiskAssessment.objects.exists()


def _kerawanan(response) -> dict:
    """The context of the kerawanan section the risk app adds to an area's page."""
    return next(s["context"] for s in response.context["sections"] if s["name"] == "kerawanan")


def test_the_area_page_lists_the_most_rawan_places_in_it(assess, camat_sangatta_utara, camat_bengalon):
    assess(code="64.08.04.2001", level="kurang_rawan")
    assess(code="64.08.04.2001", level="sedang", instrument="pemetaan-pilkada-2024")
    assess(code="64.08.04.1010", level="sangat_rawan")
    assess(code="64.08.09.2001", level="rawan")
    response = _client(camat_sangatta_utara).get(reverse("regions:adminunit_detail", args=["64.08.04"]))
    rows = [(a.area.code, a.level) for a in _kerawanan(response)["assessments"]]
    assert rows == [
        ("64.08.04.1010", "sangat_rawan"),
        ("64.08.04.2001", "sedang"),
        ("64.08.04.2001", "kurang_rawan"),
    ]
    other = _client(camat_bengalon).get(reverse("regions:adminunit_detail", args=["64.08.04"]))
    assert list(_kerawanan(other)["assessments"]) == []


def test_the_desa_page_offers_the_checklist_with_the_desa_chosen(instruments, camat_sangatta_utara):
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    page = _client(camat_sangatta_utara).get(reverse("regions:adminunit_detail", args=[desa.code]))
    link = f"{reverse('risk:riskassessment_checklist', args=['tps-rawan-2024'])}?wilayah={desa.pk}"
    assert link in page.content.decode()
    form = _client(camat_sangatta_utara).get(link).context["form"]
    assert form["area"].value() == str(desa.pk)


def test_a_stage_mapping_level_is_recorded_with_its_stage(instruments, kesbangpol):
    response = _client(kesbangpol).post(
        reverse("risk:riskassessment_create"),
        {
            "instrument": instruments["pemetaan-pilkada-2024"].pk,
            "area": AdminUnit.objects.get(code="64.08.09").pk,
            "aspect": "Pungut-hitung",
            "level": "tinggi",
            "as_of": "2024-08-26",
        },
    )
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get()
    assert (assessment.aspect, assessment.level_label, assessment.score) == ("Pungut-hitung", "Tinggi", None)


def test_assessments_without_an_assessor_render_on_list_and_detail(instruments, bupati):
    assessment = riskassessment_create(
        instrument=instruments["polri-tps"],
        area=AdminUnit.objects.get(code="64.08.04.2001"),
        level="rawan",
        as_of=date(2024, 11, 20),
        by_user=None,
    )
    client = _client(bupati)
    assert client.get(reverse("risk:riskassessment_list")).status_code == 200
    assert client.get(assessment.get_absolute_url()).status_code == 200


def test_the_checklist_offers_only_the_tps_of_the_chosen_desa(instruments, camat_sangatta_utara):
    from regions.tests.factories import PollingStationFactory

    desa = AdminUnit.objects.get(code="64.08.04.2001")
    mine = PollingStationFactory(number=1, desa=desa)
    PollingStationFactory(number=1, desa=AdminUnit.objects.get(code="64.08.04.1010"))
    url = reverse("risk:riskassessment_checklist", args=["tps-rawan-2024"])
    client = _client(camat_sangatta_utara)
    assert list(client.get(url).context["form"].fields["polling_station"].queryset) == []
    form = client.get(url, {"area": desa.pk}, headers={"HX-Request": "true"}).context["form"]
    assert list(form.fields["polling_station"].queryset) == [mine]
