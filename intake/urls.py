from django.urls import path

from . import views, webhooks

app_name = "intake"

urlpatterns = [
    path("", views.intake_list, name="intake_list"),
    path("<int:pk>/", views.intake_detail, name="intake_detail"),
    path("<int:pk>/terima/", views.intake_accept, name="intake_accept"),
    path("<int:pk>/gabung/", views.intake_merge, name="intake_merge"),
    path("<int:pk>/tolak/", views.intake_reject, name="intake_reject"),
    path("telegram/tautkan/", views.channel_link_code, name="channel_link_code"),
    path("webhook/sms/", webhooks.sms_webhook, name="sms_webhook"),
    path("webhook/telegram/", webhooks.telegram_webhook, name="telegram_webhook"),
]
