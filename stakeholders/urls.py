from django.urls import path

from . import views, views_pdp

app_name = "stakeholders"

urlpatterns = [
    path("", views.index, name="index"),
    path("orang/", views.person_list, name="person_list"),
    path("orang/baru/", views.person_create, name="person_create"),
    path("orang/<int:pk>/", views.person_detail, name="person_detail"),
    path("orang/<int:pk>/ubah/", views.person_update, name="person_update"),
    path("orang/<int:pk>/data-pribadi/", views_pdp.person_personal_data_page, name="person_personal_data"),
    path(
        "orang/<int:pk>/data-pribadi/ekspor.<str:file_format>",
        views_pdp.person_personal_data_export,
        name="person_personal_data_export",
    ),
    path(
        "orang/<int:pk>/data-pribadi/hapus/",
        views_pdp.person_personal_data_erase,
        name="person_personal_data_erase",
    ),
    path("orang/<int:pk>/kontak/baru/", views.contactpoint_create, name="contactpoint_create"),
    path("orang/<int:pk>/jabatan/baru/", views.position_create, name="position_create"),
    path("kontak/<int:pk>/ubah/", views.contactpoint_update, name="contactpoint_update"),
    path("kontak/<int:pk>/hapus/", views.contactpoint_delete, name="contactpoint_delete"),
    path("jabatan/<int:pk>/akhiri/", views.position_end, name="position_end"),
    path("persetujuan/", views.positionrequest_list, name="positionrequest_list"),
    path("persetujuan/<int:pk>/setujui/", views.positionrequest_approve, name="positionrequest_approve"),
    path("persetujuan/<int:pk>/tolak/", views.positionrequest_reject, name="positionrequest_reject"),
    path("organisasi/", views.organisation_list, name="organisation_list"),
    path("organisasi/baru/", views.organisation_create, name="organisation_create"),
    path("organisasi/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisasi/<int:pk>/ubah/", views.organisation_update, name="organisation_update"),
    path("forum/", views.forum_list, name="forum_list"),
    path("forum/baru/", views.forum_create, name="forum_create"),
    path("forum/<int:pk>/", views.forum_detail, name="forum_detail"),
    path("forum/<int:pk>/ubah/", views.forum_update, name="forum_update"),
    path("forum/<int:pk>/kursi/baru/", views.forumseat_create, name="forumseat_create"),
    path("kursi/<int:pk>/hapus/", views.forumseat_delete, name="forumseat_delete"),
    path("piket/", views.dutyroster_list, name="dutyroster_list"),
    path("piket/baru/", views.dutyroster_create, name="dutyroster_create"),
    path("piket/<int:pk>/hapus/", views.dutyroster_delete, name="dutyroster_delete"),
    path("ekspor.xlsx", views.directory_export, name="directory_export"),
    path("impor/", views.import_create, name="import_create"),
    path("impor/templat/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/kemajuan/", views.import_progress, name="import_progress"),
    path("impor/<int:pk>/baris/<int:index>/", views.import_row_fix, name="import_row_fix"),
    path("impor/<int:pk>/baris/<int:index>/hapus/", views.import_row_drop, name="import_row_drop"),
    path("impor/<int:pk>/simpan/", views.import_commit, name="import_commit"),
    path("celah/", views.coverage_gaps_view, name="coverage_gaps"),
]
