"""The client's address behind our reverse proxies, and the log-in lock that relies on it."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.client_ip import client_ip
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
PROXY = "10.0.0.2"


def address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@override_settings(DIAM_TRUSTED_PROXY_COUNT=0)
def test_client_ip_without_proxies_is_the_connection_and_ignores_the_header() -> None:
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(DIAM_TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's claim
        (" 2001:db8::1 ", "2001:db8::1"),
        ("", PROXY),  # not through our proxy
        ("not-an-address", PROXY),
    ],
)
def test_client_ip_behind_one_proxy_is_the_entry_it_added(forwarded: str, expected: str) -> None:
    assert address(PROXY, forwarded) == expected


@override_settings(DIAM_TRUSTED_PROXY_COUNT=2)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9, 10.0.0.1", "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        ("10.0.0.1", PROXY),  # fewer entries than proxies: not as configured
    ],
)
def test_client_ip_behind_two_proxies_is_the_outer_proxys_entry(
    forwarded: str, expected: str
) -> None:
    assert address(PROXY, forwarded) == expected


def behind_proxy(client_address: str, forged: str = "") -> Client:
    """A browser whose requests reach the application through our one reverse proxy."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def post_login(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code


@pytest.mark.django_db
@override_settings(DIAM_TRUSTED_PROXY_COUNT=1)
def test_lockout_behind_a_proxy_holds_the_client_not_everybody_behind_the_proxy() -> None:
    UserFactory(username="jane")
    failures = [post_login(behind_proxy("203.0.113.9"), "jane", "wrong") for _ in range(5)]

    from_the_same_client = post_login(behind_proxy("203.0.113.9"), "jane", PASSWORD)
    forging_another_address = post_login(
        behind_proxy("203.0.113.9", forged="198.51.100.1"), "jane", PASSWORD
    )
    from_a_colleague = post_login(behind_proxy("203.0.113.20"), "jane", PASSWORD)

    assert failures == [200, 200, 200, 200, 429]
    assert (from_the_same_client, forging_another_address, from_a_colleague) == (429, 429, 302)
