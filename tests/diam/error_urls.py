"""The project's URLs plus a view that fails, to see the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from diam.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("broken on purpose")


urlpatterns = [*project_urlpatterns, path("broken/", broken)]
