from django.urls import path

from . import views

app_name = "collect"

urlpatterns = [
    path("integrasi/kobo-odk/", views.submission_webhook, name="submission_webhook"),
    path("integrasi-formulir/", views.integration_list, name="integration_list"),
    path("integrasi-formulir/baru/", views.integration_create, name="integration_create"),
    path("integrasi-formulir/<int:pk>/", views.integration_detail, name="integration_detail"),
    path("integrasi-formulir/<int:pk>/xlsform/", views.integration_xlsform, name="integration_xlsform"),
    path("integrasi-formulir/<int:pk>/rahasia-baru/", views.integration_renew, name="integration_renew"),
    path(
        "integrasi-formulir/<int:pk>/nonaktifkan/",
        views.integration_deactivate,
        name="integration_deactivate",
    ),
    path("lapor-publik/", views.public_report, name="public_report"),
    path("lapor-publik/terima-kasih/", views.public_report_thanks, name="public_report_thanks"),
]
