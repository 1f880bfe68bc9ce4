"""/api/: the schema, its documentation page, the integrations' pages and /api/v1/ (one module per app)."""

from django.urls import path, re_path

from . import escalation, incidents, regions, situation, stakeholders, training, views
from .problems import api_not_found

app_name = "api"

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("integrasi/", views.integration_list, name="integration_list"),
    path("integrasi/baru/", views.integration_create, name="integration_create"),
    path("integrasi/<int:pk>/", views.integration_detail, name="integration_detail"),
    path("integrasi/<int:pk>/cabut/", views.integration_revoke, name="integration_revoke"),
    # regions
    path("v1/areas/", regions.AreaListView.as_view(), name="area_list"),
    path("v1/areas/<str:code>/", regions.AreaDetailView.as_view(), name="area_detail"),
    path("v1/polling-stations/", regions.PollingStationListView.as_view(), name="pollingstation_list"),
    path("v1/elections/", regions.ElectionListView.as_view(), name="election_list"),
    path("v1/elections/<int:pk>/", regions.ElectionDetailView.as_view(), name="election_detail"),
    # stakeholders
    path("v1/organisations/", stakeholders.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "v1/organisations/<int:pk>/",
        stakeholders.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("v1/people/", stakeholders.PersonListView.as_view(), name="person_list"),
    path("v1/people/<int:pk>/", stakeholders.PersonDetailView.as_view(), name="person_detail"),
    path("v1/positions/", stakeholders.PositionListView.as_view(), name="position_list"),
    # incidents
    path("v1/incidents/", incidents.IncidentListView.as_view(), name="incident_list"),
    path("v1/incidents/<str:number>/", incidents.IncidentDetailView.as_view(), name="incident_detail"),
    path("v1/incidents/<str:number>/verify/", incidents.IncidentVerifyView.as_view(), name="incident_verify"),
    path("v1/incidents/<str:number>/reject/", incidents.IncidentRejectView.as_view(), name="incident_reject"),
    path(
        "v1/incidents/<str:number>/severity/",
        incidents.IncidentSeverityView.as_view(),
        name="incident_severity",
    ),
    path("v1/incidents/<str:number>/assign/", incidents.IncidentAssignView.as_view(), name="incident_assign"),
    path(
        "v1/incidents/<str:number>/resolve/", incidents.IncidentResolveView.as_view(), name="incident_resolve"
    ),
    path("v1/incidents/<str:number>/close/", incidents.IncidentCloseView.as_view(), name="incident_close"),
    path("v1/incidents/<str:number>/reopen/", incidents.IncidentReopenView.as_view(), name="incident_reopen"),
    path(
        "v1/incidents/<str:number>/promote/", incidents.IncidentPromoteView.as_view(), name="incident_promote"
    ),
    # escalation
    path("v1/escalations/", escalation.EscalationListView.as_view(), name="escalation_list"),
    path(
        "v1/incidents/<str:number>/escalations/<int:pk>/",
        escalation.EscalationDetailView.as_view(),
        name="escalation_detail",
    ),
    path(
        "v1/incidents/<str:number>/escalations/<int:pk>/acknowledge/",
        escalation.EscalationAcknowledgeView.as_view(),
        name="escalation_acknowledge",
    ),
    # training
    path("v1/programmes/", training.ProgrammeListView.as_view(), name="programme_list"),
    path("v1/programmes/<int:pk>/", training.ProgrammeDetailView.as_view(), name="programme_detail"),
    path(
        "v1/programmes/<int:pk>/registrations/",
        training.RegistrationListView.as_view(),
        name="registration_list",
    ),
    path(
        "v1/programmes/<int:pk>/sessions/<int:session_pk>/attendance/",
        training.AttendanceView.as_view(),
        name="attendance_list",
    ),
    path(
        "v1/programmes/<int:pk>/sessions/<int:session_pk>/checkin/",
        training.CheckInView.as_view(),
        name="checkin",
    ),
    # risk and the map
    path("v1/risk-assessments/", situation.RiskAssessmentListView.as_view(), name="riskassessment_list"),
    path(
        "v1/risk-assessments/<int:pk>/",
        situation.RiskAssessmentDetailView.as_view(),
        name="riskassessment_detail",
    ),
    path("v1/map/measures/", situation.MeasureListView.as_view(), name="measure_list"),
    path("v1/map/measures/<str:name>/", situation.MeasureDetailView.as_view(), name="measure_detail"),
    # Last: any other path under /api/v1/ is a 404 problem, not the site's HTML page.
    re_path(r"^v1/.*$", api_not_found, name="not_found"),
]
