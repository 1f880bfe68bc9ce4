from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.accessrecord_list, name="accessrecord_list"),
    path("retensi/", views.retentionrun_list, name="retentionrun_list"),
]
