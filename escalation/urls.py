"""Pages of the escalation engine, mounted under /insiden/ before incidents' own paths.

The paths are those of the time the engine lived in incidents: acknowledge links already sent in
messages (``/insiden/konfirmasi/<signed>/``) keep working.
"""

from django.urls import path

from . import settings_views, views

app_name = "escalation"

urlpatterns = [
    path("konfirmasi/<str:signed>/", views.escalation_ack_link, name="escalation_ack_link"),
    path("eskalasi/kebijakan/", views.escalationpolicy_list, name="escalationpolicy_list"),
    path("eskalasi/pengaturan/", settings_views.escalation_settings, name="escalation_settings"),
    path(
        "eskalasi/pengaturan/kebijakan/baru/",
        settings_views.escalationpolicy_create,
        name="escalationpolicy_create",
    ),
    path(
        "eskalasi/pengaturan/kebijakan/<int:pk>/",
        settings_views.escalationpolicy_edit,
        name="escalationpolicy_edit",
    ),
    path(
        "eskalasi/pengaturan/kelompok/baru/",
        settings_views.alertgrouprule_create,
        name="alertgrouprule_create",
    ),
    path(
        "eskalasi/pengaturan/kelompok/<int:pk>/",
        settings_views.alertgrouprule_edit,
        name="alertgrouprule_edit",
    ),
    path(
        "eskalasi/pengaturan/pratinjau/",
        settings_views.escalationpolicy_preview,
        name="escalationpolicy_preview",
    ),
    path("eskalasi/pengaturan/uji/", settings_views.escalation_test_alert, name="escalation_test_alert"),
    path(
        "eskalasi/pengaturan/uji/<str:token>/",
        settings_views.escalation_test_alert_result,
        name="escalation_test_alert_result",
    ),
    path(
        "<str:number>/kelompok-peringatan/pisahkan/",
        views.alertgroup_split,
        name="alertgroup_split",
    ),
    path(
        "<str:number>/eskalasi/<int:pk>/konfirmasi/",
        views.escalation_acknowledge,
        name="escalation_acknowledge",
    ),
    path(
        "<str:number>/eskalasi/<int:pk>/batalkan-konfirmasi/",
        views.escalation_unacknowledge,
        name="escalation_unacknowledge",
    ),
]
