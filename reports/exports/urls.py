from django.urls import path

from reports.exports import views

urlpatterns = [
    path(
        "assessments/<int:pk>/answers.<str:fmt>",
        views.assessment_answers_export,
        name="assessment_answers_export",
    ),
    path("exports/", views.export_index, name="export_index"),
    path("exports/jobs/<int:job_id>/", views.export_job, name="export_job"),
    path(
        "exports/jobs/<int:job_id>/progress/",
        views.export_job_progress,
        name="export_job_progress",
    ),
    path(
        "exports/jobs/<int:job_id>/download/",
        views.export_job_download,
        name="export_job_download",
    ),
]
