"""What the identity provider's claims say about the person: pure, no database."""

from collections.abc import Mapping

from sso.refusals import Refusal, SsoRefused


def email_verified(value: object) -> bool:
    """The `email_verified` claim: a JSON boolean, or "true" from providers that send strings."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() == "true"


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def verified_email(claims: Mapping[str, object], *, domains: Mapping[str, str | None]) -> str:
    """The e-mail address the provider has verified, within the allowed domains (if any)."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email.strip():
        raise SsoRefused(Refusal.EMAIL_MISSING)
    email = email.strip()
    if not email_verified(claims.get("email_verified")):
        raise SsoRefused(Refusal.EMAIL_UNVERIFIED, email=email)
    if domains and email_domain(email) not in domains:
        raise SsoRefused(Refusal.DOMAIN_NOT_ALLOWED, email=email)
    return email
