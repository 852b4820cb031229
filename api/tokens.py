"""Personal API tokens: created, listed and revoked here (services and selectors).

django-rest-knox makes the token and keeps only its hash, its first characters and its expiry;
the token itself is shown once, to its creator, and never again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from knox.models import AuthToken
from knox.settings import knox_settings

from api.models import ApiTokenName

# A token lives at most this long: a forgotten token should not work for ever.
MAX_DAYS = 365
MAX_NAME = 100
# More live tokens than this per user is a sign of tokens made and never revoked.
MAX_TOKENS_PER_USER = 20


def token_default_days() -> int:
    """REST_KNOX's TOKEN_TTL, in whole days, within 1..MAX_DAYS."""
    ttl = knox_settings.TOKEN_TTL
    days = ttl.days if isinstance(ttl, timedelta) else MAX_DAYS
    return min(max(days, 1), MAX_DAYS)


@dataclass(frozen=True)
class NewToken:
    token: AuthToken
    name: str
    secret: str  # the token to send: shown once, stored nowhere


def token_list_for_user(user: AbstractBaseUser, *, now: datetime) -> QuerySet[AuthToken]:
    """The user's tokens that still work, newest first, with their names."""
    return (
        AuthToken.objects.filter(user=user)
        .filter(Q(expiry__isnull=True) | Q(expiry__gt=now))
        .select_related("api_name")
        .order_by("-created", "digest")
    )


def token_create(*, user: AbstractBaseUser, name: str, days: int, now: datetime) -> NewToken:
    """A new token for the user, named, valid `days` days; ValidationError (nothing made) when
    the name is empty, too long or already taken by one of the user's tokens, the lifetime is
    out of range, or the user has too many tokens."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, e.g. the system that will use it.")]
    elif len(name) > MAX_NAME:
        errors["name"] = [
            _("The name is too long: at most %(max)d characters.") % {"max": MAX_NAME}
        ]
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [
            _("A token is valid from 1 to %(max)d days.") % {"max": MAX_DAYS},
        ]
    with transaction.atomic():
        live = token_list_for_user(user, now=now)
        if name and live.filter(api_name__name__iexact=name).exists():
            errors["name"] = [
                _("You already have a token named “%(name)s”: choose another name.")
                % {"name": name}
            ]
        if live.count() >= MAX_TOKENS_PER_USER:
            errors.setdefault("__all__", []).append(
                _("You have %(max)d tokens already: revoke one you no longer use first.")
                % {"max": MAX_TOKENS_PER_USER}
            )
        if errors:
            raise ValidationError(errors)
        token, secret = AuthToken.objects.create(user=user, expiry=timedelta(days=days))
        label = ApiTokenName(token=token, name=name)
        label.full_clean(exclude=["token"])
        label.save()
    return NewToken(token=token, name=name, secret=secret)


def token_revoke(*, user: AbstractBaseUser, digest: str) -> bool:
    """Delete one of the user's tokens; False when the user has no such token (another user's
    token is treated as unknown)."""
    deleted, _rows = AuthToken.objects.filter(user=user, digest=digest).delete()
    return deleted > 0
