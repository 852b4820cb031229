"""Downloads carry one organization's confidential data to one user: no cache may keep them,
neither a shared one (proxy) nor the browser's (a shared computer)."""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.http import HttpResponseBase

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

CACHE_CONTROL = "private, no-store"


def private_download(view: Callable[P, R]) -> Callable[P, R]:
    """Marks the view's responses `Cache-Control: private, no-store`."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        response = view(*args, **kwargs)
        response["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapped
