"""URL configuration: each app mounts under its Indonesian path."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from training.views import certificate_verify

from . import pwa, views

handler500 = "pilkada_mitigasi.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The offline report form's service worker: at the root, so that its scope is the whole site.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "akun/kata-sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "akun/kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("akun/mfa/", include("mfa.urls")),
    # Forgotten password (a link to the registry's email) and one-time codes from an administrator.
    path("akun/", include("stakeholders.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The kerawanan pages keep their /wilayah/kerawanan/ paths; before regions, whose area page takes any code.
    path("wilayah/", include("risk.urls")),
    # The situation pages keep their /insiden/... and /wilayah/... paths (see situation.urls).
    path("", include("situation.urls")),
    path("wilayah/", include("regions.urls")),
    path("pemangku/", include("stakeholders.urls")),
    # Before incidents: the escalation's paths under /insiden/ are matched first, as they always were.
    path("insiden/", include("escalation.urls")),
    path("insiden/", include("incidents.urls")),
    path("bimtek/", include("training.urls")),
    path("koordinasi/", include("coordination.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("laporan-masuk/", include("intake.urls")),
    path("audit/", include("audit.urls")),
    path("integrasi/webhook/", include("webhooks.urls")),
    # KoboToolbox REST Services / ODK Central webhooks (the integration's secret, no session) and the
    # public web form (off unless PUBLIC_REPORT_FORM_ENABLED).
    path("", include("collect.urls")),
    # The REST API (/api/v1/), its schema and documentation page, and the integrations' tokens.
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    # Public: the QR code on a Bimtek certificate points here.
    path("verifikasi/<str:code>", certificate_verify, name="certificate_verify"),
]
