from django.urls import path

from assignments import views

urlpatterns = [
    path(
        "assessments/<int:pk>/assignments/",
        views.section_assignments,
        name="assessment_assignments",
    ),
]
