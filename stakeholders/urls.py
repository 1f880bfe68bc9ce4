from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.index, name="index"),
]
