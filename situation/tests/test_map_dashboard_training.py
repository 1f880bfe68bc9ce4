"""Training's contributions to the situation picture: the coverage measure on the map and the
coverage panel on the dashboard."""

from datetime import date

from django.urls import reverse

from situation.map.measures import MeasureQuery, measure_evaluate, measure_get
from stakeholders.choices import Office
from stakeholders.tests.factories import PositionFactory, user_with_office
from training import services
from training.choices import AttendanceStatus
from training.tests.factories import ProgrammeFactory, SessionFactory


def trained(position):
    """Register the position's holder for a one-session programme and mark them present."""
    programme = ProgrammeFactory()
    session = SessionFactory(programme=programme)
    registration = services.registration_create(
        programme=programme, person=position.person, organisation=position.organisation
    )
    services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)


def test_coverage_measure_is_the_share_of_tiga_pilar_seats_with_someone_trained(kutim):
    from regions.models import AdminUnit

    desa = AdminUnit.objects.get(code="64.08.04.2001")
    other = AdminUnit.objects.get(code="64.08.04.2011")
    holders = [
        PositionFactory(office=Office.KEPALA_DESA, area=desa),
        PositionFactory(office=Office.BABINSA, area=desa),
        PositionFactory(office=Office.BHABINKAMTIBMAS, area=other),
        PositionFactory(office=Office.CAMAT, area=desa.parent),
    ]
    trained(holders[0])
    trained(holders[3])
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    measure = measure_get(admin, "cakupan_bimtek")
    period = {"start": date(2024, 10, 1), "end": date(2024, 10, 31)}
    kecamatan = measure_evaluate(measure, MeasureQuery(admin, "kecamatan", "64.08", **period))
    assert kecamatan.areas["64.08.04"].value == 50  # 2 of 4 seats
    assert "64.08.09" not in kecamatan.areas  # no seats: no data
    by_desa = measure_evaluate(measure, MeasureQuery(admin, "desa", "64.08.04", **period))
    assert by_desa.areas["64.08.04.2001"].value == 50
    assert by_desa.areas["64.08.04.2011"].value == 0
    assert by_desa.areas["64.08.04.2011"].color == "#d7191c"


def test_a_field_reporter_is_not_offered_the_coverage_measure(kutim):
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    assert measure_get(reporter, "cakupan_bimtek") is None


def test_the_dashboard_shows_the_coverage_of_the_camat_kecamatan(client, kutim):
    from regions.models import AdminUnit

    desa = AdminUnit.objects.get(code="64.08.04.2001")
    trained(PositionFactory(office=Office.KEPALA_DESA, area=desa))
    PositionFactory(office=Office.BABINSA, area=AdminUnit.objects.get(code="64.08.09.2001"))
    camat = user_with_office(Office.CAMAT, "64.08.04")  # a Tiga Pilar seat too, not trained
    client.force_login(camat)
    response = client.get(reverse("situation:dashboard"))
    panel = {p["name"]: p["data"] for p in response.context["page"].panels}["cakupan_bimtek"]
    assert (panel["trained"], panel["seats"], panel["percent"]) == (1, 2, 50)
    assert "1 dari 2 kursi Tiga Pilar terlatih" in response.content.decode()
