from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or with the e-mail address (case-insensitive)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        if username is None or password is None:
            return None
        user_model = get_user_model()
        if "@" in username:
            matches = list(user_model.objects.filter(email__iexact=username)[:2])
            user = matches[0] if len(matches) == 1 else None
        else:
            user = user_model.objects.filter(username=username).first()
        if user is None:
            user_model().set_password(password)  # same cost as a real check (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
