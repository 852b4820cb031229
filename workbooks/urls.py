from django.urls import path

from workbooks import views

urlpatterns = [
    path("assessments/<int:pk>/workbook/", views.workbook_page, name="workbook_page"),
    path(
        "assessments/<int:pk>/workbook/download.xlsx",
        views.workbook_download,
        name="workbook_download",
    ),
    path("assessments/<int:pk>/workbook/upload/", views.workbook_upload, name="workbook_upload"),
    path(
        "assessments/<int:pk>/workbook/upload/<uuid:token>/",
        views.workbook_preview,
        name="workbook_preview",
    ),
    path("organizations/<slug:slug>/import/", views.import_page, name="import_page"),
    path(
        "organizations/<slug:slug>/import/<uuid:token>/",
        views.import_preview,
        name="import_preview",
    ),
    path(
        "organizations/<slug:slug>/questionnaire.pdf",
        views.questionnaire_download,
        name="questionnaire_pdf_latest",
    ),
    path(
        "organizations/<slug:slug>/questionnaire/<slug:catalog>.pdf",
        views.questionnaire_download,
        name="questionnaire_pdf",
    ),
]
