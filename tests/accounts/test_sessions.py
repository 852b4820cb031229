"""The idle-session timeout and "log out everywhere"."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time
from pytest_django.fixtures import Settings

from accounts.models import UserSession
from accounts.sessions.services import (
    LAST_ACTIVITY_KEY,
    session_activity_record,
    session_is_idle,
)
from assessments.enums import Role
from tests.factories import MembershipFactory, UserFactory, assessment_with_areas

PASSWORD = "correct-horse-battery"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def login(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


# --- pure rules of the idle timeout -------------------------------------------------------------


def test_activity_record_writes_at_most_once_a_minute() -> None:
    session = SessionStore()
    session_activity_record(session, START)
    session.modified = False

    session_activity_record(session, START + timedelta(seconds=59))

    assert session.modified is False
    assert session[LAST_ACTIVITY_KEY] == int(START.timestamp())


def test_activity_record_refreshes_after_a_minute() -> None:
    session = SessionStore()
    session_activity_record(session, START)

    session_activity_record(session, START + timedelta(seconds=60))

    assert session[LAST_ACTIVITY_KEY] == int(START.timestamp()) + 60


@pytest.mark.parametrize(
    ("idle", "expected"),
    [
        (timedelta(minutes=30), False),
        (timedelta(minutes=31), False),
        (timedelta(minutes=31, seconds=1), True),
    ],
)
def test_session_is_idle_after_timeout(settings: Settings, idle: timedelta, expected: bool) -> None:
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    session = SessionStore()
    session_activity_record(session, START)

    assert session_is_idle(session, START + idle) is expected


def test_session_never_idle_when_timeout_is_zero(settings: Settings) -> None:
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 0
    session = SessionStore()
    session_activity_record(session, START)

    assert session_is_idle(session, START + timedelta(days=3)) is False


# --- idle timeout on requests --------------------------------------------------------------------


@pytest.fixture
def timeout_30(settings: Settings) -> None:
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30


@pytest.mark.usefixtures("timeout_30")
def test_idle_session_is_logged_out_with_message(client: Client) -> None:
    UserFactory(username="jane")
    with freeze_time(START) as frozen:
        login(client, "jane")
        frozen.tick(timedelta(minutes=32))
        response = client.get(reverse("security"), follow=True)

    assert response.redirect_chain[0] == (
        f"{reverse('login')}?next={reverse('security')}",
        302,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "You were logged out after 30 minutes without activity."
    ]
    assert logged_in_user_id(client) is None


@pytest.mark.usefixtures("timeout_30")
def test_each_request_keeps_the_session_alive(client: Client) -> None:
    user = UserFactory(username="jane")
    with freeze_time(START) as frozen:
        login(client, "jane")
        for _ in range(4):
            frozen.tick(timedelta(minutes=20))
            assert client.get(reverse("security")).status_code == 200
        # (inside: the frozen session expires in two weeks of frozen time)
        assert logged_in_user_id(client) == user.pk


@pytest.mark.usefixtures("timeout_30")
def test_autosave_counts_as_activity(client: Client, catalog) -> None:  # type: ignore[no-untyped-def]
    assessment = assessment_with_areas(["radiology"])
    user = MembershipFactory(
        organization=assessment.organization, role=Role.CONTRIBUTOR, user=UserFactory()
    ).user
    url = reverse("assessment_autosave", args=[assessment.pk, "stage-1"])
    data = {
        "s-1_1-radiology-status": "met",
        "s-1_1-radiology-comment": "",
        "s-1_1-radiology-initial_status": "",
        "s-1_1-radiology-initial_comment": "",
        "s-1_1-radiology-version": "0",
        "slot": "s-1_1-radiology",
    }
    with freeze_time(START) as frozen:
        client.force_login(user)
        frozen.tick(timedelta(minutes=25))
        saved = client.post(url, data, HTTP_HX_REQUEST="true")
        frozen.tick(timedelta(minutes=25))
        page = client.get(reverse("security"))
        user_id = logged_in_user_id(client)

    assert saved.status_code == 200
    assert page.status_code == 200
    assert user_id == user.pk


@pytest.mark.usefixtures("timeout_30")
def test_idle_htmx_request_redirects_the_page_to_login(client: Client) -> None:
    user = UserFactory()
    with freeze_time(START) as frozen:
        client.force_login(user)
        frozen.tick(timedelta(hours=2))
        response = client.post(
            reverse("security_sessions_end"),
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL="http://testserver/accounts/security/sessions/",
        )

    assert response.status_code == 401
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Faccounts%2Fsecurity%2Fsessions%2F"
    assert UserSession.objects.filter(user=user).count() == 1  # nothing was done
    assert logged_in_user_id(client) is None


@pytest.mark.usefixtures("timeout_30")
def test_request_within_a_minute_does_not_write_the_session(
    client: Client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory()
    with freeze_time(START) as frozen:
        client.force_login(user)
        client.get(reverse("security"))
        frozen.tick(timedelta(seconds=30))
        with django_assert_num_queries(2):  # the session and the user: no session write
            client.get(reverse("security_data"))


# --- log out everywhere --------------------------------------------------------------------------


def test_sessions_page_counts_other_sessions(client: Client) -> None:
    UserFactory(username="jane")
    login(client, "jane")
    login(Client(), "jane")
    login(Client(), "jane")

    response = client.get(reverse("security_sessions"))

    assert response.context["others"] == 2
    assert len(response.context["sessions"]) == 3


def test_log_out_other_sessions_keeps_this_one(client: Client) -> None:
    user = UserFactory(username="jane")
    other = UserFactory(username="otto")
    login(client, "jane")
    elsewhere, stranger = Client(), Client()
    login(elsewhere, "jane")
    login(stranger, "otto")

    response = client.post(reverse("security_sessions_end"), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["1 other session was logged out."]
    assert logged_in_user_id(client) == user.pk
    assert elsewhere.get(reverse("security"))["Location"].startswith(reverse("login"))
    assert logged_in_user_id(stranger) == other.pk
    assert stranger.get(reverse("security")).status_code == 200


def test_log_out_everywhere_ends_this_session_too(client: Client) -> None:
    UserFactory(username="jane")
    login(client, "jane")
    elsewhere = Client()
    login(elsewhere, "jane")

    response = client.post(reverse("security_sessions_end"), {"everywhere": "1"})

    assert response["Location"] == reverse("login")
    assert logged_in_user_id(client) is None
    assert logged_in_user_id(elsewhere) is None


def test_log_out_everywhere_after_password_change_keeps_current_session(client: Client) -> None:
    user = UserFactory(username="jane")
    login(client, "jane")
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-horse-battery",
            "new_password2": "another-horse-battery",
        },
    )

    client.get(reverse("security_sessions"))  # the session's new key is registered here
    client.post(reverse("security_sessions_end"))

    assert logged_in_user_id(client) == user.pk


def test_log_out_everywhere_get_not_allowed(client: Client) -> None:
    client.force_login(UserFactory())

    assert client.get(reverse("security_sessions_end")).status_code == 405
