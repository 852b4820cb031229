"""Why a sign-in through the identity provider is refused, in words for the person signing in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Refusal(models.TextChoices):
    EMAIL_MISSING = "email_missing", _("Your identity provider did not send an e-mail address.")
    EMAIL_UNVERIFIED = (
        "email_unverified",
        _(
            "Your identity provider has not verified your e-mail address, so it cannot be used to "
            "sign in here."
        ),
    )
    DOMAIN_NOT_ALLOWED = (
        "domain_not_allowed",
        _(
            "Your identity provider cannot sign in addresses of this e-mail domain here. "
            "Log in with your password."
        ),
    )
    NO_ACCOUNT = (
        "no_account",
        _(
            "No account here has your e-mail address. "
            "Ask your organization's lead for an invitation."
        ),
    )
    SEVERAL_ACCOUNTS = (
        "several_accounts",
        _(
            "Several accounts here have your e-mail address. Log in with your password, or ask an "
            "administrator to give the address to one account only."
        ),
    )
    INACTIVE = "inactive", _("Your account here is deactivated.")
    UNTRUSTED_TOKEN = (
        "untrusted_token",
        _(
            "The answer of your identity provider was not issued for this site by the provider "
            "it trusts, so you were not signed in. If this happens again, please tell your "
            "administrator."
        ),
    )
    EXPIRED_TOKEN = (
        "expired_token",
        _(
            "The answer of your identity provider has expired, so you were not signed in. Please "
            "try again; if this happens again, please tell your administrator."
        ),
    )
    FAILED = (
        "failed",
        _("The sign-in through your identity provider could not be completed. Please try again."),
    )


class SsoRefused(Exception):
    """Raised by the backend and turned into a message by the callback view.

    Not PermissionDenied: django.contrib.auth would report that as a failed log-in to
    django-axes, which would count it against "no username" from the person's address, and a few
    refusals would then lock every colleague behind the same address out of single sign-on.
    A refusal here is the provider's answer, not a guessed password.
    """

    def __init__(self, refusal: Refusal, *, email: str = "", detail: str = "") -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.email = email
        self.detail = detail  # for the log, not for the person
