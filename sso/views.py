"""The two steps of signing in through the identity provider: leave for it, come back from it."""

import logging

import requests
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from sso.config import SESSION_FLAG, sso_config
from sso.refusals import Refusal, SsoRefused

logger = logging.getLogger(__name__)


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint (state, nonce, PKCE)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_config().enabled:
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; the backend exchanges it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_config().enabled:
            raise Http404
        try:
            return super().get(request)
        except SsoRefused as refused:
            logger.warning(
                "SSO sign-in refused (%s) for %s%s",
                refused.refusal.value,
                refused.email or "-",
                f": {refused.detail}" if refused.detail else "",
            )
            return self._refuse(refused.refusal)
        except (SuspiciousOperation, requests.RequestException) as error:
            # A state that this session did not start, a bad signature or nonce, a code the
            # provider does not accept, or a provider that cannot be reached.
            logger.warning("SSO sign-in failed: %s", error)
            return self._refuse(Refusal.FAILED)

    def login_failure(self) -> HttpResponse:
        # The provider reported an error (the person cancelled), or this session started no
        # sign-in.
        logger.warning("SSO sign-in failed: %s", self.request.GET.get("error") or "no sign-in")
        return self._refuse(Refusal.FAILED)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session[SESSION_FLAG] = True
        logger.info("SSO sign-in of %s", self.user.get_username())
        return response

    def _refuse(self, refusal: Refusal) -> HttpResponse:
        messages.error(self.request, refusal.label)
        return redirect("login")
