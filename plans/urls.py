from django.urls import path

from plans import views

urlpatterns = [
    path("organizations/<slug:slug>/plan/", views.plan, name="organization_plan"),
    path(
        "organizations/<slug:slug>/plan/export.<str:fmt>",
        views.plan_export,
        name="organization_plan_export",
    ),
]
