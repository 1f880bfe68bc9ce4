from django.urls import path

from . import views

app_name = "mfa"

urlpatterns = [
    path("", views.mfa_overview, name="overview"),
    path("daftar/", views.mfa_enrol, name="enrol"),
    path("verifikasi/", views.mfa_verify, name="verify"),
    path("pemulihan/", views.mfa_recovery, name="recovery"),
    path("kode-pemulihan/", views.recovery_codes, name="codes"),
    path("matikan/", views.mfa_disable, name="disable"),
    path("atur-ulang/", views.mfa_reset_list, name="reset_list"),
    path("atur-ulang/<int:user_id>/", views.mfa_reset, name="reset"),
]
