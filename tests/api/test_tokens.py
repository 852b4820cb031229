from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.models import ApiTokenName
from tests.api.helpers import World
from tests.factories import UserFactory


def create_token(username: str, *args: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, *args, stdout=out)
    return out.getvalue().strip()


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_command_token_authenticates_as_bearer(world: World) -> None:
    token = create_token(world.lead.username, "--name", "Data warehouse")

    response = bearer(token).get("/api/v1/organizations/")

    assert response.status_code == 200
    assert [o["slug"] for o in response.json()["results"]] == ["st-example"]


def test_command_token_is_hashed_named_and_expires(world: World) -> None:
    before = timezone.now()

    token = create_token(world.lead.username, "--name", "Data warehouse", "--days", "30")

    stored = AuthToken.objects.get(user=world.lead)
    assert stored.digest != token
    assert token not in (stored.digest, stored.token_key)
    assert ApiTokenName.objects.get(token=stored).name == "Data warehouse"
    assert before + timedelta(days=30) <= stored.expiry <= timezone.now() + timedelta(days=30)


def test_command_default_lifetime_is_the_setting(world: World) -> None:
    create_token(world.lead.username, "--name", "Default")

    stored = AuthToken.objects.get(user=world.lead)
    assert stored.expiry - stored.created == pytest.approx(
        timedelta(days=90), abs=timedelta(seconds=5)
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "--name", "x"], "user “nobody” does not exist"),
        (["{lead}", "--name", "  "], "Give the token a name"),
        (["{lead}", "--name", "x", "--days", "0"], "A token is valid from 1 to 365 days."),
        (["{lead}", "--name", "x", "--days", "366"], "A token is valid from 1 to 365 days."),
    ],
)
def test_command_refuses_bad_input(world: World, args: list[str], message: str) -> None:
    args = [a.format(lead=world.lead.username) for a in args]

    with pytest.raises(CommandError, match=message):
        create_token(*args)

    assert AuthToken.objects.count() == 0


def test_command_refuses_a_name_taken(world: World) -> None:
    create_token(world.lead.username, "--name", "Sync")

    with pytest.raises(CommandError, match="You already have a token named “sync”"):
        create_token(world.lead.username, "--name", "sync")

    assert AuthToken.objects.count() == 1


def test_command_refuses_an_inactive_user(world: World) -> None:
    user = UserFactory(is_active=False)

    with pytest.raises(CommandError, match="is inactive"):
        create_token(user.username, "--name", "x")


def test_expired_token_is_401(world: World) -> None:
    token = create_token(world.lead.username, "--name", "Old")
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    response = bearer(token).get("/api/v1/organizations/")

    assert response.status_code == 401
    assert AuthToken.objects.count() == 0  # knox deletes it


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Token {token}", "Bearer", "Bearer {token} extra"],
)
def test_bad_authorization_is_401(world: World, header: str) -> None:
    token = create_token(world.lead.username, "--name", "Sync")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.format(token=token))

    response = client.get("/api/v1/organizations/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_inactive_user_token_is_401(world: World) -> None:
    token = create_token(world.lead.username, "--name", "Sync")
    world.lead.is_active = False
    world.lead.save()

    assert bearer(token).get("/api/v1/organizations/").status_code == 401


# --- The profile page ------------------------------------------------------------------------


def logged_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_profile_anonymous_goes_to_log_in(world: World) -> None:
    response = Client().get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_creates_a_token_shown_once(world: World) -> None:
    client = logged_in(world.contributor)

    created = client.post("/accounts/profile/", {"name": "Workshop laptop", "days": "7"})
    token = created.context["created"].secret
    again = client.get("/accounts/profile/")

    assert created.status_code == 200
    assert token.encode() in created.content
    assert created["Cache-Control"].startswith("max-age=0")
    assert token.encode() not in again.content
    assert b"Workshop laptop" in again.content
    assert bearer(token).get("/api/v1/assessments/").status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [({"name": "", "days": "7"}, "name"), ({"name": "x", "days": "0"}, "days")],
)
def test_profile_bad_input_creates_nothing(world: World, data: dict[str, str], field: str) -> None:
    response = logged_in(world.contributor).post("/accounts/profile/", data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert response.context["created"] is None
    assert AuthToken.objects.count() == 0


def test_profile_lists_only_own_live_tokens(world: World) -> None:
    create_token(world.contributor.username, "--name", "Mine")
    create_token(world.contributor.username, "--name", "Expired")
    create_token(world.lead.username, "--name", "The lead's")
    AuthToken.objects.filter(api_name__name="Expired").update(
        expiry=timezone.now() - timedelta(days=1)
    )

    response = logged_in(world.contributor).get("/accounts/profile/")

    assert [t.api_name.name for t in response.context["tokens"]] == ["Mine"]


def test_profile_revokes_own_token(world: World) -> None:
    token = create_token(world.contributor.username, "--name", "Mine")
    digest = AuthToken.objects.get().digest

    response = logged_in(world.contributor).post(
        "/accounts/profile/tokens/revoke/", {"token": digest}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "The token is revoked: it no longer works."
    ]
    assert AuthToken.objects.count() == 0
    assert bearer(token).get("/api/v1/organizations/").status_code == 401


def test_profile_cannot_revoke_another_users_token(world: World) -> None:
    create_token(world.lead.username, "--name", "The lead's")
    digest = AuthToken.objects.get().digest

    response = logged_in(world.contributor).post(
        "/accounts/profile/tokens/revoke/", {"token": digest}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "No such token: it may have expired or been revoked already."
    ]
    assert AuthToken.objects.count() == 1


def test_command_refuses_more_than_the_limit(world: World) -> None:
    for number in range(20):
        create_token(world.lead.username, "--name", f"Token {number}")

    with pytest.raises(CommandError, match="You have 20 tokens already"):
        create_token(world.lead.username, "--name", "One more")

    assert AuthToken.objects.count() == 20


def test_session_write_without_csrf_is_refused(world: World) -> None:
    # A logged-in browser may use the API (the docs' "Try it out"), with the CSRF check.
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.lead)

    read = client.get("/api/v1/organizations/")
    write = client.put(
        f"/api/v1/assessments/{world.assessment.pk}/answers/2.2/",
        {"status": "met", "version": 0},
        format="json",
    )

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json()["detail"].startswith("CSRF Failed")
    assert world.assessment.answers.count() == 0
