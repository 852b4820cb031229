from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are created by leads in the application (which sends the e-mail).

    Here they can be inspected, revoked (set the expiry to the past) or deleted.
    """

    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    # No filter by organization: its sidebar would list every organization (search finds one).
    list_filter = ["role"]
    list_select_related = ["organization"]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["email", "organization__name"]
    date_hierarchy = "created_at"
    fields = [
        "organization",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
    readonly_fields = [
        "organization",
        "email",
        "role",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invitation]:
        # The change form's read-only organization and users come with the invitation.
        return (
            super()
            .get_queryset(request)
            .select_related("organization", "invited_by", "accepted_by")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
