"""System checks of the single sign-on settings, so a half configuration fails at start."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from sso.config import email_domains_parse

REQUIRED = (
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    # Without it every sign-in is refused (sso.claims.id_token_problem).
    "OIDC_OP_ISSUER",
)


@register()
def sso_settings_check(**kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "OIDC_RP_CLIENT_ID", ""):
        return []
    problems: list[CheckMessage] = [
        Error(f"{name} must be set when OIDC_RP_CLIENT_ID is.", id="sso.E001")
        for name in REQUIRED
        if not getattr(settings, name, "")
    ]
    algorithm = getattr(settings, "OIDC_RP_SIGN_ALGO", "")
    if algorithm.startswith(("RS", "ES")) and not getattr(settings, "OIDC_OP_JWKS_ENDPOINT", None):
        problems.append(Error(f"OIDC_OP_JWKS_ENDPOINT must be set for {algorithm}.", id="sso.E002"))
    domains = email_domains_parse(getattr(settings, "DIAM_SSO_EMAIL_DOMAINS", []))
    if getattr(settings, "DIAM_SSO_CREATE_ACCOUNTS", False) and not any(domains.values()):
        problems.append(
            Warning(
                "DIAM_SSO_CREATE_ACCOUNTS is on but no domain of DIAM_SSO_EMAIL_DOMAINS names an "
                "organization (domain=organization-slug), so no account is created.",
                id="sso.W001",
            )
        )
    return problems
