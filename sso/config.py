"""The single sign-on configuration, read from the settings when needed (tests override them)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest

BACKEND = "sso.backends.VerifiedEmailBackend"
# True in the session of a person signed in through the identity provider, which authenticated
# them (with its own second factor, if any): accounts.middleware counts it as the second factor
# unless DIAM_2FA_TRUST_SSO is off.
SESSION_FLAG = "sso_authenticated"


@dataclass(frozen=True)
class SsoSettings:
    enabled: bool
    provider_name: str = ""
    # E-mail domain -> slug of the organization it belongs to (or None); empty: any domain.
    domains: dict[str, str | None] = field(default_factory=dict)
    create_accounts: bool = False


def email_domains_parse(entries: Iterable[str]) -> dict[str, str | None]:
    """`["hospital.example=st-mary", "lab.example"]` -> {"hospital.example": "st-mary", ...}."""
    domains: dict[str, str | None] = {}
    for entry in entries:
        domain, _, slug = entry.partition("=")
        domain = domain.strip().lstrip("@").lower()
        if domain:
            domains[domain] = slug.strip() or None
    return domains


def sso_config() -> SsoSettings:
    enabled = bool(
        getattr(settings, "OIDC_RP_CLIENT_ID", "")
        and getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
        and BACKEND in settings.AUTHENTICATION_BACKENDS
    )
    return SsoSettings(
        enabled=enabled,
        provider_name=getattr(settings, "DIAM_SSO_PROVIDER_NAME", ""),
        domains=email_domains_parse(getattr(settings, "DIAM_SSO_EMAIL_DOMAINS", [])),
        create_accounts=getattr(settings, "DIAM_SSO_CREATE_ACCOUNTS", False),
    )


def signed_in_with_sso(request: HttpRequest) -> bool:
    """Whether this session began with a sign-in through the identity provider."""
    return bool(request.session.get(SESSION_FLAG, False))
