import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from risk.bands import band_for_level, band_for_score, bands_validate, checklist_indicators, checklist_score
from risk.instruments import instrument_definitions
from risk.models import RiskInstrument


def _bands(code):
    return next(d for d in instrument_definitions() if d["code"] == code)["bands"]


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("0", "rendah"),
        ("13.46", "rendah"),
        ("13.47", "sedang"),
        ("49.32", "sedang"),
        ("49.33", "tinggi"),
        ("100", "tinggi"),
    ],
)
def test_ikp_2024_kabkota_band_edges_follow_the_published_table(score, level):
    assert band_for_score(_bands("ikp-2024-kabkota"), Decimal(score))[1]["level"] == level


@pytest.mark.parametrize(("score", "level"), [("21.69", "rendah"), ("21.7", "sedang"), ("68.5", "tinggi")])
def test_ikp_2024_provinsi_band_edges(score, level):
    assert band_for_score(_bands("ikp-2024-provinsi"), score)[1]["level"] == level


def test_kutai_timur_ikp_pilkada_2020_score_is_sedang():
    rank, band = band_for_score(_bands("ikp-pilkada-2020"), "44.33")
    assert (rank, band["label"]) == (2, "Sedang")


@pytest.mark.parametrize("score", ["-0.01", "100.01", "abc"])
def test_a_score_outside_the_scale_is_refused(score):
    with pytest.raises(ValidationError, match="Skor harus"):
        band_for_score(_bands("ikp-2024-kabkota"), score)


def test_a_class_instrument_takes_a_level_not_a_score():
    bands = _bands("polri-tps")
    assert band_for_level(bands, "sangat_rawan")[0] == 3
    with pytest.raises(ValidationError, match="tidak memakai skor"):
        band_for_score(bands, 5)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        band_for_level(bands, "tinggi")


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([], "tidak kosong"),
        ([{"level": "a", "label": "A", "color": "merah"}], "#rrggbb"),
        (
            [
                {"level": "a", "label": "A", "min": 5, "color": "#000000"},
                {"level": "b", "label": "B", "min": 5, "max": 9, "color": "#000000"},
            ],
            "harus naik",
        ),
        (
            [
                {"level": "a", "label": "A", "min": 0, "color": "#000000"},
                {"level": "b", "label": "B", "color": "#000000"},
            ],
            "atau tidak satu pun",
        ),
        ([{"level": "a", "label": "A", "min": 0, "color": "#000000"}], "batas atas"),
        (
            [
                {"level": "a", "label": "A", "color": "#000000"},
                {"level": "a", "label": "B", "color": "#000000"},
            ],
            "dua kali",
        ),
    ],
)
def test_malformed_bands_are_refused(bands, message):
    with pytest.raises(ValidationError, match=message):
        bands_validate(bands)


def test_every_shipped_instrument_has_valid_bands():
    for definition in instrument_definitions():
        bands_validate(definition["bands"])


def test_the_tps_rawan_checklist_has_eight_variables_and_26_indicators():
    checklist = next(d for d in instrument_definitions() if d["code"] == "tps-rawan-2024")["checklist"]
    assert len(checklist) == 8
    assert len(checklist_indicators(checklist)) == 26


def test_checklist_score_counts_the_indicators_answered_yes():
    checklist = next(d for d in instrument_definitions() if d["code"] == "tps-rawan-2024")["checklist"]
    answers = {i["code"]: False for i in checklist_indicators(checklist)}
    answers.update(sulit_dijangkau=True, kendala_internet=True, riwayat_psu=True)
    assert checklist_score(checklist, answers) == 3


def test_checklist_with_a_missing_or_unknown_answer_is_refused():
    checklist = next(d for d in instrument_definitions() if d["code"] == "tps-rawan-2024")["checklist"]
    answers = {i["code"]: False for i in checklist_indicators(checklist)}
    with pytest.raises(ValidationError, match="tidak dikenal: hantu"):
        checklist_score(checklist, {**answers, "hantu": True})
    del answers["dpt_tms"]
    with pytest.raises(ValidationError, match="belum dijawab: dpt_tms"):
        checklist_score(checklist, answers)


def test_the_migration_seeds_every_shipped_instrument(db):
    # Run the data migration's own function: an earlier transactional test may have flushed its rows.
    from django.apps import apps

    seed = importlib.import_module("risk.migrations.0003_move_content_types_and_seed")
    RiskInstrument.objects.all().delete()
    seed.forwards(apps, None)
    codes = set(RiskInstrument.objects.values_list("code", flat=True))
    assert {d["code"] for d in instrument_definitions()} <= codes
