"""Demo kerawanan: a few fictional TPS-rawan checklists and Polri classes so the map has colour.

Idempotent: an assessment is created only when its (instrument, area, date) is not there yet.
The reference data (areas, calendar, instruments) is loaded by load_regions and the migrations.
"""

from datetime import date

from django.contrib.auth import get_user_model

from regions.selectors import adminunit_find

from .bands import checklist_indicators
from .models import RiskAssessment, RiskInstrument
from .services import riskassessment_create, riskinstrument_load_defaults

AS_OF = date(2024, 11, 19)
# Fictional answers: desa code -> indicators answered "ya".
CHECKLISTS = {
    "64.08.04.2001": [
        "dptb",
        "disabilitas",
        "dekat_posko_calon",
        "riwayat_politik_uang",
        "intimidasi",
        "kendala_internet",
    ],
    "64.08.04.1010": ["dpt_tms", "disabilitas", "dekat_sekolah_pabrik_tambang"],
    "64.08.09.2001": ["sulit_dijangkau", "kendala_listrik", "kendala_internet", "logistik_terlambat"],
    "64.08.05.2001": ["disabilitas"],
    "64.08.01.2001": [
        "sulit_dijangkau",
        "rawan_bencana",
        "kendala_listrik",
        "kendala_internet",
        "logistik_terlambat",
        "riwayat_psu",
        "netralitas_perangkat_desa",
    ],
}
POLRI = {"64.08.04.2001": "sangat_rawan", "64.08.09.2001": "rawan", "64.08.05.2001": "kurang_rawan"}


def seed() -> list[tuple[str, str, str]]:
    riskinstrument_load_defaults()
    by_user = get_user_model().objects.filter(username="kesbangpol").first()
    checklist = RiskInstrument.objects.get(code="tps-rawan-2024")
    polri = RiskInstrument.objects.get(code="polri-tps")
    for code in CHECKLISTS:
        area = adminunit_find(code=code)
        if area is None:
            continue
        if not RiskAssessment.objects.filter(instrument=checklist, area=area, as_of=AS_OF).exists():
            answers = {
                i["code"]: i["code"] in CHECKLISTS[code] for i in checklist_indicators(checklist.checklist)
            }
            riskassessment_create(
                instrument=checklist,
                area=area,
                answers=answers,
                as_of=AS_OF,
                source="Data demo (fiktif)",
                by_user=by_user,
            )
        if (
            code in POLRI
            and not RiskAssessment.objects.filter(instrument=polri, area=area, as_of=AS_OF).exists()
        ):
            riskassessment_create(
                instrument=polri,
                area=area,
                level=POLRI[code],
                as_of=AS_OF,
                source="Data demo (fiktif)",
                by_user=by_user,
            )
    return []
