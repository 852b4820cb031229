"""Writes on accounts and invitations (services), named `<entity>_<action>`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Invitation
from accounts.selectors import InvitationState, invitation_state, organization_has_member_email
from assessments.models import Membership, Organization


class InvitationUnavailableError(Exception):
    """The invitation was used or expired, possibly by a concurrent request."""

    def __init__(self, state: InvitationState) -> None:
        super().__init__(state)
        self.state = state


def invitation_valid_days() -> int:
    return int(settings.INVITATION_VALID_DAYS)


def invitation_email_normalize(email: str) -> str:
    return BaseUserManager.normalize_email(email.strip())


@dataclass(frozen=True)
class InvitationSent:
    invitation: Invitation
    resent: bool  # the address had a pending invitation: it was refreshed and sent again


@transaction.atomic
def invitation_create(
    *,
    organization: Organization,
    email: str,
    role: str,
    invited_by: AbstractBaseUser,
    now: datetime,
    accept_url: Callable[[str], str],
) -> InvitationSent:
    """Invite an address and e-mail the link; `accept_url` turns a token into an absolute URL.

    One pending invitation per address and organization: inviting the address again refreshes
    the pending one (the role and inviter given now, a fresh validity) and sends its link again,
    so every e-mail the colleague received keeps working. If the e-mail cannot be sent, nothing
    is saved.
    """
    email = invitation_email_normalize(email)
    if organization_has_member_email(organization, email):
        raise ValidationError(
            {
                "email": ValidationError(
                    _("%(email)s is already a member of %(organization)s."),
                    code="already_member",
                    params={"email": email, "organization": organization.name},
                )
            }
        )
    pending = (
        Invitation.objects.select_for_update()
        .filter(organization=organization, email__iexact=email, accepted_at__isnull=True)
        .filter(expires_at__gt=now)
        .order_by("-created_at", "-pk")
        .first()
    )
    invitation = pending or Invitation(organization=organization, email=email)
    invitation.role = role
    invitation.invited_by = invited_by  # type: ignore[assignment]
    invitation.expires_at = now + timedelta(days=invitation_valid_days())
    invitation.full_clean()
    invitation.save()
    invitation_send(invitation=invitation, url=accept_url(invitation.token))
    return InvitationSent(invitation=invitation, resent=pending is not None)


@transaction.atomic
def invitation_resend(
    *, invitation: Invitation, now: datetime, accept_url: Callable[[str], str]
) -> Invitation:
    """Send a pending invitation's link again, valid for a fresh period from `now`."""
    _invitation_pending_check(invitation=invitation, now=now)
    invitation.expires_at = now + timedelta(days=invitation_valid_days())
    invitation.save(update_fields=["expires_at"])
    invitation_send(invitation=invitation, url=accept_url(invitation.token))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, now: datetime) -> None:
    """Withdraw a pending invitation: its link no longer works."""
    _invitation_pending_check(invitation=invitation, now=now)
    invitation.delete()


def _invitation_pending_check(*, invitation: Invitation, now: datetime) -> None:
    current = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if current is None:
        raise ValidationError(
            _("The invitation of %(email)s was withdrawn."),
            code="revoked",
            params={"email": invitation.email},
        )
    state = invitation_state(current, now)
    if state == InvitationState.USED:
        raise ValidationError(
            _("The invitation of %(email)s was already accepted."),
            code="used",
            params={"email": invitation.email},
        )
    if state == InvitationState.EXPIRED:
        raise ValidationError(
            _("The invitation of %(email)s has expired: invite the address again."),
            code="expired",
            params={"email": invitation.email},
        )


def invitation_send(*, invitation: Invitation, url: str) -> None:
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "invited_by": invitation.invited_by,
        "url": url,
    }
    # The invitee has no preference yet: the organization's language, else the site's.
    with translation.override(invitation.organization.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/invitation_subject.txt", context)
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


def _invitation_claim(*, invitation: Invitation, user: AbstractBaseUser, now: datetime) -> None:
    """Mark the invitation accepted, or raise if it was used or expired meanwhile.

    A conditional UPDATE: of two concurrent accepts only one changes a row.
    """
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if claimed != 1:
        invitation.refresh_from_db()
        raise InvitationUnavailableError(invitation_state(invitation, now))
    invitation.accepted_at = now
    invitation.accepted_by = user


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: AbstractBaseUser, now: datetime
) -> Membership:
    """An existing user (with the invited e-mail address) joins the organization."""
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    if Membership.objects.filter(user=user, organization=invitation.organization).exists():
        raise ValidationError(
            _("You are already a member of %(organization)s."),
            params={"organization": invitation.organization.name},
        )
    _invitation_claim(invitation=invitation, user=user, now=now)
    membership = Membership(user=user, organization=invitation.organization, role=invitation.role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *,
    invitation: Invitation,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    now: datetime,
) -> AbstractBaseUser:
    """Create the invited user (with the invited e-mail address) and make them a member.

    Everything is rolled back if the invitation turns out to be used or expired.
    """
    user = get_user_model()(
        username=username, email=invitation.email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    invitation_accept(invitation=invitation, user=user, now=now)
    return user
