from collections.abc import Iterator

import pytest
import requests

from tests.sso.provider_server import oidc_provider, sso_settings

__all__ = ["oidc_provider", "sso_settings"]


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A browser-like HTTP session (cookies kept) for the sign-in flows."""
    with requests.Session() as session:
        yield session
