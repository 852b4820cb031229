from django.urls import path

from benchmarks.programme import views

urlpatterns = [
    path("programme/", views.programme, name="programme"),
]
