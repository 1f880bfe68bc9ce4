from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.adminunit_list_view, name="adminunit_list"),
    path("batas/<str:level>.geojson", views.boundaries_geojson, name="boundaries_geojson"),
    path("<str:code>/", views.adminunit_detail_view, name="adminunit_detail"),
]
