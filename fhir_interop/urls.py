from django.urls import path

from fhir_interop import views

# FHIR ids: letters, digits, "-" and ".", up to 64 characters.
urlpatterns = [
    path("Questionnaire/<str:id>", views.questionnaire, name="fhir_questionnaire"),
    path("CodeSystem/<str:id>", views.code_system, name="fhir_code_system"),
    path(
        "QuestionnaireResponse/<str:id>",
        views.questionnaire_response,
        name="fhir_questionnaire_response",
    ),
]
