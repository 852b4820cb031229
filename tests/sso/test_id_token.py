"""The ID token is checked end to end against the real provider (tests/sso/provider/): variants
of it, in processes of their own, sign with the same key but as another issuer, for other
audiences, or with an expiry already past. A refused sign-in logs in nobody, creates and changes
nothing, and tells the person why on the log-in page."""

import logging

import pytest
import requests
from axes.models import AccessLog
from django.contrib.auth import get_user_model

from sso.refusals import Refusal
from tests.factories import MembershipFactory, OrganizationFactory
from tests.sso.flow import arrive, message_of, provider_sign_in, sign_in
from tests.sso.provider_server import CLIENT_ID, Provider, point_at, provider_variant

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("sso_settings")]

OTHER_ISSUER = "https://id.other-hospital.example"


def sso_log(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "sso.views"]


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        (
            {"PROVIDER_ISSUER": OTHER_ISSUER},
            "the issuer is 'https://id.other-hospital.example', expected '{issuer}'",
        ),
        (
            {"PROVIDER_AUDIENCE": "another-client"},
            "the audience ['another-client'] does not include 'diam-test-client'",
        ),
        (
            {"PROVIDER_AUDIENCE": f"another-client,{CLIENT_ID}"},
            "the authorized party is None, expected 'diam-test-client'",
        ),
    ],
    ids=["other-issuer", "other-audience", "several-audiences-without-azp"],
)
def test_sign_in_token_not_for_us_refused(  # type: ignore[no-untyped-def]
    live_server, http, caplog, sso_settings, oidc_provider, overrides, problem
) -> None:
    member = MembershipFactory(user__email="alice@hospital.example").user
    # Account creation allowed for erin's domain: a refused token must not create her either.
    OrganizationFactory(slug="st-mary")
    sso_settings.DIAM_SSO_EMAIL_DOMAINS = ["hospital.example=st-mary"]
    sso_settings.DIAM_SSO_CREATE_ACCOUNTS = True
    users = get_user_model().objects.count()
    caplog.set_level(logging.INFO, logger="sso")

    with provider_variant(oidc_provider, **overrides) as variant:
        point_at(sso_settings, variant)
        alice = sign_in(http, live_server.url, "alice")
        with requests.Session() as other:
            erin = sign_in(other, live_server.url, "erin")

    member.refresh_from_db()
    for arrival in (alice, erin):
        assert (arrival.user_id, arrival.sso_flag) == (None, False)
        assert arrival.url == f"{live_server.url}/accounts/login/"
        assert message_of(Refusal.UNTRUSTED_TOKEN) in arrival.text
    assert get_user_model().objects.count() == users
    assert member.last_login is None
    assert AccessLog.objects.count() == 0
    detail = problem.format(issuer=oidc_provider.issuer)
    assert (
        sso_log(caplog)
        == [f"SSO sign-in refused (untrusted_token) for -: the ID token: {detail}"] * 2
    )


def test_sign_in_token_of_expected_issuer_accepted(  # type: ignore[no-untyped-def]
    live_server, http, sso_settings, oidc_provider
) -> None:
    # Another process of the provider, configured with the issuer the application expects.
    member = MembershipFactory(user__email="alice@hospital.example").user
    sso_settings.OIDC_OP_ISSUER = OTHER_ISSUER

    with provider_variant(oidc_provider, PROVIDER_ISSUER=OTHER_ISSUER) as variant:
        point_at(sso_settings, variant)
        arrival = sign_in(http, live_server.url, "alice")

    assert (arrival.user_id, arrival.sso_flag) == (str(member.pk), True)


def test_sign_in_without_expected_issuer_refused(  # type: ignore[no-untyped-def]
    live_server, http, sso_settings
) -> None:
    MembershipFactory(user__email="alice@hospital.example")
    sso_settings.OIDC_OP_ISSUER = ""

    arrival = sign_in(http, live_server.url, "alice")

    assert arrival.user_id is None
    assert message_of(Refusal.UNTRUSTED_TOKEN) in arrival.text


def test_sign_in_expired_token_refused(  # type: ignore[no-untyped-def]
    live_server, http, caplog, sso_settings, oidc_provider
) -> None:
    member = MembershipFactory(user__email="alice@hospital.example").user
    caplog.set_level(logging.INFO, logger="sso")

    with provider_variant(oidc_provider, PROVIDER_ID_TOKEN_EXPIRE_SECONDS="-60") as variant:
        point_at(sso_settings, variant)
        arrival = sign_in(http, live_server.url, "alice")

    member.refresh_from_db()
    assert (arrival.user_id, arrival.sso_flag) == (None, False)
    assert message_of(Refusal.EXPIRED_TOKEN) in arrival.text
    assert member.last_login is None
    assert sso_log(caplog) == [
        "SSO sign-in refused (expired_token) for -: the ID token: Signature has expired"
    ]


def test_sign_in_token_of_another_nonce_refused(  # type: ignore[no-untyped-def]
    live_server, http, caplog, oidc_provider: Provider
) -> None:
    # The authorization request is changed on its way to the provider: the ID token carries
    # another nonce than the one this session sent, as a token issued for another sign-in would.
    member = MembershipFactory(user__email="alice@hospital.example").user
    caplog.set_level(logging.INFO, logger="sso")

    callback = provider_sign_in(
        http, live_server.url, "alice", authorize_params={"nonce": "another-sign-in"}
    )
    arrival = arrive(http, callback)

    member.refresh_from_db()
    assert (arrival.user_id, arrival.sso_flag) == (None, False)
    assert message_of(Refusal.FAILED) in arrival.text
    assert member.last_login is None
    assert sso_log(caplog) == ["SSO sign-in failed: JWT Nonce verification failed."]
