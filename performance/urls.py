"""The baseline's URLs (performance.baseline): the section page's URL served by the baseline
view, then every URL of the application."""

from django.urls import path

from diam.urls import urlpatterns as app_urlpatterns
from performance.baseline import section_ready_html

urlpatterns = [
    path("assessments/<int:pk>/sections/<slug:section>/", section_ready_html),
    *app_urlpatterns,
]
