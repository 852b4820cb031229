"""The language a user reads in: for the e-mails they receive and the one applied at log-in."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accounts.models import UserPreference
from assessments.models import Organization


def offered_language(language: str | None) -> str:
    """`language` when the site offers it, else "" (an empty or unknown code)."""
    offered = {code for code, _name in settings.LANGUAGES}
    return language if language in offered else ""


def user_preferred_language(user: AbstractBaseUser | AnonymousUser) -> str:
    """The language the user chose in the chooser, or "" when none (one query)."""
    if not user.is_authenticated:
        return ""
    preference = UserPreference.objects.filter(user_id=user.pk).values_list("language", flat=True)
    return offered_language(preference.first())


def user_language(user: AbstractBaseUser) -> str:
    """The user's language for mail: their own choice, else their organization's (the first one
    that set one), else the site's default."""
    chosen = user_preferred_language(user)
    if chosen:
        return chosen
    organization_language = (
        Organization.objects.filter(memberships__user_id=user.pk)
        .exclude(language="")
        .order_by("name")
        .values_list("language", flat=True)
        .first()
    )
    return offered_language(organization_language) or settings.LANGUAGE_CODE


def user_language_save(*, user: AbstractBaseUser, language: str) -> None:
    """Remember the language a user chose (an unknown code is stored as no choice)."""
    UserPreference.objects.update_or_create(
        user_id=user.pk, defaults={"language": offered_language(language)}
    )
