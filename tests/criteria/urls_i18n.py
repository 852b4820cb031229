"""The site's URLs with Django's set_language view, as diam/urls.py will have them."""

from django.urls import include, path

from diam.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("i18n/", include("django.conf.urls.i18n")), *site_urlpatterns]
