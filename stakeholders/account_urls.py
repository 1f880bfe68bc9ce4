"""Account recovery pages, mounted under /akun/ by the project's URLconf (names without a namespace,
as Django's own auth views expect)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("lupa-kata-sandi/", views.RegistryPasswordResetView.as_view(), name="password_reset"),
    path(
        "lupa-kata-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.RegistryPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("pulihkan/", views.account_code_redeem, name="account_code_redeem"),
]
