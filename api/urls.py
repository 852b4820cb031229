from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", views.DocsView.as_view(), name="api_docs"),
    path("catalogs/", views.CatalogListView.as_view(), name="api_catalog_list"),
    path("catalogs/<slug:slug>/", views.CatalogDetailView.as_view(), name="api_catalog_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="api_organization_list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="api_organization_detail",
    ),
    path(
        "organizations/<slug:slug>/benchmarks/",
        views.BenchmarkView.as_view(),
        name="api_organization_benchmarks",
    ),
    path(
        "organizations/<slug:slug>/import/",
        views.AssessmentImportView.as_view(),
        name="api_assessment_import",
    ),
    path("assessments/", views.AssessmentListView.as_view(), name="api_assessment_list"),
    path(
        "assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="api_assessment_detail"
    ),
    path("assessments/<int:pk>/answers/", views.AnswerListView.as_view(), name="api_answer_list"),
    path(
        "assessments/<int:pk>/answers/<str:criterion>/",
        views.AnswerSlotView.as_view(),
        name="api_answer",
    ),
    path(
        "assessments/<int:pk>/answers/<str:criterion>/<slug:service_area>/",
        views.AreaAnswerSlotView.as_view(),
        name="api_area_answer",
    ),
    path(
        "assessments/<int:pk>/submit/",
        views.AssessmentSubmitView.as_view(),
        name="api_assessment_submit",
    ),
    path(
        "assessments/<int:pk>/export/",
        views.AssessmentExportView.as_view(),
        name="api_assessment_export",
    ),
    path(
        "assessments/<int:pk>/scorecard/",
        views.ScorecardView.as_view(),
        name="api_assessment_scorecard",
    ),
]
