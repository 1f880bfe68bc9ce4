"""Mounted under /wilayah/ beside regions (the paths are those of before the app existed)."""

from django.urls import path

from . import views

app_name = "risk"

urlpatterns = [
    path("kerawanan/", views.riskassessment_list_view, name="riskassessment_list"),
    path("kerawanan/baru/", views.riskassessment_create_view, name="riskassessment_create"),
    path(
        "kerawanan/periksa/<slug:instrument_code>/",
        views.riskassessment_checklist_view,
        name="riskassessment_checklist",
    ),
    path("kerawanan/<int:pk>/", views.riskassessment_detail_view, name="riskassessment_detail"),
]
