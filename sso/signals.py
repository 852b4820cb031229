from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from sso.config import BACKEND, SESSION_FLAG


@receiver(user_logged_in, dispatch_uid="sso_flag_only_for_sso")
def sso_flag_only_for_sso(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A log-in by any other means (a password, in the same session) drops the flag that the
    identity provider authenticated this session; the callback view sets it after its log-in."""
    if request is not None and request.session.get(BACKEND_SESSION_KEY) != BACKEND:
        request.session.pop(SESSION_FLAG, None)
