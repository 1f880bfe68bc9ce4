"""The situation pages keep the paths they had under incidents and regions (bookmarks), so this
URLconf is mounted at the root, before the incidents and regions URLconfs whose catch-all patterns
(an incident number, an area code) would otherwise take them."""

from django.urls import path

from . import views

app_name = "situation"

urlpatterns = [
    path("insiden/dasbor/", views.dashboard, name="dashboard"),
    path("insiden/laporan-situasi/", views.sitrep_list, name="sitrep_list"),
    path("insiden/laporan-situasi/<int:pk>/", views.sitrep_detail, name="sitrep_detail"),
    path(
        "insiden/laporan-situasi/<int:pk>/unduh/<str:file_format>/",
        views.sitrep_download,
        name="sitrep_download",
    ),
    path("wilayah/peta/", views.map_view, name="map"),
    path("wilayah/peta/ukuran.json", views.map_measure, name="map_measure"),
    path("wilayah/peta/titik.json", views.map_points, name="map_points"),
    path(
        "wilayah/batas/desa/<str:kecamatan_code>.geojson",
        views.desa_boundaries_geojson,
        name="desa_boundaries_geojson",
    ),
]
