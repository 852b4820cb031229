from django.contrib import admin
from django.urls import include, path

from assessments.views import home, organizations, results, submit, timeline, workspace

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/profile/", include("api.profile_urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the footer's chooser
    # Organizations (leads and admins manage them).
    path("organizations/<slug:slug>/", organizations.organization_edit, name="organization_edit"),
    path(
        "organizations/<slug:slug>/members/",
        organizations.organization_members,
        name="organization_members",
    ),
    path(
        "organizations/<slug:slug>/assessments/new/",
        organizations.assessment_create,
        name="assessment_create",
    ),
    # One assessment: the survey workspace.
    path("assessments/<int:pk>/", workspace.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/areas/", organizations.assessment_areas, name="assessment_areas"),
    path(
        "assessments/<int:pk>/sections/<slug:section>/",
        workspace.section,
        name="assessment_section",
    ),
    path(
        "assessments/<int:pk>/sections/<slug:section>/autosave/",
        workspace.autosave,
        name="assessment_autosave",
    ),
    path("assessments/<int:pk>/results/", results.results, name="assessment_results"),
    path("assessments/<int:pk>/submit/", submit.submit, name="assessment_submit"),
    # Evidence files, served only through these views.
    path("", include("assessments.evidence.urls")),
    path("", include("reports.exports.urls")),
    path("", include("reports.urls")),
    path("assessments/<int:pk>/timeline/", timeline.timeline, name="assessment_timeline"),
    path("", include("assessments.review.urls")),
    path("", include("discussions.urls")),
    path("", include("assignments.urls")),
    path("", include("benchmarks.urls")),
    path("", include("history.urls")),
    path("", include("plans.urls")),
    path("api/v1/", include("api.urls")),
    path("fhir/", include("fhir_interop.urls")),
    path("", include("workbooks.urls")),
    path("sso/", include("sso.urls")),
    path("", include("accessibility.urls")),
    path("admin/", admin.site.urls),
]
