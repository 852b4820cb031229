"""The user's profile page: personal API tokens, created (shown once) and revoked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.tokens import NewToken, token_create, token_list_for_user, token_revoke


@never_cache  # the page that shows a new token must not be kept by any cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created: NewToken | None = None
    if request.method == "POST" and form.is_valid():
        try:
            created = token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                now=timezone.now(),
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(None if field == "__all__" else field, field_errors)
        else:
            # Shown in this response only: no redirect, no message stored in the session.
            form = TokenForm()
    context = {
        "form": form,
        "created": created,
        "tokens": token_list_for_user(request.user, now=timezone.now()),  # type: ignore[arg-type]
    }
    return render(request, "api/profile.html", context)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest) -> HttpResponse:
    digest = str(request.POST.get("token", ""))
    if token_revoke(user=request.user, digest=digest):  # type: ignore[arg-type]
        messages.success(request, _("The token is revoked: it no longer works."))
    else:
        messages.error(request, _("No such token: it may have expired or been revoked already."))
    return redirect("profile")
