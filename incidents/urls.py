from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="index"),
    path("triase/", views.incident_list, name="incident_list"),
    path("lapor/", views.incident_create, name="incident_create"),
    path("lapor/kirim/", views.incident_sync, name="incident_sync"),
    path("catat-lampau/", views.incident_create_historical, name="incident_create_historical"),
    path("catat-lampau/impor/", views.incident_import_historical, name="incident_import_historical"),
    path("lapor/<str:number>/terkirim/", views.incident_created, name="incident_created"),
    path("ekspor/", views.incident_export, name="incident_export"),
    path("ekspor/rekap-bawaslu/", views.incident_recap, name="incident_recap"),
    path("ekspor/<int:pk>/", views.export_detail, name="export_detail"),
    path("ekspor/<int:pk>/unduh/", views.export_download, name="export_download"),
    path("bukti/<int:pk>/unduh/", views.evidence_download, name="evidence_download"),
    path("bukti/<int:pk>/gambar-kecil/", views.evidence_thumbnail, name="evidence_thumbnail"),
    path("tindak-lanjut/<int:pk>/selesai/", views.follow_up_complete, name="followup_complete"),
    path("<str:number>/", views.incident_detail, name="incident_detail"),
    path("<str:number>/ubah/", views.incident_update, name="incident_update"),
    path("<str:number>/laporan.pdf", views.incident_report_pdf, name="incident_report_pdf"),
    path("<str:number>/verifikasi/", views.incident_verify, name="incident_verify"),
    path("<str:number>/tolak/", views.incident_reject, name="incident_reject"),
    path("<str:number>/tugaskan/", views.incident_assign, name="incident_assign"),
    path("<str:number>/keparahan/", views.incident_change_severity, name="incident_severity"),
    path("<str:number>/selesai/", views.incident_resolve, name="incident_resolve"),
    path("<str:number>/tutup/", views.incident_close, name="incident_close"),
    path(
        "<str:number>/selesai-lembaga-lain/",
        views.incident_resolve_elsewhere,
        name="incident_resolve_elsewhere",
    ),
    path("<str:number>/bawaslu/", views.bawaslu_step_create, name="bawaslu_step_create"),
    path("<str:number>/rekomendasi/", views.outcome_create, name="outcome_create"),
    path("<str:number>/buka-kembali/", views.incident_reopen, name="incident_reopen"),
    path("<str:number>/naikkan/", views.incident_promote, name="incident_promote"),
    path("<str:number>/catatan/", views.note_create, name="note_create"),
    path("<str:number>/bukti/", views.evidence_create, name="evidence_create"),
    path("<str:number>/tindak-lanjut/", views.follow_up_create, name="followup_create"),
    path("<str:number>/rujukan/", views.referral_create, name="referral_create"),
    path("<str:number>/tautan/", views.link_create, name="link_create"),
    path("<str:number>/pelapor-rahasia/", views.informant_detail, name="informant_detail"),
]
