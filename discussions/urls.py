"""URLs of the conversations on answers."""

from django.urls import path

from discussions import views

urlpatterns = [
    path(
        "assessments/<int:pk>/answers/<int:answer_pk>/messages/",
        views.answer_message_create,
        name="answer_message_create",
    ),
]
