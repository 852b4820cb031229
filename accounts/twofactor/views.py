"""Two-factor log-in: the code step after the password, setting up an authenticator app,
recovery codes, turning it off. Pages of the user's own account only."""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts.twofactor import services
from accounts.twofactor.forms import CodeForm
from diam.downloads import CACHE_CONTROL

# The user who gave the right password and still owes a code: kept in the session meanwhile.
PENDING_KEY = "diam_2fa_pending"
PENDING_SECONDS = 10 * 60


def login_pending_start(request: HttpRequest, *, user: Any, username: str, next_url: str) -> None:
    """Called by the log-in view instead of logging in: the code step finishes the log-in."""
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "username": username,  # as typed: django-axes counts failures under it
        "next": next_url,
        "started": int(timezone.now().timestamp()),
    }


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if int(timezone.now().timestamp()) - int(pending.get("started", 0)) > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    return pending


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def _recovery_message(request: HttpRequest, user: Any) -> None:
    left = services.recovery_codes_left(user)
    messages.warning(
        request,
        ngettext(
            "You used a recovery code: %(count)d is left. Make new ones on your security page.",
            "You used a recovery code: %(count)d are left. Make new ones on your security page.",
            left,
        )
        % {"count": left},
    )


@never_cache
@sensitive_post_parameters("code")
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of the log-in; also asks a logged-in user for a code when a page needs
    a verified session (logged in through an invitation or single sign-on)."""
    pending = _pending(request)
    if pending is not None:
        user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
        next_url = pending["next"]
    elif request.user.is_authenticated and services.twofactor_enabled(request.user):
        if request.user.is_verified():  # type: ignore[union-attr]
            return redirect(_safe_next(request, request.GET.get("next", "")))
        user = request.user
        next_url = _safe_next(request, request.GET.get("next", ""))
    else:
        messages.info(request, _("Please log in again."))
        return redirect("login")
    if user is None:
        del request.session[PENDING_KEY]
        return redirect("login")

    credentials = {"username": pending["username"] if pending else user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return _locked_out(request, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.twofactor_code_check(user=user, code=form.cleaned_data["code"])
        except services.CodeThrottledError:
            form.add_error("code", services.twofactor_throttled_message())
        else:
            if check.device is not None:
                if pending is not None:
                    del request.session[PENDING_KEY]
                    login(request, user, backend=pending["backend"])
                otp_login(request, check.device)
                if check.used_recovery_code:
                    _recovery_message(request, user)
                return redirect(next_url)
            form.add_error("code", _("That code is not right. Please try again."))
            # Counted like a wrong password: repeated wrong codes lock the log-in out.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                return _locked_out(request, credentials)
    return render(request, "registration/login_code.html", {"form": form, "pending": pending})


def _locked_out(request: HttpRequest, credentials: dict[str, str]) -> HttpResponse:
    """django-axes' lock-out page (its middleware renders it for a request marked so)."""
    request.session.pop(PENDING_KEY, None)
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    return HttpResponse(status=429)


@login_required
@never_cache
def twofactor_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/security/twofactor.html",
        {
            "enabled": services.twofactor_enabled(user),  # type: ignore[arg-type]
            "required": services.twofactor_required(user),
            "codes_left": services.recovery_codes_left(user),  # type: ignore[arg-type]
            "form": CodeForm(),
        },
    )


def _codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # Shown once: no cache may keep them.
    response = render(request, "accounts/security/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = CACHE_CONTROL
    return response


@login_required
@never_cache
@sensitive_post_parameters("code")
def twofactor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if services.twofactor_enabled(user):  # type: ignore[arg-type]
        messages.info(request, _("Two-factor log-in is already on."))
        return redirect("twofactor")
    device = services.totp_device_pending(user=user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None, recovery_allowed=False)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(device=device, code=form.cleaned_data["code"])
        except services.CodeThrottledError:
            form.add_error("code", services.twofactor_throttled_message())
        else:
            if codes is not None:
                device.refresh_from_db()
                otp_login(request, device)
                messages.success(request, _("Two-factor log-in is on."))
                return _codes_page(request, codes)
            form.add_error(
                "code",
                _("That code is not right: check the time of your phone and try again."),
            )
    return render(
        request,
        "accounts/security/twofactor_setup.html",
        {
            "form": form,
            "qr_svg": services.totp_qr_svg(device),
            "secret": services.totp_secret_display(device),
            "required": services.twofactor_required(user),
        },
    )


def _current_code_checked(request: HttpRequest) -> bool:
    """The posted code is a current one of the user (app or recovery code); else a message."""
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a code."))
        return False
    try:
        check = services.twofactor_code_check(user=request.user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
    except services.CodeThrottledError:
        messages.error(request, services.twofactor_throttled_message())
        return False
    if check.device is None:
        messages.error(request, _("That code is not right. Nothing was changed."))
        return False
    return True


@login_required
@require_POST
@sensitive_post_parameters("code")
def twofactor_disable(request: HttpRequest) -> HttpResponse:
    if not services.twofactor_enabled(request.user):  # type: ignore[arg-type]
        return redirect("twofactor")
    if not _current_code_checked(request):
        return redirect("twofactor")
    services.twofactor_disable(user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Two-factor log-in is off."))
    return redirect("twofactor")


@login_required
@require_POST
@never_cache
@sensitive_post_parameters("code")
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    if not services.twofactor_enabled(request.user):  # type: ignore[arg-type]
        return redirect("twofactor")
    if not _current_code_checked(request):
        return redirect("twofactor")
    codes = services.recovery_codes_create(user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("New recovery codes were made: the old ones no longer work."))
    return _codes_page(request, codes)
