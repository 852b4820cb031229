from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.sessions.services import (
    idle_timeout_seconds,
    user_session_register,
    user_sessions_active,
    user_sessions_end,
)


@login_required
def sessions_overview(request: HttpRequest) -> HttpResponse:
    # This session's key changes with a password change: make sure it is known.
    user_session_register(user=request.user, session_key=request.session.session_key)  # type: ignore[arg-type]
    sessions = user_sessions_active(user=request.user)  # type: ignore[arg-type]
    current = request.session.session_key
    return render(
        request,
        "accounts/security/sessions.html",
        {
            "sessions": sessions,
            "current_key": current,
            "others": sum(1 for s in sessions if s.session_key != current),
            "idle_minutes": idle_timeout_seconds() // 60,
        },
    )


@login_required
@require_POST
def sessions_end(request: HttpRequest) -> HttpResponse:
    """Log out every other session of the user; with `everywhere`, this one too."""
    everywhere = request.POST.get("everywhere") == "1"
    current = request.session.session_key
    ended = user_sessions_end(user=request.user, keep=current)  # type: ignore[arg-type]
    if everywhere:
        user_sessions_end(user=request.user)  # type: ignore[arg-type]
        logout(request)
        messages.info(request, _("You were logged out everywhere, here too."))
        return redirect("login")
    messages.success(
        request,
        ngettext(
            "%(count)d other session was logged out.",
            "%(count)d other sessions were logged out.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("security_sessions")
