from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscription_list, name="subscription_list"),
    path("baru/", views.subscription_create, name="subscription_create"),
    path("<int:pk>/", views.subscription_detail, name="subscription_detail"),
    path("<int:pk>/jeda/", views.subscription_pause, name="subscription_pause"),
    path("<int:pk>/aktifkan/", views.subscription_resume, name="subscription_resume"),
    path("<int:pk>/hapus/", views.subscription_delete, name="subscription_delete"),
    path("<int:pk>/ganti-rahasia/", views.subscription_rotate, name="subscription_rotate"),
    path("<int:pk>/uji/", views.subscription_test, name="subscription_test"),
]
