"""URLs of the review (assessors and admins) and of the copy of a validated assessment."""

from django.urls import path

from assessments.views import review

urlpatterns = [
    path("review/", review.review_queue, name="review_queue"),
    path("assessments/<int:pk>/review/", review.assessment_review, name="assessment_review"),
    path(
        "assessments/<int:pk>/review/sections/<slug:section>/verdicts/",
        review.review_verdicts,
        name="review_verdicts",
    ),
    path("assessments/<int:pk>/review/findings/", review.review_findings, name="review_findings"),
    path("assessments/<int:pk>/review/decision/", review.review_decide, name="review_decide"),
    path("assessments/<int:pk>/review/assign/", review.review_assign, name="review_assign"),
    path("assessments/<int:pk>/review/claim/", review.review_claim, name="review_claim"),
    path("assessments/<int:pk>/copy/", review.assessment_copy, name="assessment_copy"),
]
