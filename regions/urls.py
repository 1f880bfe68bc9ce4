from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.adminunit_list_view, name="adminunit_list"),
    path("peta/", views.map_view, name="map"),
    path("kerawanan/", views.riskassessment_list_view, name="riskassessment_list"),
    path("kerawanan/baru/", views.riskassessment_create_view, name="riskassessment_create"),
    path(
        "kerawanan/periksa/<slug:instrument_code>/",
        views.riskassessment_checklist_view,
        name="riskassessment_checklist",
    ),
    path("kerawanan/<int:pk>/", views.riskassessment_detail_view, name="riskassessment_detail"),
    path("batas/<str:level>.geojson", views.boundaries_geojson, name="boundaries_geojson"),
    path("<str:code>/", views.adminunit_detail_view, name="adminunit_detail"),
]
