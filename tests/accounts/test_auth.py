import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
INVALID_LOGIN = (
    "Please enter a correct username or e-mail address and password. "
    "The password is case-sensitive."
)
LOCKED = (
    "Too many failed log-in attempts for this account from your address: "
    "it is locked here for 15 minutes."
)

pytestmark = pytest.mark.django_db


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def post_login(client: Client, username: str, password: str) -> object:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_shows_username_or_email_label(client: Client) -> None:
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response.context["form"].fields["username"].label == "Username or e-mail address"
    assert "Username or e-mail address" in response.content.decode()


def test_login_with_username_succeeds(client: Client) -> None:
    user = UserFactory(username="jane")

    response = post_login(client, "jane", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in_user_id(client) == user.pk


def test_login_with_email_any_case_succeeds(client: Client) -> None:
    user = UserFactory(username="jane", email="Jane.Doe@Example.org")

    response = post_login(client, "jane.doe@EXAMPLE.ORG", PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == user.pk


def test_login_redirects_to_next(client: Client) -> None:
    UserFactory(username="jane")

    response = client.post(
        reverse("login"),
        {"username": "jane", "password": PASSWORD, "next": "/accounts/password/change/"},
    )

    assert response["Location"] == "/accounts/password/change/"


def test_login_with_wrong_password_shows_message(client: Client) -> None:
    UserFactory(username="jane")

    response = post_login(client, "jane", "wrong-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [INVALID_LOGIN]
    assert logged_in_user_id(client) is None


def test_login_with_inactive_user_is_refused(client: Client) -> None:
    UserFactory(username="jane", is_active=False)

    response = post_login(client, "jane", PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [INVALID_LOGIN]
    assert logged_in_user_id(client) is None


def test_login_with_ambiguous_email_is_refused(client: Client) -> None:
    UserFactory(username="jane", email="shared@example.org")
    UserFactory(username="john", email="shared@example.org")

    response = post_login(client, "shared@example.org", PASSWORD)

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_logout_by_post_logs_out(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert logged_in_user_id(client) is None


def test_logout_by_get_is_not_allowed(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert logged_in_user_id(client) == user.pk


def test_password_change_anonymous_redirects_to_login(client: Client) -> None:
    url = reverse("password_change")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_password_change_sets_new_password(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    page = client.get(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-better-secret-42",
            "new_password2": "a-much-better-secret-42",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("a-much-better-secret-42") is True
    assert client.get(reverse("password_change_done")).status_code == 200


def test_password_change_with_wrong_old_password_changes_nothing(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "not-it",
            "new_password1": "a-much-better-secret-42",
            "new_password2": "a-much-better-secret-42",
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD) is True


def test_password_reset_sends_working_link(client: Client, mailoutbox: list) -> None:
    user = UserFactory(username="jane", email="jane@example.org")

    response = client.post(reverse("password_reset"), {"email": "JANE@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["jane@example.org"]
    assert message.subject == "Reset your DIAM self-assessment password"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a-much-better-secret-42", "new_password2": "a-much-better-secret-42"},
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-much-better-secret-42") is True
    assert client.get(reverse("password_reset_complete")).status_code == 200


def test_password_reset_unknown_email_sends_nothing(client: Client, mailoutbox: list) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mailoutbox == []


def test_password_reset_bad_link_shows_message(client: Client) -> None:
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "This link is no longer valid" in response.content.decode()


def test_lockout_after_five_failures_returns_429_with_message(client: Client) -> None:
    UserFactory(username="jane")
    for _ in range(5):
        post_login(client, "jane", "wrong-password")

    response = post_login(client, "jane", "wrong-password")

    assert response.status_code == 429
    assert LOCKED in " ".join(response.content.decode().split())


def test_lockout_starts_with_the_fifth_failure(client: Client) -> None:
    UserFactory(username="jane")
    statuses = [post_login(client, "jane", "wrong-password").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


def test_login_with_long_email_is_accepted(client: Client) -> None:
    email = f"{'a' * 160}@example.org"
    user = UserFactory(username="jane", email=email)

    response = post_login(client, email, PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == user.pk


def test_lockout_refuses_correct_password(client: Client) -> None:
    user = UserFactory(username="jane")
    for _ in range(5):
        post_login(client, "jane", "wrong-password")

    response = post_login(client, "jane", PASSWORD)

    assert response.status_code == 429
    assert logged_in_user_id(client) is None
    user.refresh_from_db()
    assert user.last_login is None


def test_failures_with_unknown_usernames_do_not_block_a_real_user_at_that_address(
    client: Client,
) -> None:
    user = UserFactory(username="jane")
    statuses = [post_login(client, f"someone{index}", "wrong").status_code for index in range(5)]

    response = post_login(client, "jane", PASSWORD)

    assert statuses == [200, 200, 200, 200, 200]
    assert response.status_code == 302
    assert logged_in_user_id(client) == user.pk


def test_wrong_passwords_of_one_user_do_not_block_a_colleague_at_the_same_address() -> None:
    UserFactory(username="xavier")
    yvonne = UserFactory(username="yvonne")
    shared = {"REMOTE_ADDR": "192.0.2.10"}
    for _ in range(5):
        post_login(Client(**shared), "xavier", "wrong-password")
    colleague = Client(**shared)

    locked = post_login(Client(**shared), "xavier", PASSWORD)
    response = post_login(colleague, "yvonne", PASSWORD)

    assert locked.status_code == 429
    assert LOCKED in " ".join(locked.content.decode().split())
    assert response.status_code == 302
    assert logged_in_user_id(colleague) == yvonne.pk


def test_lockout_holds_the_username_at_that_address_only() -> None:
    user = UserFactory(username="jane")
    for _ in range(5):
        post_login(Client(REMOTE_ADDR="192.0.2.1"), "jane", "wrong-password")
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")

    locked = post_login(Client(REMOTE_ADDR="192.0.2.1"), "jane", PASSWORD)
    response = post_login(elsewhere, "jane", PASSWORD)

    assert locked.status_code == 429
    assert response.status_code == 302
    assert logged_in_user_id(elsewhere) == user.pk


def test_four_failures_then_correct_password_logs_in(client: Client) -> None:
    user = UserFactory(username="jane")
    for _ in range(4):
        post_login(client, "jane", "wrong-password")

    response = post_login(client, "jane", PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == user.pk
    assert get_user_model().objects.get(pk=user.pk).last_login is not None
