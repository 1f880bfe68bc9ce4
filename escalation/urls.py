"""Pages of the escalation engine, mounted under /insiden/ before incidents' own paths.

The paths are those of the time the engine lived in incidents: acknowledge links already sent in
messages (``/insiden/konfirmasi/<signed>/``) keep working.
"""

from django.urls import path

from . import views

app_name = "escalation"

urlpatterns = [
    path("konfirmasi/<str:signed>/", views.escalation_ack_link, name="escalation_ack_link"),
    path("eskalasi/kebijakan/", views.escalationpolicy_list, name="escalationpolicy_list"),
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
