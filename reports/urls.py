from django.urls import path

from reports import views

urlpatterns = [
    path("assessments/<int:pk>/scorecard.pdf", views.scorecard_download, name="scorecard_pdf"),
]
