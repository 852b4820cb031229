import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation
from accounts.selectors import invitations_pending, username_suggest
from assessments.enums import Role
from assessments.models import Membership, Organization
from tests.accounts.factories import InvitationFactory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-better-secret-42"
User = get_user_model()


@pytest.fixture
def organization() -> Organization:
    return OrganizationFactory(name="St. Example", slug="st-example")


@pytest.fixture
def lead(organization: Organization) -> object:
    return MembershipFactory(organization=organization, role=Role.LEAD).user


def create_url(organization: Organization) -> str:
    return reverse("invitation_create", args=[organization.slug])


def accept_url(invitation: Invitation) -> str:
    return reverse("invitation_accept", args=[invitation.token])


def invite(organization: Organization, email: str, **kwargs: object) -> Invitation:
    return services.invitation_create(
        organization=organization,
        email=email,
        role=kwargs.get("role", Role.CONTRIBUTOR),
        invited_by=kwargs.get("invited_by") or UserFactory(),
        now=kwargs.get("now", timezone.now()),
        accept_url=lambda token: f"http://testserver/accounts/invitations/{token}/",
    ).invitation


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "username": "newbie",
        "first_name": "Nina",
        "last_name": "Newbie",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


# --- Creating invitations ---------------------------------------------------------------


def test_invitation_create_as_lead_shows_form(
    client: Client, organization: Organization, lead: object
) -> None:
    client.force_login(lead)

    response = client.get(create_url(organization))

    assert response.status_code == 200
    assert "Invite a colleague to St. Example" in response.content.decode()


def test_invitation_create_as_lead_sends_email_with_link(
    client: Client, organization: Organization, lead: object, mailoutbox: list
) -> None:
    client.force_login(lead)

    response = client.post(
        create_url(organization), {"email": "Colleague@Example.ORG", "role": Role.LEAD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("organization_members", args=[organization.slug])
    invitation = Invitation.objects.get()
    assert invitation.email == "Colleague@example.org"
    assert invitation.role == Role.LEAD
    assert invitation.invited_by == lead
    assert invitation.organization == organization
    assert invitation.expires_at - invitation.created_at > timedelta(days=6, hours=23)
    assert invitation.expires_at - invitation.created_at < timedelta(days=7, minutes=1)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["Colleague@example.org"]
    assert message.from_email == "diam@localhost"
    assert message.subject == "Invitation to join St. Example on the DIAM self-assessment"
    links = re.findall(r"http://testserver/\S+", message.body)
    assert links == [f"http://testserver{accept_url(invitation)}"]


def test_invitation_create_as_staff_succeeds(
    client: Client, organization: Organization, mailoutbox: list
) -> None:
    client.force_login(UserFactory(is_staff=True))

    response = client.post(
        create_url(organization), {"email": "x@example.org", "role": Role.CONTRIBUTOR}
    )

    assert response.status_code == 302
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


def test_invitation_create_as_contributor_is_forbidden(
    client: Client, organization: Organization, mailoutbox: list
) -> None:
    contributor = MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user
    client.force_login(contributor)

    get = client.get(create_url(organization))
    post = client.post(create_url(organization), {"email": "x@example.org", "role": Role.LEAD})

    assert get.status_code == 403
    assert post.status_code == 403
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invitation_create_as_outsider_is_not_found(
    client: Client, organization: Organization, mailoutbox: list
) -> None:
    outsider = MembershipFactory(role=Role.LEAD).user
    client.force_login(outsider)

    get = client.get(create_url(organization))
    post = client.post(create_url(organization), {"email": "x@example.org", "role": Role.LEAD})

    assert get.status_code == 404
    assert post.status_code == 404
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invitation_create_anonymous_redirects_to_login(
    client: Client, organization: Organization
) -> None:
    url = create_url(organization)

    response = client.post(url, {"email": "x@example.org", "role": Role.LEAD})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert Invitation.objects.count() == 0


def test_invitation_create_with_bad_email_shows_message(
    client: Client, organization: Organization, lead: object, mailoutbox: list
) -> None:
    client.force_login(lead)

    response = client.post(
        create_url(organization), {"email": "not-an-address", "role": Role.CONTRIBUTOR}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invitation_create_with_unknown_role_shows_message(
    client: Client, organization: Organization, lead: object, mailoutbox: list
) -> None:
    client.force_login(lead)

    response = client.post(create_url(organization), {"email": "x@example.org", "role": "boss"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "role": ["Select a valid choice. boss is not one of the available choices."]
    }
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invitation_create_for_member_email_shows_message(
    client: Client, organization: Organization, lead: object, mailoutbox: list
) -> None:
    MembershipFactory(organization=organization, user=UserFactory(email="member@example.org"))
    client.force_login(lead)

    response = client.post(
        create_url(organization), {"email": "MEMBER@example.org", "role": Role.CONTRIBUTOR}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["MEMBER@example.org is already a member of St. Example."]
    }
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invitation_create_service_refuses_member_email(organization: Organization) -> None:
    MembershipFactory(organization=organization, user=UserFactory(email="member@example.org"))

    with pytest.raises(ValidationError) as error:
        invite(organization, "member@example.org")

    assert error.value.message_dict == {
        "email": ["member@example.org is already a member of St. Example."]
    }
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_invitation_create_when_mail_fails_saves_nothing(
    client: Client, organization: Organization, lead: object, settings: object
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens there: connection refused
    client.force_login(lead)

    response = client.post(
        create_url(organization), {"email": "x@example.org", "role": Role.CONTRIBUTOR}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The invitation e-mail could not be sent, so no invitation was saved. "
        "Please try again later."
    ]
    assert Invitation.objects.count() == 0


def links_in(message: mail.EmailMessage) -> list[str]:
    return re.findall(r"http://testserver/\S+", message.body)


def members_messages(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


def test_invitation_email_dates_the_link_in_the_locale_format(
    organization: Organization, settings: object
) -> None:
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]

    invite(organization, "x@example.org", now=datetime(2026, 3, 4, 15, 30, tzinfo=UTC))

    lines = mail.outbox[0].body.splitlines()
    assert (
        lines[lines.index("The link works once.") + 1] == "Valid until: March 11, 2026, 3:30 p.m."
    )


def test_invitation_create_again_resends_the_pending_one(
    client: Client, organization: Organization, lead: object, mailoutbox: list
) -> None:
    client.force_login(lead)
    client.post(
        create_url(organization), {"email": "x@example.org", "role": Role.CONTRIBUTOR}, follow=True
    )
    first = Invitation.objects.get()
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() + timedelta(days=1))

    response = client.post(
        create_url(organization), {"email": "X@example.org", "role": Role.LEAD}, follow=True
    )

    invitation = Invitation.objects.get()
    assert (invitation.pk, invitation.token, invitation.role) == (first.pk, first.token, Role.LEAD)
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert members_messages(response) == [
        "x@example.org already had a pending invitation: it was sent again and is valid from "
        "now on, with the role chosen now."
    ]
    assert [links_in(message) for message in mailoutbox] == [
        [f"http://testserver{accept_url(first)}"],
        [f"http://testserver{accept_url(first)}"],
    ]


def test_invitation_create_again_after_expiry_creates_a_new_one(
    organization: Organization,
) -> None:
    expired = invite(organization, "x@example.org", now=timezone.now() - timedelta(days=8))

    fresh = invite(organization, "x@example.org")

    assert fresh.pk != expired.pk
    assert list(invitations_pending(organization, timezone.now())) == [fresh]


# --- Resending and withdrawing from the members page ---------------------------------------


def resend_url(invitation: Invitation) -> str:
    return reverse("invitation_resend", args=[invitation.organization.slug, invitation.pk])


def revoke_url(invitation: Invitation) -> str:
    return reverse("invitation_revoke", args=[invitation.organization.slug, invitation.pk])


def members_url(organization: Organization) -> str:
    return reverse("organization_members", args=[organization.slug])


def test_invitation_resend_as_lead_sends_the_same_link_with_a_fresh_validity(
    client: Client, organization: Organization, lead: object, mailoutbox: list
) -> None:
    invitation = InvitationFactory(
        organization=organization,
        email="x@example.org",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(lead)

    response = client.post(resend_url(invitation), follow=True)

    invitation.refresh_from_db()
    assert response.redirect_chain == [(members_url(organization), 302)]
    assert members_messages(response) == ["The invitation was sent again to x@example.org."]
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert [message.to for message in mailoutbox] == [["x@example.org"]]
    assert links_in(mailoutbox[0]) == [f"http://testserver{accept_url(invitation)}"]


def test_invitation_resend_of_an_accepted_invitation_changes_nothing(
    client: Client, organization: Organization, lead: object, mailoutbox: list
) -> None:
    invitation = InvitationFactory(
        organization=organization, email="x@example.org", accepted_at=timezone.now()
    )
    client.force_login(lead)

    response = client.post(resend_url(invitation), follow=True)

    assert members_messages(response) == ["The invitation of x@example.org was already accepted."]
    assert Invitation.objects.get().expires_at == invitation.expires_at
    assert mailoutbox == []


def test_invitation_revoke_as_lead_withdraws_it_and_its_link(
    client: Client, organization: Organization, lead: object
) -> None:
    invitation = InvitationFactory(organization=organization, email="x@example.org")
    client.force_login(lead)

    response = client.post(revoke_url(invitation), follow=True)

    assert members_messages(response) == [
        "The invitation of x@example.org was withdrawn: its link no longer works."
    ]
    assert Invitation.objects.count() == 0
    assert client.get(accept_url(invitation)).status_code == 404


def test_invitation_revoke_of_an_accepted_invitation_changes_nothing(
    client: Client, organization: Organization, lead: object
) -> None:
    invitation = InvitationFactory(
        organization=organization, email="x@example.org", accepted_at=timezone.now()
    )
    client.force_login(lead)

    response = client.post(revoke_url(invitation), follow=True)

    assert members_messages(response) == ["The invitation of x@example.org was already accepted."]
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("url", [resend_url, revoke_url])
def test_invitation_manage_as_contributor_is_forbidden(
    client: Client, organization: Organization, url: object, mailoutbox: list
) -> None:
    invitation = InvitationFactory(organization=organization)
    client.force_login(MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user)

    response = client.post(url(invitation))  # type: ignore[operator]

    assert response.status_code == 403
    assert Invitation.objects.values_list("pk", "expires_at").get() == (
        invitation.pk,
        invitation.expires_at,
    )
    assert mailoutbox == []


@pytest.mark.parametrize("url", [resend_url, revoke_url])
def test_invitation_manage_as_lead_of_another_organization_is_404(
    client: Client, organization: Organization, url: object, mailoutbox: list
) -> None:
    invitation = InvitationFactory(organization=organization)
    other_lead = MembershipFactory(role=Role.LEAD)
    client.force_login(other_lead.user)

    own_slug = client.post(  # their own organization's slug with this invitation's id
        reverse(
            "invitation_revoke" if url is revoke_url else "invitation_resend",
            args=[other_lead.organization.slug, invitation.pk],
        )
    )
    response = client.post(url(invitation))  # type: ignore[operator]

    assert (own_slug.status_code, response.status_code) == (404, 404)
    assert Invitation.objects.count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("url", [resend_url, revoke_url])
def test_invitation_manage_anonymous_redirects_to_login(
    client: Client, organization: Organization, url: object
) -> None:
    invitation = InvitationFactory(organization=organization)

    response = client.post(url(invitation))  # type: ignore[operator]

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(invitation)}"  # type: ignore[operator]
    assert Invitation.objects.count() == 1


def test_invitation_resend_get_is_not_allowed(
    client: Client, organization: Organization, lead: object
) -> None:
    client.force_login(lead)

    response = client.get(resend_url(InvitationFactory(organization=organization)))

    assert response.status_code == 405


def test_invitation_accepted_leaves_the_pending_list(
    client: Client, organization: Organization, lead: object
) -> None:
    invitation = invite(organization, "nina@example.org")
    InvitationFactory(organization=organization, email="other@example.org")
    client.post(accept_url(invitation), signup_data())
    client.force_login(lead)

    response = client.get(members_url(organization))

    assert [i.email for i in response.context["invitations"]] == ["other@example.org"]


def test_invitations_pending_excludes_used_expired_and_other_organizations(
    organization: Organization,
) -> None:
    now = timezone.now()
    pending = InvitationFactory(organization=organization)
    InvitationFactory(organization=organization, accepted_at=now)
    InvitationFactory(organization=organization, expires_at=now - timedelta(seconds=1))
    InvitationFactory()

    assert list(invitations_pending(organization, now)) == [pending]


@pytest.mark.parametrize("count", [1, 3])
def test_invitation_create_page_query_count(
    client: Client,
    organization: Organization,
    lead: object,
    django_assert_num_queries: object,
    count: int,
) -> None:
    InvitationFactory.create_batch(count, organization=organization, invited_by=lead)
    client.force_login(lead)
    url = create_url(organization)

    # session, user, organization, membership role, pending invitations (with inviter)
    with django_assert_num_queries(5):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["pending"]) == count


# --- Accepting as a new user ------------------------------------------------------------


def test_invitation_accept_anonymous_shows_signup_form_with_username(
    client: Client, organization: Organization
) -> None:
    invitation = InvitationFactory(organization=organization, email="nina.newbie@example.org")

    response = client.get(accept_url(invitation))

    assert response.status_code == 200
    assert response.context["situation"] == "signup"
    assert response.context["form"]["username"].value() == "nina.newbie"
    assert "Join St. Example" in response.content.decode()


def test_invitation_accept_as_new_user_creates_member_and_logs_in(
    client: Client, organization: Organization
) -> None:
    invitation = InvitationFactory(
        organization=organization, email="nina@example.org", role=Role.LEAD
    )

    response = client.post(accept_url(invitation), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(username="newbie")
    assert (user.email, user.first_name, user.last_name) == ("nina@example.org", "Nina", "Newbie")
    assert user.check_password(NEW_PASSWORD) is True
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (organization, Role.LEAD)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get(reverse("home"))
    assert [str(m) for m in home.context["messages"]] == [
        "Welcome! You are now a member of St. Example."
    ]


def test_invitation_accept_works_once(client: Client, organization: Organization) -> None:
    invitation = InvitationFactory(organization=organization, email="nina@example.org")
    client.post(accept_url(invitation), signup_data())
    other = Client()

    response = other.post(accept_url(invitation), signup_data(username="intruder"))

    assert response.status_code == 410
    assert "This invitation was already used" in response.content.decode()
    assert User.objects.filter(username="intruder").exists() is False
    assert Membership.objects.filter(organization=organization).count() == 1


def test_invitation_accept_expired_is_gone(client: Client, organization: Organization) -> None:
    invitation = invite(organization, "nina@example.org", now=timezone.now() - timedelta(days=8))

    get = client.get(accept_url(invitation))
    post = client.post(accept_url(invitation), signup_data())

    assert get.status_code == 410
    assert post.status_code == 410
    assert "This invitation has expired" in post.content.decode()
    assert User.objects.filter(username="newbie").exists() is False
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_accept_just_before_expiry_works(
    client: Client, organization: Organization
) -> None:
    invitation = invite(
        organization, "nina@example.org", now=timezone.now() - timedelta(days=6, hours=23)
    )

    response = client.post(accept_url(invitation), signup_data())

    assert response.status_code == 302
    assert Membership.objects.filter(organization=organization).count() == 1


def test_invitation_accept_unknown_token_is_not_found(client: Client) -> None:
    response = client.get(reverse("invitation_accept", args=["no-such-token"]))

    assert response.status_code == 404
    assert "Invitation not found" in response.content.decode()


def test_invitation_accept_with_mismatched_passwords_changes_nothing(
    client: Client, organization: Organization
) -> None:
    invitation = InvitationFactory(organization=organization, email="nina@example.org")

    response = client.post(accept_url(invitation), signup_data(password2="something-else-42"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password2": ["The two password fields didn’t match."]
    }
    assert User.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_accept_with_weak_password_changes_nothing(
    client: Client, organization: Organization
) -> None:
    invitation = InvitationFactory(organization=organization, email="nina@example.org")

    response = client.post(
        accept_url(invitation), signup_data(password1="12345678", password2="12345678")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password2": ["This password is too common.", "This password is entirely numeric."]
    }
    assert User.objects.count() == 0


def test_invitation_accept_with_taken_username_changes_nothing(
    client: Client, organization: Organization
) -> None:
    UserFactory(username="newbie")
    invitation = InvitationFactory(organization=organization, email="nina@example.org")

    response = client.post(accept_url(invitation), signup_data(username="NEWBIE"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "username": ["A user with that username already exists."]
    }
    assert User.objects.count() == 1
    assert Membership.objects.count() == 0


def test_invitation_accept_concurrent_second_accept_fails(organization: Organization) -> None:
    invitation = InvitationFactory(organization=organization, email="nina@example.org")
    stale = Invitation.objects.get(pk=invitation.pk)  # loaded before the first accept
    now = timezone.now()
    services.invitation_accept_new_user(
        invitation=invitation, username="first", first_name="", last_name="", password="x", now=now
    )

    with pytest.raises(services.InvitationUnavailableError) as error:
        services.invitation_accept_new_user(
            invitation=stale, username="second", first_name="", last_name="", password="x", now=now
        )

    assert error.value.state == "used"
    assert list(User.objects.values_list("username", flat=True)) == ["first"]
    assert Membership.objects.count() == 1


def test_invitation_accept_logged_in_as_other_user_without_account_asks_to_log_out(
    client: Client, organization: Organization
) -> None:
    invitation = InvitationFactory(organization=organization, email="nina@example.org")
    client.force_login(UserFactory(username="someone"))

    response = client.post(accept_url(invitation), signup_data())

    assert response.status_code == 200
    assert response.context["situation"] == "wrong_user"
    assert User.objects.count() == 1
    assert Membership.objects.count() == 0


def test_invitation_accept_log_out_returns_to_invitation(
    client: Client, organization: Organization
) -> None:
    invitation = InvitationFactory(organization=organization, email="nina@example.org")
    client.force_login(UserFactory(username="someone"))

    response = client.post(reverse("logout"), {"next": accept_url(invitation)})

    assert response.status_code == 302
    assert response["Location"] == accept_url(invitation)
    assert client.get(accept_url(invitation)).context["situation"] == "signup"


# --- Accepting as an existing user ------------------------------------------------------


def test_invitation_accept_existing_user_anonymous_links_to_login(
    client: Client, organization: Organization
) -> None:
    UserFactory(email="nina@example.org")
    invitation = InvitationFactory(organization=organization, email="nina@example.org")
    url = accept_url(invitation)

    response = client.post(url)

    assert response.status_code == 200
    assert response.context["situation"] == "login"
    assert f'href="{reverse("login")}?next={url}"' in response.content.decode()
    assert Membership.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_accept_existing_user_logged_in_as_other_is_refused(
    client: Client, organization: Organization
) -> None:
    UserFactory(email="nina@example.org")
    invitation = InvitationFactory(organization=organization, email="nina@example.org")
    client.force_login(UserFactory(email="other@example.org"))

    response = client.post(accept_url(invitation))

    assert response.status_code == 200
    assert response.context["situation"] == "wrong_user"
    assert Membership.objects.count() == 0


def test_invitation_accept_existing_user_logged_in_joins(
    client: Client, organization: Organization
) -> None:
    user = UserFactory(email="Nina@Example.org")
    invitation = InvitationFactory(
        organization=organization, email="nina@example.org", role=Role.LEAD
    )
    client.force_login(user)

    page = client.get(accept_url(invitation))
    response = client.post(accept_url(invitation))

    assert page.status_code == 200
    assert page.context["situation"] == "join"
    assert "Join St. Example</button>" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (organization, Role.LEAD)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert client.post(accept_url(invitation)).status_code == 410


def test_invitation_accept_existing_member_shows_message(
    client: Client, organization: Organization
) -> None:
    user = MembershipFactory(
        organization=organization, user=UserFactory(email="nina@example.org")
    ).user
    invitation = InvitationFactory(organization=organization, email="nina@example.org")
    client.force_login(user)

    response = client.post(accept_url(invitation))

    assert response.status_code == 200
    assert response.context["errors"] == ["You are already a member of St. Example."]
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_username_suggest_skips_taken_names() -> None:
    UserFactory(username="nina")
    UserFactory(username="Nina2")

    assert username_suggest("nina@example.org") == "nina3"
    assert username_suggest("jo+work@example.org") == "jo+work"
