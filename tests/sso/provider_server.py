"""Starts the test OpenID Connect provider (tests/sso/provider/) as a separate process and points
the application under test at it. Fixtures for tests/sso/ and tests/browser/test_sso_browser.py.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from pytest_django.fixtures import Settings

from sso.config import BACKEND

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "diam-test-client"
CLIENT_SECRET = "diam-test-client-secret"
PROVIDER_NAME = "Test Hospital ID"
# The provider's people: username, e-mail address, whether the provider has verified it.
PROVIDER_USERS = [
    ("alice", "alice@hospital.example", True),
    ("bob", "bob@hospital.example", False),
    ("carol", "carol@hospital.example", True),
    ("dave", "dave@hospital.example", True),
    ("erin", "erin@hospital.example", True),
    ("frank", "frank@hospital.example", True),
    ("olga", "olga@elsewhere.example", True),
]


@dataclass(frozen=True)
class Provider:
    url: str  # http://127.0.0.1:<port>, with the endpoints under /o/
    log: Path
    directory: Path  # its database and key, shared by its variants

    @property
    def issuer(self) -> str:
        # django-oauth-toolkit's, derived from the request (no OIDC_ISS_ENDPOINT)
        return f"{self.url}/o"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def provider_env(directory: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.sso.provider.settings",
            "PROVIDER_DIR": str(directory),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    """The provider, its client registered with the live server's callback URL."""
    directory = tmp_path_factory.mktemp("oidc-provider")
    env = provider_env(directory)
    users = [
        f"{name}:{email}:{'yes' if verified else 'no'}" for name, email, verified in PROVIDER_USERS
    ]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "provider_setup",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            "--redirect-uri",
            f"{live_server.url}/sso/callback/",
            *(f"--user={user}" for user in users),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    with serving(directory, env, log_name="provider.log") as provider:
        yield provider


@contextmanager
def provider_variant(provider: Provider, **overrides: str) -> Iterator[Provider]:
    """Another process of the same provider (its database, key, client and people) with settings
    of tests/sso/provider/ changed through the environment: PROVIDER_ISSUER (by default the
    first process's issuer, as several processes of one provider share it),
    PROVIDER_ID_TOKEN_EXPIRE_SECONDS, PROVIDER_AUDIENCE."""
    env = {**provider_env(provider.directory), "PROVIDER_ISSUER": provider.issuer, **overrides}
    with serving(provider.directory, env, log_name="variant.log") as variant:
        yield variant


@contextmanager
def serving(directory: Path, env: dict[str, str], *, log_name: str) -> Iterator[Provider]:
    port = free_port()
    log = directory / log_name
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    provider = Provider(url=f"http://127.0.0.1:{port}", log=log, directory=directory)
    try:
        wait_until_serving(provider, process)
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_serving(provider: Provider, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The test provider stopped:\n{provider.log.read_text()}")
        try:
            reply = requests.get(f"{provider.url}/o/.well-known/openid-configuration", timeout=5)
        except requests.ConnectionError:
            time.sleep(0.2)
            continue
        if reply.status_code == 200:
            return
        time.sleep(0.2)
    pytest.fail(f"The test provider did not start:\n{provider.log.read_text()}")


@pytest.fixture
def sso_settings(settings: Settings, oidc_provider: Provider) -> Settings:
    """The application under test configured for the provider, as the environment would do it."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    point_at(settings, oidc_provider)
    settings.OIDC_OP_ISSUER = oidc_provider.issuer
    settings.DIAM_SSO_PROVIDER_NAME = PROVIDER_NAME
    settings.DIAM_SSO_EMAIL_DOMAINS = []
    settings.DIAM_SSO_CREATE_ACCOUNTS = False
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    return settings


def point_at(settings: Settings, provider: Provider) -> None:
    """The provider's endpoints (not its issuer, which the application expects)."""
    base = f"{provider.url}/o"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
