"""Receivers: what every log-in records in its session, and what a user's deletion hands over.

Connected in AccountsConfig.ready. Log-ins come from several places (the log-in form, its code
step, an accepted invitation, single sign-on, tests' force_login): the signal sees them all."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone

from accounts.language import user_preferred_language
from accounts.middleware import LOGIN_LANGUAGE_ATTRIBUTE, REQUIRED_KEY
from accounts.privacy.services import user_history_hand_over
from accounts.sessions.services import session_activity_record, user_session_register
from accounts.twofactor.services import twofactor_required


def on_user_logged_in(sender: Any, request: HttpRequest, user: AbstractBaseUser, **_: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    session_activity_record(session, timezone.now())
    if settings.DIAM_2FA_REQUIRED_FOR_PRIVILEGED:
        session[REQUIRED_KEY] = "1" if twofactor_required(user) else "0"
    user_session_register(user=user, session_key=session.session_key)
    # The language the user chose, from the next page on: AccountSecurityMiddleware sets its
    # cookie on this response. Without a choice, Accept-Language keeps choosing.
    language = user_preferred_language(user)
    if language:
        setattr(request, LOGIN_LANGUAGE_ATTRIBUTE, language)


def on_user_pre_delete(sender: Any, instance: AbstractBaseUser, **_: Any) -> None:
    user_history_hand_over(user=instance)
