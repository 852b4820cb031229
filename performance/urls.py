"""URLs for `make bench` only: the application's, plus a plain view returning fixed HTML."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from diam.urls import urlpatterns as app_urlpatterns

BASELINE_URL = "/__bench__/plain-html/"
BASELINE_HTML = b""


def plain_html(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BASELINE_HTML)


urlpatterns = [path(BASELINE_URL.strip("/") + "/", plain_html), *app_urlpatterns]
