from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from discussions.models import AnswerMessage


@admin.register(AnswerMessage)
class AnswerMessageAdmin(admin.ModelAdmin):
    list_display = ["answer", "author", "side", "created"]
    list_filter = ["side"]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["body", "author__username"]
    readonly_fields = ["answer", "author", "side", "body", "created"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AnswerMessage]:
        # What the list page and the change form show of the answer and the author.
        return (
            super()
            .get_queryset(request)
            .select_related("answer__criterion", "answer__service_area", "author")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Messages are written on the answer's page, which notifies the other side.
        return False
