from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.adminunit_list_view, name="adminunit_list"),
    path("peta/", views.map_view, name="map"),
    path("peta/ukuran.json", views.map_measure, name="map_measure"),
    path("peta/titik.json", views.map_points, name="map_points"),
    path(
        "batas/desa/<str:kecamatan_code>.geojson",
        views.desa_boundaries_geojson,
        name="desa_boundaries_geojson",
    ),
    path("batas/<str:level>.geojson", views.boundaries_geojson, name="boundaries_geojson"),
    path("<str:code>/", views.adminunit_detail_view, name="adminunit_detail"),
]
