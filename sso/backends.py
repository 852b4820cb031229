"""Sign-in through the installation's OpenID Connect provider, matched by verified e-mail."""

import logging
from typing import Any

import jwt
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from sso.claims import id_token_problem, verified_email
from sso.config import sso_config
from sso.refusals import Refusal, SsoRefused
from sso.services import sso_account_for_email

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "oidc_authentication_callback"


class VerifiedEmailBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow; the account is the one active user whose e-mail address
    the provider says it has verified. Accounts are created only when the settings allow it."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> AbstractBaseUser | None:
        # Only the provider's callback: a password log-in whose URL happens to carry `code` and
        # `state` must not start a token exchange.
        match = getattr(request, "resolver_match", None)
        if request is None or match is None or match.url_name != CALLBACK_URL_NAME:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        # mozilla-django-oidc checks the signature and the nonce; PyJWT the times it finds (an
        # expired token raises an error of its own, which the library lets through).
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError as error:
            raise SsoRefused(Refusal.EXPIRED_TOKEN, detail=f"the ID token: {error}") from error
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The ID token is not valid: {error}") from error
        # Neither checks who issued the token, nor for whom.
        problem = id_token_problem(
            payload,
            issuer=self.get_settings("OIDC_OP_ISSUER", ""),
            client_id=self.OIDC_RP_CLIENT_ID,
        )
        if problem:
            raise SsoRefused(Refusal.UNTRUSTED_TOKEN, detail=f"the ID token: {problem}")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractBaseUser:
        claims = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the UserInfo answer must be about the ID token's subject.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The UserInfo subject differs from the ID token's.")
        config = sso_config()
        email = verified_email(claims, domains=config.domains)
        user, created = sso_account_for_email(email=email, config=config, claims=claims)
        if created:
            logger.info("SSO created the account %s for %s", user.get_username(), email)
        return user

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        # Django's check of `is_active` on every request (mozilla-django-oidc's has none), so a
        # deactivated account's open sessions end.
        return ModelBackend.get_user(self, user_id)
