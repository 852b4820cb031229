"""Two-factor log-in: setting it up, the code step after the password, recovery codes, turning
it off, and the requirement for assessors and admins. Codes are computed from the device's key,
as the phone would."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from pytest_django.fixtures import Settings

from accounts.twofactor.services import totp_device_pending
from assessments.access import ASSESSORS_GROUP
from sso.config import SESSION_FLAG as SSO_SESSION_FLAG
from tests.accounts.otp import totp_code, twofactor_enable
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def password_step(client: Client, username: str, next_url: str = "") -> object:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def code_step(client: Client, code: str) -> object:
    return client.post(reverse("login_code"), {"code": code})


def verified(client: Client) -> bool:
    return "otp_device_id" in client.session


# --- log-in with a second factor ------------------------------------------------------------


def test_login_without_device_needs_only_password(client: Client) -> None:
    user = UserFactory(username="jane")

    response = password_step(client, "jane")

    assert response["Location"] == reverse("home")
    assert logged_in_user_id(client) == user.pk


def test_login_with_device_asks_code_before_logging_in(client: Client) -> None:
    user = UserFactory(username="jane")
    twofactor_enable(user)

    response = password_step(client, "jane")

    assert response.status_code == 302
    assert response["Location"] == reverse("login_code")
    assert logged_in_user_id(client) is None
    assert client.get(reverse("login_code")).status_code == 200


def test_login_with_totp_code_logs_in_verified_and_goes_to_next(client: Client) -> None:
    user = UserFactory(username="jane")
    device, _codes = twofactor_enable(user)
    password_step(client, "jane", next_url="/accounts/security/")

    response = code_step(client, totp_code(device))

    assert response["Location"] == "/accounts/security/"
    assert logged_in_user_id(client) == user.pk
    assert verified(client)


def test_login_with_wrong_code_stays_logged_out(client: Client) -> None:
    user = UserFactory(username="jane")
    device, _codes = twofactor_enable(user)
    password_step(client, "jane")
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = code_step(client, wrong)

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["That code is not right. Please try again."]
    assert logged_in_user_id(client) is None


def test_login_code_step_without_password_step_goes_to_login(client: Client) -> None:
    response = client.get(reverse("login_code"))

    assert response["Location"] == reverse("login")


def test_login_code_step_expires_after_ten_minutes(client: Client) -> None:
    user = UserFactory(username="jane")
    device, _codes = twofactor_enable(user)
    with freeze_time(START):
        password_step(client, "jane")
    with freeze_time(START + timedelta(minutes=11)):
        response = code_step(client, totp_code(device))

    assert response["Location"] == reverse("login")
    assert logged_in_user_id(client) is None


def test_login_with_recovery_code_works_once(client: Client) -> None:
    user = UserFactory(username="jane")
    _device, codes = twofactor_enable(user)
    password_step(client, "jane")

    response = code_step(client, codes[0].upper())  # any case, with its hyphen

    assert response["Location"] == reverse("home")
    assert logged_in_user_id(client) == user.pk
    assert StaticToken.objects.filter(device__user=user).count() == 9

    other = Client()
    password_step(other, "jane")
    again = code_step(other, codes[0])

    assert again.status_code == 200
    assert logged_in_user_id(other) is None


def test_login_same_totp_code_cannot_be_replayed(client: Client) -> None:
    user = UserFactory(username="jane")
    device, _codes = twofactor_enable(user)
    with freeze_time(START):
        password_step(client, "jane")
        code = totp_code(device)
        code_step(client, code)
        other = Client()
        password_step(other, "jane")
        response = code_step(other, code)

    assert response.status_code == 200
    assert logged_in_user_id(other) is None


def test_login_wrong_codes_lock_out_like_wrong_passwords(
    client: Client, settings: Settings
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(username="jane")
    device, _codes = twofactor_enable(user)
    with freeze_time(START) as frozen:
        password_step(client, "jane")
        responses = []
        for _ in range(3):
            frozen.tick(timedelta(seconds=20))  # past django-otp's throttle after a failure
            responses.append(code_step(client, "000000" if totp_code(device) != "000000" else "1"))
        frozen.tick(timedelta(seconds=60))
        after = password_step(client, "jane")

    assert [r.status_code for r in responses] == [200, 200, 429]
    assert "Too many failed log-in attempts" in responses[2].content.decode()
    assert after.status_code == 429
    assert logged_in_user_id(client) is None


def test_login_code_step_throttled_right_after_a_wrong_code(client: Client) -> None:
    user = UserFactory(username="jane")
    device, _codes = twofactor_enable(user)
    with freeze_time(START):
        password_step(client, "jane")
        code = totp_code(device)
        code_step(client, f"{(int(code) + 1) % 1_000_000:06d}")
        response = code_step(client, code)

    assert response.context["form"].errors["code"] == [
        "Too many wrong codes in a row: please wait a few seconds, then try again."
    ]
    assert logged_in_user_id(client) is None


# --- setting it up ----------------------------------------------------------------------------


def test_setup_anonymous_redirects_to_login(client: Client) -> None:
    url = reverse("twofactor_setup")

    response = client.get(url)

    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_setup_shows_qr_code_and_same_secret_on_reload(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    first = client.get(reverse("twofactor_setup"))
    second = client.get(reverse("twofactor_setup"))

    html = first.content.decode()
    assert first.status_code == 200
    assert '<svg width="' in html and "<path" in html
    assert " style=" not in html.split('data-testid="qr-code"')[1].split("</div>")[0]
    assert first.context["secret"] == second.context["secret"]
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1


def test_setup_with_right_code_turns_on_and_shows_ten_recovery_codes_once(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("twofactor_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(reverse("twofactor_setup"), {"code": totp_code(device)})

    codes = response.context["codes"]
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(code) == 11 and code[5] == "-" for code in codes)
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert verified(client)
    assert not any(code in client.get(reverse("twofactor")).content.decode() for code in codes)


def test_setup_with_wrong_code_stays_off(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    device = totp_device_pending(user=user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("twofactor_setup"), {"code": wrong})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert TOTPDevice.objects.get(user=user).confirmed is False


def test_setup_when_already_on_goes_to_overview(client: Client) -> None:
    user = UserFactory()
    twofactor_enable(user)
    client.force_login(user)

    response = client.get(reverse("twofactor_setup"))

    assert response["Location"] == reverse("twofactor")


def test_setup_of_one_user_leaves_another_user_alone(client: Client) -> None:
    user, other = UserFactory(), UserFactory()
    other_device, _codes = twofactor_enable(other)
    client.force_login(user)
    client.get(reverse("twofactor_setup"))
    device = TOTPDevice.objects.get(user=user)

    client.post(reverse("twofactor_setup"), {"code": totp_code(device)})

    assert TOTPDevice.objects.get(user=other) == other_device
    assert StaticToken.objects.filter(device__user=other).count() == 10


# --- overview, turning off, new recovery codes -------------------------------------------------


@pytest.mark.parametrize(
    "name", ["security", "twofactor", "security_sessions", "security_data", "twofactor_setup"]
)
def test_security_pages_anonymous_redirect_to_login(client: Client, name: str) -> None:
    url = reverse(name)

    response = client.get(url)

    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    "name", ["twofactor_disable", "twofactor_recovery_codes", "security_sessions_end"]
)
def test_security_actions_anonymous_redirect_to_login(client: Client, name: str) -> None:
    url = reverse(name)

    response = client.post(url, {"code": "123456"})

    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_overview_shows_state_and_codes_left(client: Client) -> None:
    user = UserFactory()
    twofactor_enable(user)
    client.force_login(user)

    response = client.get(reverse("twofactor"))

    assert response.context["enabled"] is True
    assert response.context["codes_left"] == 10
    assert "You have 10 unused recovery codes." in response.content.decode()


def test_disable_with_current_code_turns_off(client: Client) -> None:
    user = UserFactory()
    device, _codes = twofactor_enable(user)
    client.force_login(user)

    response = client.post(reverse("twofactor_disable"), {"code": totp_code(device)})

    assert response["Location"] == reverse("twofactor")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_disable_with_wrong_code_changes_nothing(client: Client) -> None:
    user = UserFactory()
    device, _codes = twofactor_enable(user)
    client.force_login(user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    client.post(reverse("twofactor_disable"), {"code": wrong})

    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_disable_by_another_user_leaves_first_user_on(client: Client) -> None:
    user, other = UserFactory(), UserFactory()
    device, _codes = twofactor_enable(user)
    client.force_login(other)

    client.post(reverse("twofactor_disable"), {"code": totp_code(device)})

    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_recovery_codes_regenerate_replaces_old_codes(client: Client) -> None:
    user = UserFactory()
    device, old_codes = twofactor_enable(user)
    client.force_login(user)

    response = client.post(reverse("twofactor_recovery_codes"), {"code": totp_code(device)})

    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == {code.replace("-", "") for code in new_codes}


def test_recovery_codes_regenerate_needs_a_current_code(client: Client) -> None:
    user = UserFactory()
    _device, old_codes = twofactor_enable(user)
    client.force_login(user)

    response = client.post(reverse("twofactor_recovery_codes"), {"code": "999999"})

    assert response["Location"] == reverse("twofactor")
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == {code.replace("-", "") for code in old_codes}


# --- required for assessors and admins -----------------------------------------------------------


@pytest.fixture
def required(settings: Settings) -> None:
    settings.DIAM_2FA_REQUIRED_FOR_PRIVILEGED = True


def assessor() -> object:
    user = UserFactory(username="anna")
    user.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    return user


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("make", [assessor, lambda: UserFactory(username="anna", is_staff=True)])
def test_required_privileged_user_without_device_is_sent_to_setup(client: Client, make) -> None:  # type: ignore[no-untyped-def]
    make()
    password_step(client, "anna")

    home = client.get(reverse("home"))
    admin = client.get("/admin/")
    review = client.get(reverse("review_queue"))
    setup = client.get(reverse("twofactor_setup"))

    assert home["Location"] == reverse("twofactor_setup")
    assert admin["Location"] == reverse("twofactor_setup")
    assert review["Location"] == reverse("twofactor_setup")
    assert setup.status_code == 200


@pytest.mark.usefixtures("required")
def test_required_user_reaches_pages_after_setup(client: Client) -> None:
    user = assessor()
    password_step(client, "anna")
    client.get(reverse("twofactor_setup"))
    device = TOTPDevice.objects.get(user=user)

    client.post(reverse("twofactor_setup"), {"code": totp_code(device)})

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("review_queue")).status_code == 200


@pytest.mark.usefixtures("required")
def test_required_user_post_without_second_factor_is_refused(client: Client) -> None:
    assessor()
    password_step(client, "anna")

    response = client.post(reverse("security_sessions_end"))

    assert response.status_code == 403


@pytest.mark.usefixtures("required")
def test_required_user_logged_in_without_code_is_asked_for_one(client: Client) -> None:
    user = assessor()
    device, _codes = twofactor_enable(user)
    client.force_login(user)  # as an invitation or single sign-on would

    response = client.get(reverse("review_queue"))
    code = client.post(
        f"{reverse('login_code')}?next={reverse('review_queue')}", {"code": totp_code(device)}
    )

    assert response["Location"] == f"{reverse('login_code')}?next={reverse('review_queue')}"
    assert code["Location"] == reverse("review_queue")
    assert client.get(reverse("review_queue")).status_code == 200


@pytest.mark.usefixtures("required")
def test_required_does_not_apply_to_contributors(client: Client) -> None:
    UserFactory(username="carl")
    password_step(client, "carl")

    assert client.get(reverse("home")).status_code == 200


def test_not_required_when_setting_is_off(client: Client, settings: Settings) -> None:
    settings.DIAM_2FA_REQUIRED_FOR_PRIVILEGED = False
    assessor()
    password_step(client, "anna")

    assert client.get(reverse("home")).status_code == 200


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("trust", [True, False])
def test_required_user_signed_in_through_the_identity_provider(
    client: Client, settings: Settings, trust: bool
) -> None:
    settings.DIAM_2FA_TRUST_SSO = trust
    user = assessor()
    twofactor_enable(user)
    client.force_login(user)
    session = client.session
    session[SSO_SESSION_FLAG] = True  # as sso.views sets after a sign-in through the provider
    session.save()

    response = client.get(reverse("review_queue"))

    if trust:
        assert response.status_code == 200
    else:
        assert response["Location"] == f"{reverse('login_code')}?next={reverse('review_queue')}"
