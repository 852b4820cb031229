"""Single sign-on is off unless configured; a half configuration fails the system checks."""

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from sso.checks import sso_settings_check
from sso.config import BACKEND, SESSION_FLAG, sso_config
from tests.factories import UserFactory


def test_login_page_without_sso_has_no_button(client: Client, db: None) -> None:
    page = client.get("/accounts/login/")

    assert page.status_code == 200
    assert "/sso/authenticate/" not in page.content.decode()


@pytest.mark.parametrize("url", ["/sso/authenticate/", "/sso/callback/?code=x&state=y"])
def test_sso_urls_without_sso_not_found(client: Client, db: None, url: str) -> None:
    assert client.get(url).status_code == 404


def test_login_page_with_sso_has_button_with_next(
    client: Client, db: None, settings: Settings
) -> None:
    configure(settings)
    settings.DIAM_SSO_PROVIDER_NAME = "St Mary ID"

    page = client.get("/accounts/login/?next=/organizations/x/").content.decode()

    assert 'href="/sso/authenticate/?next=/organizations/x/"' in page
    assert "Sign in with St Mary ID" in page


def test_login_page_with_sso_without_name_has_general_text(
    client: Client, db: None, settings: Settings
) -> None:
    configure(settings)

    page = client.get("/accounts/login/").content.decode()

    assert "Sign in with your organization's account" in page


def test_sso_config_needs_backend(settings: Settings) -> None:
    configure(settings)
    settings.AUTHENTICATION_BACKENDS = [b for b in settings.AUTHENTICATION_BACKENDS if b != BACKEND]

    assert sso_config().enabled is False


def test_checks_half_configuration(settings: Settings) -> None:
    settings.OIDC_RP_CLIENT_ID = "client"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://id.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_USER_ENDPOINT = "https://id.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = None
    settings.OIDC_OP_ISSUER = "https://id.example"
    settings.DIAM_SSO_CREATE_ACCOUNTS = True
    settings.DIAM_SSO_EMAIL_DOMAINS = ["hospital.example"]

    ids = [problem.id for problem in sso_settings_check()]

    assert ids == ["sso.E001", "sso.E002", "sso.W001"]


def test_checks_without_issuer(settings: Settings) -> None:
    configure(settings)
    settings.OIDC_OP_ISSUER = ""

    messages = [(problem.id, problem.msg) for problem in sso_settings_check()]

    assert messages == [("sso.E001", "OIDC_OP_ISSUER must be set when OIDC_RP_CLIENT_ID is.")]


def test_checks_complete_configuration(settings: Settings) -> None:
    configure(settings)

    assert sso_settings_check() == []


def configure(settings: Settings) -> None:
    settings.OIDC_RP_CLIENT_ID = "client"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://id.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://id.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://id.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://id.example/jwks"
    settings.OIDC_OP_ISSUER = "https://id.example"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]


def test_password_log_in_with_code_in_url_starts_no_exchange(
    client: Client, db: None, settings: Settings
) -> None:
    # The provider's endpoints are not reachable: a token exchange would fail the log-in.
    configure(settings)
    user = UserFactory()

    reply = client.post(
        "/accounts/login/?code=x&state=y",
        {"username": user.username, "password": "correct-horse-battery"},
    )

    assert reply.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.get(SESSION_FLAG) is None


def test_password_log_in_drops_sso_flag(client: Client, db: None) -> None:
    user = UserFactory()
    session = client.session
    session[SESSION_FLAG] = True
    session.save()

    client.post(
        "/accounts/login/", {"username": user.username, "password": "correct-horse-battery"}
    )

    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.get(SESSION_FLAG) is None
