from django.urls import path

from history import views

urlpatterns = [
    path("organizations/<slug:slug>/history/", views.history, name="organization_history"),
    path("organizations/<slug:slug>/compare/", views.compare, name="organization_compare"),
]
