from django.contrib import admin

from discussions.models import AnswerMessage


@admin.register(AnswerMessage)
class AnswerMessageAdmin(admin.ModelAdmin):
    list_display = ["answer", "author", "side", "created"]
    list_filter = ["side"]
    list_select_related = ["answer__criterion", "answer__service_area", "author"]
    search_fields = ["body", "author__username"]
    readonly_fields = ["answer", "author", "side", "body", "created"]
