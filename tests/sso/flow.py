"""The single sign-on flow driven over HTTP: one requests session holds the cookies of both sites
(the provider's have their own names), the way a browser would."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, urlencode, urljoin, urlparse, urlunparse

import requests
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from sso.refusals import Refusal
from tests.sso.provider.people import PASSWORD


@dataclass
class Arrival:
    """Where the browser ends up after the callback, and who the application thinks it is."""

    url: str
    text: str
    user_id: str | None
    sso_flag: bool


def provider_sign_in(
    http: requests.Session,
    app_url: str,
    username: str,
    next_url: str = "",
    *,
    authorize_params: Mapping[str, str] | None = None,
) -> str:
    """From the application's "Sign in with" link to the callback URL the provider sends back
    (not followed), signing in at the provider as `username`. `authorize_params` replace those
    of the application's authorization request, as someone in the middle could."""
    start = f"{app_url}/sso/authenticate/" + (
        f"?{urlencode({'next': next_url})}" if next_url else ""
    )
    leaving = http.get(start, allow_redirects=False, timeout=30)
    assert leaving.status_code == 302, leaving.text
    authorize = with_query(leaving.headers["Location"], **(authorize_params or {}))
    form = http.get(authorize, timeout=30)
    assert form.status_code == 200 and "Test identity provider" in form.text, form.text
    hidden_next = re.search(r'name="next" value="([^"]*)"', form.text)
    assert hidden_next is not None
    posted = http.post(
        form.url,
        data={
            "username": username,
            "password": PASSWORD,
            "next": hidden_next.group(1).replace("&amp;", "&"),
            "csrfmiddlewaretoken": http.cookies["provider_csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert posted.status_code == 302, posted.text
    authorized = http.get(
        urljoin(posted.url, posted.headers["Location"]), allow_redirects=False, timeout=30
    )
    assert authorized.status_code == 302, authorized.text
    callback = authorized.headers["Location"]
    assert callback.startswith(f"{app_url}/sso/callback/?"), callback
    return callback


def arrive(http: requests.Session, callback: str) -> Arrival:
    reply = http.get(callback, timeout=30)
    session_key = http.cookies.get(settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key) if session_key else None
    return Arrival(
        url=reply.url,
        text=reply.text,
        user_id=session.get("_auth_user_id") if session else None,
        sso_flag=bool(session.get("sso_authenticated")) if session else False,
    )


def sign_in(http: requests.Session, app_url: str, username: str, next_url: str = "") -> Arrival:
    return arrive(http, provider_sign_in(http, app_url, username, next_url))


def with_state(callback: str, state: str) -> str:
    return with_query(callback, state=state)


def with_query(url: str, **params: str) -> str:
    parts = urlparse(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(params)
    return urlunparse(parts._replace(query=urlencode(query)))


def message_of(refusal: Refusal) -> str:
    """A refusal's message as the log-in page shows it (HTML-escaped)."""
    return escape(str(refusal.label))
