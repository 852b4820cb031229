from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.api.helpers import World


@pytest.fixture
def low_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    # DRF reads the rates once, at import: the throttles' copy is the one to lower.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "2/min", "anon": "1/min"})


def test_throttling_is_configured() -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert set(rates) == {"user", "anon"}


@pytest.mark.usefixtures("low_rates")
def test_user_over_the_rate_gets_429(world: World, api: Callable[[Any], APIClient]) -> None:
    client = api(world.lead)

    statuses = [client.get("/api/v1/organizations/").status_code for _ in range(3)]
    other_user = api(world.contributor).get("/api/v1/organizations/")

    assert statuses == [200, 200, 429]
    assert other_user.status_code == 200


@pytest.mark.usefixtures("low_rates")
def test_throttled_response_says_when_to_retry(
    world: World, api: Callable[[Any], APIClient]
) -> None:
    client = api(world.lead)
    for _ in range(2):
        client.get("/api/v1/organizations/")

    response = client.get("/api/v1/organizations/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("Request was throttled.")


@pytest.mark.usefixtures("low_rates")
def test_anonymous_over_the_rate_gets_429(db: None) -> None:
    client = APIClient()

    statuses = [client.get("/api/v1/schema/").status_code for _ in range(2)]

    assert statuses == [200, 429]
