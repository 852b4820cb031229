from django.urls import path

from accessibility import views

urlpatterns = [
    path(
        "accessibility/",
        views.accessibility_statement,
        name="accessibility_statement",
    ),
]
