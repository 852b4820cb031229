"""URLs of evidence files, served only through these views."""

from django.urls import path

from assessments.evidence import views

urlpatterns = [
    path(
        "assessments/<int:pk>/answers/<int:answer_id>/evidence/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "assessments/<int:pk>/answers/<int:answer_id>/evidence/panel/",
        views.evidence_panel,
        name="evidence_panel",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_id>/inline/",
        views.evidence_inline,
        name="evidence_inline",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_id>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
]
