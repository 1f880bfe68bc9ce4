from django.urls import path

from . import views

app_name = "collect"

urlpatterns = [
    path("integrasi/kobo-odk/", views.submission_webhook, name="submission_webhook"),
    path("lapor-publik/", views.public_report, name="public_report"),
    path("lapor-publik/terima-kasih/", views.public_report_thanks, name="public_report_thanks"),
]
