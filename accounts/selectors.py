"""Reads on accounts and invitations (selectors), named `<entity>_<action>`."""

import re
from datetime import datetime
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from accounts.models import Invitation
from assessments.models import Membership, Organization


class InvitationState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"


def invitation_state(invitation: Invitation, now: datetime) -> InvitationState:
    """Whether the invitation can still be accepted at `now`."""
    if invitation.accepted_at is not None:
        return InvitationState.USED
    if invitation.expires_at <= now:
        return InvitationState.EXPIRED
    return InvitationState.VALID


def invitations_pending(organization: Organization, now: datetime) -> QuerySet[Invitation]:
    """Invitations of the organization not yet accepted and not expired, newest first."""
    return (
        Invitation.objects.filter(
            organization=organization, accepted_at__isnull=True, expires_at__gt=now
        )
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def invitation_of_organization(*, organization: Organization, pk: int) -> Invitation | None:
    return Invitation.objects.filter(organization=organization, pk=pk).first()


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()
    )


def organization_has_member_email(organization: Organization, email: str) -> bool:
    return Membership.objects.filter(organization=organization, user__email__iexact=email).exists()


def users_with_email(email: str) -> QuerySet[AbstractBaseUser]:
    return get_user_model().objects.filter(email__iexact=email)


def username_suggest(email: str) -> str:
    """A free username from the e-mail's local part (jane.doe, then jane.doe2, ...)."""
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0])[:140] or "user"
    user_model = get_user_model()
    taken = {
        name.lower()
        for name in user_model.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    candidate, suffix = base, 2
    while candidate.lower() in taken:
        candidate, suffix = f"{base}{suffix}", suffix + 1
    return candidate
