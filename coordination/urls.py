"""Coordination pages, under /koordinasi/."""

from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("tindak-lanjut/", views.action_list, name="action_list"),
    path("tindak-lanjut/baru/", views.action_create, name="action_create"),
    path("tindak-lanjut/<int:pk>/", views.action_detail, name="action_detail"),
    path("tindak-lanjut/<int:pk>/ubah/", views.action_update, name="action_update"),
    path("tindak-lanjut/<int:pk>/status/", views.action_status, name="action_status"),
    path("tindak-lanjut/<int:pk>/bukti/", views.action_evidence_create, name="action_evidence_create"),
    path("bukti/<int:pk>/", views.action_evidence_download, name="action_evidence_download"),
    path("inpres/<int:pk>/", views.inpres_record, name="inpres_record"),
    path("inpres/<int:pk>/surat.pdf", views.inpres_letter_pdf, name="inpres_letter_pdf"),
    path("rakor/", views.meeting_list, name="meeting_list"),
    path("rakor/baru/", views.meeting_create, name="meeting_create"),
    path("rakor/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rakor/<int:pk>/undangan/", views.meeting_invitees_add, name="meeting_invitees_add"),
    path("rakor/<int:pk>/kirim-undangan/", views.meeting_invite, name="meeting_invite"),
    path("rakor/<int:pk>/kehadiran/", views.meeting_attendance, name="meeting_attendance"),
    path("rakor/<int:pk>/qr/", views.meeting_qr, name="meeting_qr"),
    path("rakor/<int:pk>/qr.svg", views.meeting_qr_image, name="meeting_qr_image"),
    path("rakor/hadir/<str:token>/", views.meeting_self_checkin, name="meeting_self_checkin"),
    path("rakor/<int:pk>/notulen/", views.meeting_minutes, name="meeting_minutes"),
    path("rakor/<int:pk>/keputusan/", views.meeting_decision_create, name="meeting_decision_create"),
    path("rakor/<int:pk>/notulen.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("pencegahan/", views.prevention_list, name="prevention_list"),
    path("pencegahan/baru/", views.prevention_create, name="prevention_create"),
    path("pencegahan/kirim/", views.prevention_sync, name="prevention_sync"),
    path("pencegahan/<int:pk>/", views.prevention_detail, name="prevention_detail"),
    path("pencegahan/<int:pk>/ubah/", views.prevention_update, name="prevention_update"),
    path("pencegahan/<int:pk>/foto/", views.prevention_photo_create, name="prevention_photo_create"),
    path("pencegahan/foto/<int:pk>/", views.prevention_photo_download, name="prevention_photo_download"),
    path("rencana-aksi/", views.plan_list, name="plan_list"),
    path("rencana-aksi/baru/", views.plan_create, name="plan_create"),
    path("rencana-aksi/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana-aksi/<int:pk>/kegiatan/baru/", views.plan_activity_create, name="plan_activity_create"),
    path("rencana-aksi/kegiatan/<int:pk>/kemajuan/", views.plan_progress, name="plan_progress"),
    path(
        "rencana-aksi/<int:pk>/laporan/<str:period>.<str:file_format>",
        views.plan_report,
        name="plan_report",
    ),
]
