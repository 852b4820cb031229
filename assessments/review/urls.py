"""URLs of the review (assessors and admins) and of the copy of a validated assessment."""

from django.urls import path

from assessments.review import views

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment_review"),
    path("assessments/<int:pk>/review/verdicts/", views.review_verdicts, name="review_verdicts"),
    path(
        "assessments/<int:pk>/review/verdicts/<int:answer_id>/",
        views.review_verdict_autosave,
        name="review_verdict_autosave",
    ),
    path(
        "assessments/<int:pk>/review/sections/<slug:section>/accept-remaining/",
        views.review_accept_remaining,
        name="review_accept_remaining",
    ),
    path("assessments/<int:pk>/review/findings/", views.review_findings, name="review_findings"),
    path("assessments/<int:pk>/review/decision/", views.review_decide, name="review_decide"),
    path("assessments/<int:pk>/review/assign/", views.review_assign, name="review_assign"),
    path("assessments/<int:pk>/review/claim/", views.review_claim, name="review_claim"),
    path("assessments/<int:pk>/copy/", views.assessment_copy, name="assessment_copy"),
]
