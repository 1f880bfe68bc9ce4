from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("saya/", views.my_training, name="my_training"),
    path("program/", views.programme_list, name="programme_list"),
    path("program/baru/", views.programme_create, name="programme_create"),
    path("program/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("program/<int:pk>/ubah/", views.programme_update, name="programme_update"),
    path("program/<int:pk>/angkatan/baru/", views.batch_create, name="batch_create"),
    path("program/<int:pk>/kuota/", views.org_type_quota_set, name="org_type_quota_set"),
    path("program/<int:pk>/sesi/baru/", views.session_create, name="session_create"),
    path("program/<int:pk>/peserta/", views.registration_list, name="registration_list"),
    path("program/<int:pk>/peserta/impor/", views.registration_import, name="registration_import"),
    path(
        "program/<int:pk>/peserta/impor/<int:import_pk>/",
        views.registration_import_detail,
        name="registration_import_detail",
    ),
    path(
        "program/<int:pk>/peserta/impor/<int:import_pk>/kemajuan/",
        views.registration_import_progress,
        name="registration_import_progress",
    ),
    path(
        "program/<int:pk>/peserta/impor/<int:import_pk>/simpan/",
        views.registration_import_save,
        name="registration_import_save",
    ),
    path(
        "program/<int:pk>/peserta/<int:registration_pk>/status/",
        views.registration_status,
        name="registration_status",
    ),
    path("program/<int:pk>/check-in/", views.checkin, name="checkin"),
    path("program/<int:pk>/check-in/<int:session_pk>/", views.checkin_submit, name="checkin_submit"),
    path("program/<int:pk>/kehadiran/<int:session_pk>/", views.attendance_sheet, name="attendance_sheet"),
    path("program/<int:pk>/sesi/<int:session_pk>/qr/", views.session_qr, name="session_qr"),
    path("program/<int:pk>/sesi/<int:session_pk>/qr.svg", views.session_qr_image, name="session_qr_image"),
    path("hadir/<str:token>/", views.session_self_checkin, name="session_self_checkin"),
    path("program/<int:pk>/materi/", views.material_list, name="material_list"),
    path("materi/<int:material_pk>/unduh/", views.material_download, name="material_download"),
    path("program/<int:pk>/soal/", views.question_list, name="question_list"),
    path("program/<int:pk>/tes/<str:kind>/", views.test_take, name="test_take"),
    path("program/<int:pk>/evaluasi/", views.evaluation_take, name="evaluation_take"),
    path("program/<int:pk>/evaluasi/ringkasan/", views.evaluation_summary, name="evaluation_summary"),
    path("program/<int:pk>/sertifikat/", views.certificate_list, name="certificate_list"),
    path("program/<int:pk>/undangan/", views.programme_invitations_send, name="programme_invitations_send"),
    path("program/<int:pk>/sertifikat/terbitkan/", views.certificate_issue_all, name="certificate_issue_all"),
    path(
        "program/<int:pk>/sertifikat/terbitkan/<int:registration_pk>/",
        views.certificate_issue_one,
        name="certificate_issue_one",
    ),
    path(
        "program/<int:pk>/sertifikat/proses/<int:job_pk>/",
        views.certificate_job_progress,
        name="certificate_job_progress",
    ),
    path(
        "program/<int:pk>/sertifikat/<int:certificate_pk>/cabut/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("sertifikat/<str:code>.pdf", views.certificate_download, name="certificate_download"),
    path("program/<int:pk>/laporan/", views.programme_report, name="programme_report"),
    path("program/<int:pk>/laporan.xlsx", views.programme_report_xlsx, name="programme_report_xlsx"),
    path("cakupan/", views.coverage_report, name="coverage_report"),
    path("tiket/<str:code>/", views.ticket_detail, name="ticket_detail"),
    path("tiket/<str:code>/qr.<str:kind>", views.ticket_qr, name="ticket_qr"),
]
