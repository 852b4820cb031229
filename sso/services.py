"""The account a verified e-mail address signs in to, and its creation when allowed."""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.selectors import username_suggest, users_with_email
from assessments.enums import Role
from assessments.models import Membership, Organization
from sso.claims import email_domain
from sso.config import SsoSettings
from sso.refusals import Refusal, SsoRefused


def sso_account_for_email(
    *, email: str, config: SsoSettings, claims: Mapping[str, object]
) -> tuple[AbstractBaseUser, bool]:
    """The one active account with this e-mail address (any case), and whether it was created.

    Refused when there is none (unless creation is allowed for the address's domain), when
    several active accounts share the address, or when the only ones are deactivated.
    """
    users = list(users_with_email(email))
    active = [user for user in users if user.is_active]
    if len(active) == 1:
        return active[0], False
    if len(active) > 1:
        raise SsoRefused(Refusal.SEVERAL_ACCOUNTS, email=email)
    if users:
        raise SsoRefused(Refusal.INACTIVE, email=email)
    slug = config.domains.get(email_domain(email))
    organization = Organization.objects.filter(slug=slug).first() if slug else None
    if not config.create_accounts or organization is None:
        raise SsoRefused(Refusal.NO_ACCOUNT, email=email)
    return sso_account_create(email=email, organization=organization, claims=claims), True


@transaction.atomic
def sso_account_create(
    *, email: str, organization: Organization, claims: Mapping[str, object]
) -> AbstractBaseUser:
    """A new account without a password, contributor of the organization of its domain."""
    user = get_user_model()(
        username=username_suggest(email),
        email=email,
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    membership = Membership(user=user, organization=organization, role=Role.CONTRIBUTOR)
    membership.full_clean()
    membership.save()
    return user
