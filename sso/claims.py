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


def id_token_problem(payload: Mapping[str, object], *, issuer: str, client_id: str) -> str:
    """Why the ID token is not one that the trusted provider issued for this client ("" when it
    is): OpenID Connect Core 3.1.3.7, steps 2 to 5, and an expiry present. The signature, the
    nonce and the expiry's value are checked before (mozilla-django-oidc and PyJWT)."""
    if not issuer:
        return "no issuer is expected (OIDC_OP_ISSUER is empty)"
    if payload.get("iss") != issuer:
        return f"the issuer is {payload.get('iss')!r}, expected {issuer!r}"
    audience = payload.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or client_id not in audiences:
        return f"the audience {audience!r} does not include {client_id!r}"
    # Another client of several audiences may not present the token as ours (3.1.3.7, 4 and 5).
    party = payload.get("azp")
    if (len(audiences) > 1 or party is not None) and party != client_id:
        return f"the authorized party is {party!r}, expected {client_id!r}"
    if not isinstance(payload.get("exp"), int):
        return "the token has no expiry"
    return ""
