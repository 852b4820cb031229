"""Checks on every request of a logged-in user: the idle timeout, and the second factor that
assessors and admins must use (DIAM_2FA_REQUIRED_FOR_PRIVILEGED).

No query on an ordinary request: the last activity and whether the user needs a second factor
live in the session, written at most once a minute and once per log-in."""

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.sessions.services import (
    idle_timeout_seconds,
    session_activity_record,
    session_is_idle,
)
from accounts.twofactor.services import twofactor_enabled, twofactor_required
from sso.config import signed_in_with_sso

# Whether this session's user must verify a second factor ("1" or "0"), decided once.
REQUIRED_KEY = "diam_2fa_required"
# Reachable before the second factor is set up or verified.
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/security/two-factor/")
STATIC_PREFIXES = ("/static/", "/favicon.ico")
# Set on the request by the log-in signal: the user's preferred language, for the cookie.
LOGIN_LANGUAGE_ATTRIBUTE = "diam_login_language"


def login_language_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The language cookie of the user's preference, when this request logged them in
    (accounts.signals): the language chooser's cookie, as `set_language` writes it."""
    language = getattr(request, LOGIN_LANGUAGE_ATTRIBUTE, "")
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


class AccountSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return login_language_cookie(request, self._checked(request))

    def _checked(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(STATIC_PREFIXES) or not request.user.is_authenticated:
            return self.get_response(request)
        now = timezone.now()
        if session_is_idle(request.session, now):
            return self._idle_logout(request)
        session_activity_record(request.session, now)
        refused = self._second_factor(request)
        if refused is not None:
            return refused
        return self.get_response(request)

    def _idle_logout(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        messages.info(
            request,
            _("You were logged out after %(minutes)d minutes without activity.")
            % {"minutes": idle_timeout_seconds() // 60},
        )
        login_url = reverse("login")
        if request.headers.get("HX-Request"):
            # htmx follows this header with a page load instead of swapping the log-in page in,
            # and the log-in leads back to the page the request came from.
            response = HttpResponse(status=401)
            page = urlsplit(request.headers.get("HX-Current-URL", ""))
            same_site = page.netloc == request.get_host() and page.path.startswith("/")
            response["HX-Redirect"] = (
                f"{login_url}?{urlencode({'next': page.path})}" if same_site else login_url
            )
            return response
        if request.method == "GET":
            return redirect_to_login(request.get_full_path(), login_url)
        return redirect(login_url)

    def _second_factor(self, request: HttpRequest) -> HttpResponse | None:
        if not settings.DIAM_2FA_REQUIRED_FOR_PRIVILEGED:
            return None
        required = request.session.get(REQUIRED_KEY)
        if required is None:
            required = "1" if twofactor_required(request.user) else "0"
            request.session[REQUIRED_KEY] = required
        if required != "1" or request.user.is_verified():  # type: ignore[union-attr]
            return None
        if settings.DIAM_2FA_TRUST_SSO and signed_in_with_sso(request):
            return None  # the identity provider authenticated them, with its own factors
        if request.path.startswith(OPEN_PREFIXES):
            return None
        if request.headers.get("HX-Request") or request.method != "GET":
            return HttpResponse(_("Two-factor log-in is required."), status=403)
        if twofactor_enabled(request.user):  # type: ignore[arg-type]
            # Logged in another way (an invitation, single sign-on): ask for a code.
            return redirect_to_login(request.get_full_path(), reverse("login_code"))
        messages.info(
            request,
            _(
                "Assessors and administrators log in with a second factor: please set up "
                "an authenticator app first."
            ),
        )
        return redirect("twofactor_setup")
