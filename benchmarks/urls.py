from django.urls import include, path

from benchmarks import views

urlpatterns = [
    path(
        "organizations/<slug:slug>/benchmarks/",
        views.benchmarks,
        name="organization_benchmarks",
    ),
    path("", include("benchmarks.programme.urls")),
]
