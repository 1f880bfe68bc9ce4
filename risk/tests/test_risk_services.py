from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regions.models import AdminUnit
from regions.tests.factories import PollingStationFactory
from risk.bands import checklist_indicators
from risk.models import RiskAssessment
from risk.services import riskassessment_create, riskinstrument_load_defaults


def _no_answers(instrument):
    return {i["code"]: False for i in checklist_indicators(instrument.checklist)}


def test_an_ikp_score_gives_its_level_and_freezes_the_thresholds(instruments, kesbangpol):
    instrument = instruments["ikp-2024-kabkota"]
    assessment = riskassessment_create(
        instrument=instrument,
        area=AdminUnit.objects.get(code="64.08"),
        score=Decimal("49.33"),
        as_of=date(2022, 12, 16),
        by_user=kesbangpol,
    )
    assert (assessment.level, assessment.level_label, assessment.level_rank) == ("tinggi", "Tinggi", 3)
    assert assessment.thresholds == instrument.bands
    assert assessment.history.get().history_user == kesbangpol


def test_changing_the_instrument_bands_later_keeps_the_frozen_thresholds(instruments, kesbangpol):
    instrument = instruments["ikp-2024-kabkota"]
    assessment = riskassessment_create(
        instrument=instrument,
        area=AdminUnit.objects.get(code="64.08.04"),
        score=20,
        as_of=date(2024, 9, 1),
        by_user=kesbangpol,
    )
    instrument.bands[1]["min"] = 30
    instrument.save()
    assessment.refresh_from_db()
    assert assessment.thresholds[1]["min"] == 13.47
    assert assessment.level == "sedang"


def test_a_level_contradicting_the_score_is_refused(instruments, kesbangpol):
    with pytest.raises(ValidationError, match="berarti tingkat Rendah"):
        riskassessment_create(
            instrument=instruments["ikp-2024-kabkota"],
            area=AdminUnit.objects.get(code="64.08.04"),
            score=10,
            level="tinggi",
            as_of=date(2024, 9, 1),
            by_user=kesbangpol,
        )
    assert not RiskAssessment.objects.exists()


def test_a_scored_instrument_without_a_score_is_refused(instruments, kesbangpol):
    with pytest.raises(ValidationError, match="memerlukan skor"):
        riskassessment_create(
            instrument=instruments["ikp-2024-kabkota"],
            area=AdminUnit.objects.get(code="64.08.04"),
            as_of=date(2024, 9, 1),
            by_user=kesbangpol,
        )


def test_a_polri_class_is_taken_as_given_for_a_tps_and_filed_under_its_desa(instruments, kesbangpol):
    station = PollingStationFactory(number=7)
    assessment = riskassessment_create(
        instrument=instruments["polri-tps"],
        polling_station=station,
        level="sangat_rawan",
        as_of=date(2024, 11, 20),
        by_user=kesbangpol,
    )
    assert assessment.area.code == "64.08.04.2001"
    assert (assessment.score, assessment.level_label, assessment.level_rank) == (None, "Sangat rawan", 3)


def test_an_instrument_is_refused_for_a_level_it_does_not_grade(instruments, kesbangpol):
    with pytest.raises(ValidationError, match="tidak untuk tingkat desa"):
        riskassessment_create(
            instrument=instruments["ikp-2024-provinsi"],
            area=AdminUnit.objects.get(code="64.08.04.2001"),
            score=50,
            as_of=date(2024, 9, 1),
            by_user=kesbangpol,
        )


def test_an_aspect_outside_the_instrument_stages_is_refused(instruments, kesbangpol):
    with pytest.raises(ValidationError, match="Aspek harus salah satu"):
        riskassessment_create(
            instrument=instruments["pemetaan-pilkada-2024"],
            area=AdminUnit.objects.get(code="64.08.04"),
            level="tinggi",
            aspect="Sarapan",
            as_of=date(2024, 8, 26),
            by_user=kesbangpol,
        )


def test_checklist_answers_produce_the_score_and_level(instruments, camat_sangatta_utara):
    instrument = instruments["tps-rawan-2024"]
    answers = _no_answers(instrument)
    for code in ("dpt_tms", "dptb", "disabilitas", "riwayat_psu", "kendala_internet", "sulit_dijangkau"):
        answers[code] = True
    assessment = riskassessment_create(
        instrument=instrument,
        area=AdminUnit.objects.get(code="64.08.04.2001"),
        answers=answers,
        as_of=date(2024, 11, 19),
        by_user=camat_sangatta_utara,
    )
    assert (assessment.score, assessment.level) == (Decimal(6), "tinggi")
    assert assessment.answers["riwayat_psu"] is True


def test_an_unanswered_checklist_is_refused_and_writes_nothing(instruments, camat_sangatta_utara):
    with pytest.raises(ValidationError, match="belum dijawab"):
        riskassessment_create(
            instrument=instruments["tps-rawan-2024"],
            area=AdminUnit.objects.get(code="64.08.04.2001"),
            answers={"dpt_tms": True},
            as_of=date(2024, 11, 19),
            by_user=camat_sangatta_utara,
        )
    assert not RiskAssessment.objects.exists()


def test_the_live_risk_is_never_entered_by_hand(instruments, kesbangpol):
    with pytest.raises(ValidationError, match="dihitung dari insiden"):
        riskassessment_create(
            instrument=instruments["risiko-langsung"],
            area=AdminUnit.objects.get(code="64.08.04"),
            score=3,
            as_of=date(2024, 11, 19),
            by_user=kesbangpol,
        )


def test_loading_the_default_instruments_twice_creates_nothing_and_keeps_edits(instruments):
    instrument = instruments["polri-tps"]
    instrument.name = "Klasifikasi TPS Polres Kutim"
    instrument.save()
    assert riskinstrument_load_defaults() == 0
    instrument.refresh_from_db()
    assert instrument.name == "Klasifikasi TPS Polres Kutim"


@pytest.mark.demo
def test_the_demo_seed_runs_twice_without_duplicating(instruments):
    from risk import demo

    demo.seed()
    first = RiskAssessment.objects.count()
    demo.seed()
    assert RiskAssessment.objects.count() == first == 8
    assert (
        RiskAssessment.objects.get(instrument__code="tps-rawan-2024", area__code="64.08.01.2001").level
        == "tinggi"
    )


def test_an_assessment_belongs_to_the_election_of_its_date_or_of_its_tps(instruments, kesbangpol):
    instrument = instruments["ikp-2024-kabkota"]
    assessment = riskassessment_create(
        instrument=instrument,
        area=AdminUnit.objects.get(code="64.08"),
        score=20,
        as_of=date(2024, 9, 1),
        by_user=kesbangpol,
    )
    assert assessment.election.code == "pilkada-2024"
    old = riskassessment_create(
        instrument=instrument,
        area=AdminUnit.objects.get(code="64.08"),
        score=20,
        as_of=date(2019, 3, 1),
        by_user=kesbangpol,
    )
    assert old.election.code == "pemilu-2019"


def test_the_provincial_ikp_is_recorded_on_the_province_not_on_kutim(instruments, kesbangpol, client):
    from django.urls import reverse

    from risk.selectors import riskassessment_worst_in_area

    instrument = instruments["ikp-2024-provinsi"]
    province = AdminUnit.objects.get(code="64")
    kutim = AdminUnit.objects.get(code="64.08")
    with pytest.raises(ValidationError):
        riskassessment_create(
            instrument=instrument, area=kutim, score=77.04, as_of=date(2022, 12, 16), by_user=kesbangpol
        )
    assessment = riskassessment_create(
        instrument=instrument,
        area=province,
        score=Decimal("77.04"),
        as_of=date(2022, 12, 16),
        by_user=kesbangpol,
    )
    assert assessment.level == "tinggi"
    assert assessment not in riskassessment_worst_in_area(user=kesbangpol, area=kutim)
    client.force_login(kesbangpol)
    page = client.get(reverse("regions:adminunit_detail", args=["64.08"])).content.decode()
    assert 'data-testid="area-risk-context"' in page
    assert "77,04" in page


def test_a_camat_sees_the_provincial_context_on_the_kecamatan_page(
    instruments, kesbangpol, camat_sangatta_utara, client
):
    from django.urls import reverse

    riskassessment_create(
        instrument=instruments["ikp-2024-provinsi"],
        area=AdminUnit.objects.get(code="64"),
        score=Decimal("77.04"),
        as_of=date(2022, 12, 16),
        by_user=kesbangpol,
    )
    client.force_login(camat_sangatta_utara)
    page = client.get(reverse("regions:adminunit_detail", args=["64.08.04"])).content.decode()
    assert "Konteks provinsi" in page
    assert "77,04" in page
