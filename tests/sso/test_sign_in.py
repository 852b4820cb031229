"""Single sign-on end to end: the application under test (pytest-django's live server) against a
real OpenID Connect provider in its own process (tests/sso/provider/). The code is exchanged for
real tokens, signed with the provider's RSA key; nothing is mocked."""

import logging

import pytest
import requests
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model

from assessments.enums import Role
from assessments.models import Membership
from sso.refusals import Refusal
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.sso.flow import arrive, message_of, provider_sign_in, sign_in, with_state

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("sso_settings")]


def test_sign_in_verified_email_of_member_logs_in(live_server, http, caplog) -> None:  # type: ignore[no-untyped-def]
    # Another case than the provider's "alice@hospital.example": matched without regard to case.
    member = MembershipFactory(user__username="alice.w", user__email="Alice@Hospital.example").user
    caplog.set_level(logging.INFO, logger="sso")

    arrival = sign_in(http, live_server.url, "alice")

    assert arrival.user_id == str(member.pk)
    assert arrival.sso_flag is True
    assert arrival.url == f"{live_server.url}/"
    assert "alice.w" in arrival.text
    assert AccessLog.objects.filter(username="alice.w").count() == 1
    assert [r.getMessage() for r in caplog.records if r.name == "sso.views"] == [
        "SSO sign-in of alice.w"
    ]


def test_sign_in_keeps_next_page(live_server, http) -> None:  # type: ignore[no-untyped-def]
    member = MembershipFactory(user__email="alice@hospital.example").user
    page = f"/organizations/{Membership.objects.get(user=member).organization.slug}/"

    arrival = sign_in(http, live_server.url, "alice", next_url=page)

    assert arrival.user_id == str(member.pk)
    assert arrival.url == f"{live_server.url}{page}"


@pytest.mark.parametrize(
    ("username", "refusal"),
    [
        ("bob", Refusal.EMAIL_UNVERIFIED),
        ("carol", Refusal.NO_ACCOUNT),
        ("dave", Refusal.INACTIVE),
        ("frank", Refusal.SEVERAL_ACCOUNTS),
    ],
    ids=["unverified", "no-account", "inactive", "several-accounts"],
)
def test_sign_in_refused_with_message(live_server, http, caplog, username, refusal) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory(user__username="bob", user__email="bob@hospital.example")
    MembershipFactory(
        user__username="dave", user__email="dave@hospital.example", user__is_active=False
    )
    UserFactory(username="frank1", email="frank@hospital.example")
    UserFactory(username="frank2", email="FRANK@hospital.example")
    caplog.set_level(logging.INFO, logger="sso")

    arrival = sign_in(http, live_server.url, username)

    assert arrival.user_id is None
    assert arrival.sso_flag is False
    assert arrival.url == f"{live_server.url}/accounts/login/"
    assert message_of(refusal) in arrival.text
    assert [r.getMessage() for r in caplog.records if r.name == "sso.views"] == [
        f"SSO sign-in refused ({refusal.value}) for {username}@hospital.example"
    ]


def test_sign_in_refusals_do_not_lock_out_colleagues(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    member = MembershipFactory(user__email="alice@hospital.example").user

    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        with requests.Session() as stranger:
            assert sign_in(stranger, live_server.url, "carol").user_id is None
    with requests.Session() as colleague:
        arrival = sign_in(colleague, live_server.url, "alice")

    assert arrival.user_id == str(member.pk)
    assert AccessAttempt.objects.count() == 0


def test_sign_in_tampered_state_refused(live_server, http) -> None:  # type: ignore[no-untyped-def]
    member = MembershipFactory(user__email="alice@hospital.example").user
    callback = provider_sign_in(http, live_server.url, "alice")

    tampered = arrive(http, with_state(callback, "forged-state"))
    genuine = arrive(http, callback)

    assert tampered.user_id is None
    assert tampered.url == f"{live_server.url}/accounts/login/"
    assert message_of(Refusal.FAILED) in tampered.text
    assert genuine.user_id == str(member.pk)


def test_sign_in_replayed_callback_refused(live_server, http) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory(user__email="alice@hospital.example")
    callback = provider_sign_in(http, live_server.url, "alice")
    assert arrive(http, callback).user_id is not None

    with requests.Session() as thief:
        replayed = arrive(thief, callback)

    assert replayed.user_id is None
    assert message_of(Refusal.FAILED) in replayed.text


def test_sign_in_domain_not_listed_refused(live_server, http, sso_settings) -> None:  # type: ignore[no-untyped-def]
    sso_settings.DIAM_SSO_EMAIL_DOMAINS = ["hospital.example"]
    MembershipFactory(user__email="olga@elsewhere.example")

    arrival = sign_in(http, live_server.url, "olga")

    assert arrival.user_id is None
    assert message_of(Refusal.DOMAIN_NOT_ALLOWED) in arrival.text


def test_sign_in_creates_member_when_allowed(live_server, http, sso_settings) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(slug="st-mary")
    sso_settings.DIAM_SSO_EMAIL_DOMAINS = ["hospital.example=st-mary"]
    sso_settings.DIAM_SSO_CREATE_ACCOUNTS = True

    arrival = sign_in(http, live_server.url, "erin")

    user = get_user_model().objects.get(email="erin@hospital.example")
    assert arrival.user_id == str(user.pk)
    assert (user.username, user.has_usable_password()) == ("erin", False)
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (organization, Role.CONTRIBUTOR)


def test_sign_in_never_creates_by_default(live_server, http, sso_settings) -> None:  # type: ignore[no-untyped-def]
    OrganizationFactory(slug="st-mary")
    sso_settings.DIAM_SSO_EMAIL_DOMAINS = ["hospital.example=st-mary"]

    arrival = sign_in(http, live_server.url, "erin")

    assert arrival.user_id is None
    assert get_user_model().objects.filter(email="erin@hospital.example").exists() is False


def test_sign_in_deactivated_account_loses_session(live_server, http) -> None:  # type: ignore[no-untyped-def]
    member = MembershipFactory(user__email="alice@hospital.example").user
    sign_in(http, live_server.url, "alice")
    member.is_active = False
    member.save()

    page = http.get(f"{live_server.url}/", timeout=30)

    assert page.url.startswith(f"{live_server.url}/accounts/login/")
