from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.adminunit_list_view, name="adminunit_list"),
    path("batas/<str:level>.geojson", views.boundaries_geojson, name="boundaries_geojson"),
    path("tps/pilihan.json", views.pollingstation_options, name="pollingstation_options"),
    path("tps/impor/", views.pollingstation_import, name="pollingstation_import"),
    path("<str:code>/", views.adminunit_detail_view, name="adminunit_detail"),
]
