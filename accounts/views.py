"""Log-in, log-out, passwords (Django's views with our forms and templates) and invitations."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts import services
from accounts.forms import InvitationForm, InvitationSignupForm, LoginForm
from accounts.language import offered_language, user_language_save
from accounts.models import Invitation
from accounts.selectors import (
    InvitationState,
    invitation_by_token,
    invitation_of_organization,
    invitation_state,
    invitations_pending,
    username_suggest,
    users_with_email,
)
from accounts.sessions.services import idle_timeout_seconds
from accounts.twofactor.services import twofactor_enabled, twofactor_required
from accounts.twofactor.views import login_pending_start
from assessments.access import organization_access

# The backend that log-ins after accepting an invitation are recorded with.
LOGIN_BACKEND = "accounts.backends.UsernameOrEmailBackend"


class LoginView(auth_views.LoginView):
    """The password first; a user with an authenticator app then gives a code (login_code)
    before being logged in."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not twofactor_enabled(user):
            return super().form_valid(form)
        login_pending_start(
            self.request,
            user=user,
            username=form.cleaned_data["username"],
            next_url=self.get_success_url(),
        )
        return redirect("login_code")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's security page: two-factor log-in, sessions, personal data."""
    return render(
        request,
        "accounts/security/index.html",
        {
            "twofactor_enabled": twofactor_enabled(request.user),  # type: ignore[arg-type]
            "twofactor_required": twofactor_required(request.user),
            "idle_minutes": idle_timeout_seconds() // 60,
        },
    )


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5), with a confirmation message on the next page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


@login_required
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = organization_access(request.user, slug)
    if not access.can_manage:
        raise PermissionDenied
    organization = access.organization
    form = InvitationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invitation_create(
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                now=timezone.now(),
                accept_url=_accept_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except OSError:  # smtplib.SMTPException and connection errors
            form.add_error(
                None,
                _(
                    "The invitation e-mail could not be sent, so no invitation was saved. "
                    "Please try again later."
                ),
            )
        else:
            if sent.resent:
                message = _(
                    "%(email)s already had a pending invitation: it was sent again and is "
                    "valid from now on, with the role chosen now."
                )
            else:
                message = _("An invitation was sent to %(email)s.")
            messages.success(request, message % {"email": sent.invitation.email})
            return redirect("organization_members", slug=organization.slug)
    return render(
        request,
        "accounts/invitation_form.html",
        {
            "organization": organization,
            "form": form,
            "pending": invitations_pending(organization, timezone.now()),
            "valid_days": services.invitation_valid_days(),
        },
    )


def _accept_url(request: HttpRequest) -> Callable[[str], str]:
    return lambda token: request.build_absolute_uri(reverse("invitation_accept", args=[token]))


def _managed_invitation(request: HttpRequest, slug: str, pk: int) -> Invitation:
    access = organization_access(request.user, slug)
    if not access.can_manage:
        raise PermissionDenied
    invitation = invitation_of_organization(organization=access.organization, pk=pk)
    if invitation is None:
        raise Http404
    return invitation


@login_required
@require_POST
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = _managed_invitation(request, slug, pk)
    try:
        services.invitation_resend(
            invitation=invitation, now=timezone.now(), accept_url=_accept_url(request)
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except OSError:  # smtplib.SMTPException and connection errors
        messages.error(
            request,
            _("The invitation e-mail could not be sent. Please try again later."),
        )
    else:
        messages.success(
            request,
            _("The invitation was sent again to %(email)s.") % {"email": invitation.email},
        )
    return redirect("organization_members", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = _managed_invitation(request, slug, pk)
    try:
        services.invitation_revoke(invitation=invitation, now=timezone.now())
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("The invitation of %(email)s was withdrawn: its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("organization_members", slug=slug)


def _invitation_unavailable(
    request: HttpRequest, invitation: Invitation | None, state: InvitationState | None
) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_unavailable.html",
        {"invitation": invitation, "state": state},
        status=404 if invitation is None else 410,
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anonymous visitors: the token is the credential. Usable once, for 7 days."""
    invitation = invitation_by_token(token)
    if invitation is None:
        return _invitation_unavailable(request, None, None)
    state = invitation_state(invitation, timezone.now())
    if state != InvitationState.VALID:
        return _invitation_unavailable(request, invitation, state)
    if users_with_email(invitation.email).exists():
        return _invitation_accept_existing_user(request, invitation)
    if request.user.is_authenticated:
        # Signed in as someone else, and the invited address has no account yet.
        return render(
            request,
            "accounts/invitation_accept.html",
            {"invitation": invitation, "situation": "wrong_user"},
        )
    return _invitation_accept_new_user(request, invitation)


def _invitation_accept_new_user(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = InvitationSignupForm(
        request.POST or None,
        email=invitation.email,
        initial={"username": username_suggest(invitation.email)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_new_user(
                invitation=invitation,
                username=form.cleaned_data["username"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                now=timezone.now(),
            )
        except services.InvitationUnavailableError as error:
            return _invitation_unavailable(request, invitation, error.state)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(
                request,
                _("Welcome! You are now a member of %(organization)s.")
                % {"organization": invitation.organization.name},
            )
            return redirect("home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "situation": "signup", "form": form},
    )


def _invitation_accept_existing_user(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        situation = "login"
    elif user.email.lower() != invitation.email.lower():
        situation = "wrong_user"
    else:
        situation = "join"
    errors: list[str] = []
    if situation == "join" and request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=user, now=timezone.now())
        except services.InvitationUnavailableError as error:
            return _invitation_unavailable(request, invitation, error.state)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("You are now a member of %(organization)s.")
                % {"organization": invitation.organization.name},
            )
            return redirect("home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "situation": situation, "errors": errors},
    )


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language chooser: Django's `set_language` (the cookie, back to the page), and for a
    logged-in user, the choice kept as their preference (their next log-ins, their e-mails)."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and offered_language(language):
        user_language_save(user=request.user, language=language)
    return set_language(request)
