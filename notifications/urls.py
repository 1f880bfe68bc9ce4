from django.urls import path

from . import views, webhooks

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("kotak-masuk/", views.index, name="inboxitem_list"),
    path("kotak-masuk/lencana/", views.inbox_badge, name="inbox_badge"),
    path("kotak-masuk/baca-semua/", views.inbox_mark_all_read, name="inbox_mark_all_read"),
    path("kotak-masuk/<int:pk>/baca/", views.inboxitem_read, name="inboxitem_read"),
    path("kotak-masuk/<int:pk>/buka/", views.inboxitem_open, name="inboxitem_open"),
    path("log/", views.delivery_list, name="delivery_list"),
    path("log/<int:pk>/ulang/", views.delivery_retry, name="delivery_retry"),
    path("kotak-keluar/", views.outboxemail_list, name="outboxemail_list"),
    path("kotak-keluar/<int:pk>/", views.outboxemail_detail, name="outboxemail_detail"),
    path("siaran/", views.broadcast_list, name="broadcast_list"),
    path("siaran/baru/", views.broadcast_create, name="broadcast_create"),
    path("siaran/<int:pk>/", views.broadcast_detail, name="broadcast_detail"),
    path("webhook/whatsapp/", webhooks.whatsapp_webhook, name="whatsapp_webhook"),
]
