from django.urls import path

from reports import export_views

urlpatterns = [
    path(
        "assessments/<int:pk>/answers.<str:fmt>",
        export_views.assessment_answers_export,
        name="assessment_answers_export",
    ),
    path("exports/", export_views.export_index, name="export_index"),
    path("exports/jobs/<int:job_id>/", export_views.export_job, name="export_job"),
    path(
        "exports/jobs/<int:job_id>/progress/",
        export_views.export_job_progress,
        name="export_job_progress",
    ),
    path(
        "exports/jobs/<int:job_id>/download/",
        export_views.export_job_download,
        name="export_job_download",
    ),
]
