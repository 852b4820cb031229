from django.urls import path

from benchmarks import views

urlpatterns = [
    path(
        "organizations/<slug:slug>/benchmarks/",
        views.benchmarks,
        name="organization_benchmarks",
    ),
]
