"""Organization profile, members, new assessment and the active areas of an assessment."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Invitation
from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from criteria.models import CatalogVersion, Criterion, ServiceArea
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture(autouse=True)
def utc(settings: object) -> None:
    """Dates below are checked as rendered in UTC, whatever TIME_ZONE the environment sets."""
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]


def client_for(user: AbstractBaseUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


@pytest.fixture
def organization() -> Organization:
    return OrganizationFactory(name="St. Example", slug="st-example", country="DE")


@pytest.fixture
def lead(organization: Organization) -> Membership:
    return MembershipFactory(
        organization=organization,
        role=Role.LEAD,
        user=UserFactory(username="lead", first_name="Lea", last_name="Lead"),
    )


@pytest.fixture
def contributor(organization: Organization) -> Membership:
    return MembershipFactory(
        organization=organization,
        role=Role.CONTRIBUTOR,
        user=UserFactory(username="contrib", first_name="Carl", last_name="Contributor"),
    )


@pytest.fixture
def outsider() -> AbstractBaseUser:
    return MembershipFactory(role=Role.LEAD).user


def organization_row(slug: str) -> tuple[str, str, str]:
    return Organization.objects.filter(slug=slug).values_list("name", "country", "kind").get()


def post_data(areas: dict[str, object], **extra: object) -> dict[str, object]:
    """A valid area form submission: `areas` maps the active codes to their volume ("" for none)."""
    data: dict[str, object] = {}
    for code, volume in areas.items():
        data[f"area_{code}_active"] = "on"
        data[f"area_{code}_volume"] = volume
    data.update(extra)
    return data


def areas_of(assessment: Assessment) -> dict[str, int | None]:
    return dict(
        AssessmentArea.objects.filter(assessment=assessment).values_list(
            "service_area__code", "annual_volume"
        )
    )


# Organization profile


@pytest.mark.parametrize("method", ["get", "post"])
def test_organization_edit_anonymous_redirects_to_login(
    client: Client, organization: Organization, method: str
) -> None:
    response = getattr(client, method)(reverse("organization_edit", args=["st-example"]))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/organizations/st-example/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_organization_edit_outsider_gets_404(
    organization: Organization, outsider: AbstractBaseUser, method: str
) -> None:
    response = getattr(client_for(outsider), method)(
        reverse("organization_edit", args=["st-example"]), {"name": "Hacked"}
    )

    assert response.status_code == 404
    assert organization_row("st-example") == ("St. Example", "DE", "hospital")


def test_organization_edit_contributor_gets_403(contributor: Membership) -> None:
    client = client_for(contributor.user)

    get = client.get(reverse("organization_edit", args=["st-example"]))
    post = client.post(
        reverse("organization_edit", args=["st-example"]),
        {"name": "Renamed", "country": "FR", "kind": "hospital"},
    )

    assert (get.status_code, post.status_code) == (403, 403)
    assert organization_row("st-example") == ("St. Example", "DE", "hospital")


def test_organization_edit_lead_sees_current_profile(lead: Membership) -> None:
    response = client_for(lead.user).get(reverse("organization_edit", args=["st-example"]))

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "name": "St. Example",
        "country": "DE",
        "kind": "hospital",
        "language": "",
    }
    assertContains(response, 'value="St. Example"')


def test_organization_edit_lead_saves_profile(lead: Membership) -> None:
    response = client_for(lead.user).post(
        reverse("organization_edit", args=["st-example"]),
        {"name": "St. Renamed", "country": "FR", "kind": "health-system"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/organizations/st-example/"
    assert organization_row("st-example") == ("St. Renamed", "FR", "health-system")
    assert messages_of(response) == ["The organization profile was saved."]


def test_organization_edit_staff_saves_profile(organization: Organization) -> None:
    response = client_for(UserFactory(is_staff=True)).post(
        reverse("organization_edit", args=["st-example"]),
        {"name": "St. Staff", "country": "AT", "kind": "hospital"},
    )

    assert response.status_code == 302
    assert organization_row("st-example") == ("St. Staff", "AT", "hospital")


def test_organization_edit_duplicate_name_shows_error_and_changes_nothing(
    lead: Membership,
) -> None:
    OrganizationFactory(name="Other Hospital")

    response = client_for(lead.user).post(
        reverse("organization_edit", args=["st-example"]),
        {"name": "Other Hospital", "country": "FR", "kind": "hospital"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Organization with this Name already exists."]
    }
    assert organization_row("st-example") == ("St. Example", "DE", "hospital")


def test_organization_edit_unknown_country_shows_error_and_changes_nothing(
    lead: Membership,
) -> None:
    response = client_for(lead.user).post(
        reverse("organization_edit", args=["st-example"]),
        {"name": "St. Example", "country": "XX", "kind": "hospital"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "country": ["Select a valid choice. XX is not one of the available choices."]
    }
    assert organization_row("st-example") == ("St. Example", "DE", "hospital")


# Members


def roles_of(organization: Organization) -> dict[str, str]:
    return dict(
        Membership.objects.filter(organization=organization).values_list("user__username", "role")
    )


def test_organization_members_anonymous_redirects_to_login(
    client: Client, organization: Organization
) -> None:
    response = client.get(reverse("organization_members", args=["st-example"]))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/organizations/st-example/members/"


def test_organization_members_outsider_gets_404(
    lead: Membership, contributor: Membership, outsider: AbstractBaseUser
) -> None:
    client = client_for(outsider)
    url = reverse("organization_members", args=["st-example"])

    get = client.get(url)
    post = client.post(url, {"action": "remove", "membership": contributor.pk})

    assert (get.status_code, post.status_code) == (404, 404)
    assert roles_of(lead.organization) == {"lead": "lead", "contrib": "contributor"}


def test_organization_members_lead_sees_members_and_actions(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(lead.user).get(reverse("organization_members", args=["st-example"]))

    assert response.status_code == 200
    assert [m.user.username for m in response.context["memberships"]] == ["lead", "contrib"]
    assertContains(
        response, '<td><a href="mailto:contrib@example.org">contrib@example.org</a></td>', html=True
    )
    assertContains(response, 'href="/accounts/invitations/new/st-example/"', count=1)
    assertContains(
        response,
        f'<label class="visually-hidden" for="role-{contributor.pk}">'
        "Role of Carl Contributor</label>",
        html=True,
    )


def test_organization_members_contributor_reads_without_actions(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(contributor.user).get(
        reverse("organization_members", args=["st-example"])
    )

    assert response.status_code == 200
    assertContains(
        response,
        '<tr><td>Lea Lead</td><td>lead</td><td><a href="mailto:lead@example.org">lead@example.org'
        "</a></td><td>Lead</td></tr>",
        html=True,
    )
    assertNotContains(response, 'name="action"')
    assertNotContains(response, "/accounts/invitations/new/")


def test_organization_members_contributor_post_is_forbidden(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(contributor.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "role", "membership": contributor.pk, "role": "lead"},
    )

    assert response.status_code == 403
    assert roles_of(lead.organization) == {"lead": "lead", "contrib": "contributor"}


def test_organization_members_lead_promotes_contributor(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "role", "membership": contributor.pk, "role": "lead"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/organizations/st-example/members/"
    assert roles_of(lead.organization) == {"lead": "lead", "contrib": "lead"}
    assert messages_of(response) == ["The role of Carl Contributor is now: Lead."]


def test_organization_members_lead_demotes_another_lead(lead: Membership) -> None:
    other = MembershipFactory(
        organization=lead.organization, role=Role.LEAD, user=UserFactory(username="second")
    )

    client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "role", "membership": other.pk, "role": "contributor"},
    )

    assert roles_of(lead.organization) == {"lead": "lead", "second": "contributor"}


def test_organization_members_last_lead_demotion_is_refused(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "role", "membership": lead.pk, "role": "contributor"},
        follow=True,
    )

    assert response.status_code == 200
    assert roles_of(lead.organization) == {"lead": "lead", "contrib": "contributor"}
    assertContains(
        response, "An organization needs at least one lead: make another member lead first."
    )


def test_organization_members_last_lead_removal_is_refused(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "remove", "membership": lead.pk},
    )

    assert roles_of(lead.organization) == {"lead": "lead", "contrib": "contributor"}
    assert messages_of(response) == [
        "An organization needs at least one lead: make another member lead first."
    ]


def test_organization_members_lead_removes_contributor(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "remove", "membership": contributor.pk},
    )

    assert response["Location"] == "/organizations/st-example/members/"
    assert roles_of(lead.organization) == {"lead": "lead"}
    assert messages_of(response) == ["Carl Contributor was removed from the organization."]


def test_organization_members_lead_removing_self_goes_home(lead: Membership) -> None:
    MembershipFactory(
        organization=lead.organization, role=Role.LEAD, user=UserFactory(username="b")
    )

    response = client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "remove", "membership": lead.pk},
    )

    assert response["Location"] == "/"
    assert roles_of(lead.organization) == {"b": "lead"}


def test_organization_members_membership_of_other_organization_is_refused(
    lead: Membership, contributor: Membership
) -> None:
    foreign = MembershipFactory(role=Role.CONTRIBUTOR)

    response = client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "remove", "membership": foreign.pk},
    )

    assert Membership.objects.filter(pk=foreign.pk).exists()
    assert messages_of(response) == ["This person is not a member any more."]


def test_organization_members_unknown_role_is_refused(
    lead: Membership, contributor: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("organization_members", args=["st-example"]),
        {"action": "role", "membership": contributor.pk, "role": "owner"},
    )

    assert roles_of(lead.organization) == {"lead": "lead", "contrib": "contributor"}
    assert messages_of(response) == [
        "Select a valid choice. owner is not one of the available choices."
    ]


def test_organization_members_lead_sees_pending_invitations(lead: Membership) -> None:
    now = timezone.now()
    Invitation.objects.create(
        organization=lead.organization,
        email="new@example.org",
        invited_by=lead.user,
        expires_at=datetime(2099, 1, 1, 12, 0, tzinfo=UTC),
    )
    Invitation.objects.create(
        organization=lead.organization, email="old@example.org", expires_at=now - timedelta(days=1)
    )

    response = client_for(lead.user).get(reverse("organization_members", args=["st-example"]))

    assert [i.email for i in response.context["invitations"]] == ["new@example.org"]
    invitation = response.context["invitations"][0]
    assertContains(
        response,
        "<td>new@example.org</td><td>Contributor</td><td>Lea Lead</td>"
        '<td><time datetime="2099-01-01T12:00:00+00:00">Jan. 1, 2099, noon</time></td>',
        html=True,
    )
    assertContains(
        response,
        f'<form method="post" action="/accounts/invitations/st-example/{invitation.pk}/resend/">',
    )
    assertContains(
        response,
        f'<form method="post" action="/accounts/invitations/st-example/{invitation.pk}/revoke/"'
        ' data-confirm="Withdraw the invitation of new@example.org?'
        ' Its link will no longer work.">',
    )


# New assessment


def test_assessment_create_anonymous_redirects_to_login(
    client: Client, organization: Organization
) -> None:
    response = client.get(reverse("assessment_create", args=["st-example"]))

    assert response.status_code == 302
    assert response["Location"] == (
        "/accounts/login/?next=/organizations/st-example/assessments/new/"
    )


def test_assessment_create_outsider_gets_404(
    organization: Organization, outsider: AbstractBaseUser
) -> None:
    client = client_for(outsider)
    url = reverse("assessment_create", args=["st-example"])

    get = client.get(url)
    post = client.post(url, post_data({"radiology": 100}, title="X", catalog="1"))

    assert (get.status_code, post.status_code) == (404, 404)
    assert Assessment.objects.count() == 0


def test_assessment_create_contributor_gets_403(contributor: Membership) -> None:
    response = client_for(contributor.user).get(reverse("assessment_create", args=["st-example"]))

    assert response.status_code == 403


def test_assessment_create_defaults_title_and_catalog(lead: Membership) -> None:
    response = client_for(lead.user).get(reverse("assessment_create", args=["st-example"]))

    form = response.context["form"]
    assert response.status_code == 200
    assert form["title"].value() == f"DIAM self-assessment {timezone.localdate().year}"
    assert form["catalog"].value() == CatalogVersion.objects.get(slug="diam").pk
    assert [row.area.code for row in form.area_rows()][:3] == [
        "radiology",
        "nuclear-medicine",
        "cardiology",
    ]
    assert len(list(form.area_rows())) == 15
    assertContains(
        response,
        '<label class="visually-hidden" for="id_area_radiology_volume">'
        "Annual image volume of Radiology</label>",
    )


def test_assessment_create_prefills_from_previous_assessment(lead: Membership) -> None:
    older = assessment_with_areas(
        ["pathology"], {"pathology": 5}, organization=lead.organization, title="Older"
    )
    Assessment.objects.filter(pk=older.pk).update(created_at=datetime(2024, 1, 1, tzinfo=UTC))
    latest = assessment_with_areas(
        ["radiology", "cardiology"],
        {"radiology": 120000},
        organization=lead.organization,
        title="Latest",
    )
    AssessmentArea.objects.filter(assessment=latest, service_area__code="cardiology").update(
        annual_volume=None
    )

    response = client_for(lead.user).get(reverse("assessment_create", args=["st-example"]))

    rows = {row.area.code: row for row in response.context["form"].area_rows()}
    active = {code: (row.volume.value()) for code, row in rows.items() if row.active.value()}
    assert active == {"radiology": 120000, "cardiology": None}
    assertContains(
        response,
        '<input type="checkbox" name="area_radiology_active" class="form-check-input"'
        ' id="id_area_radiology_active" checked>',
        html=True,
    )
    assertContains(response, "The areas and volumes of your previous assessment are filled in.")


def test_assessment_create_defaults_to_the_next_free_title(lead: Membership) -> None:
    year = timezone.localdate().year
    AssessmentFactory(organization=lead.organization, title=f"DIAM self-assessment {year}")
    AssessmentFactory(organization=lead.organization, title=f"diam self-assessment {year} (2)")
    AssessmentFactory(title=f"DIAM self-assessment {year} (3)")  # another organization's

    response = client_for(lead.user).get(reverse("assessment_create", args=["st-example"]))

    assert response.context["form"]["title"].value() == f"DIAM self-assessment {year} (3)"


def test_assessment_create_taken_title_shows_error_and_creates_nothing(lead: Membership) -> None:
    AssessmentFactory(organization=lead.organization, title="DIAM 2026")
    catalog_pk = CatalogVersion.objects.get(slug="diam").pk

    response = client_for(lead.user).post(
        reverse("assessment_create", args=["st-example"]),
        post_data({"radiology": 100}, title=" diam 2026 ", catalog=catalog_pk),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": ["St. Example already has an assessment titled “DIAM 2026”. Choose another title."]
    }
    assert Assessment.objects.count() == 1


def test_assessment_create_same_title_in_another_organization_succeeds(
    lead: Membership,
) -> None:
    AssessmentFactory(title="DIAM 2026")
    catalog_pk = CatalogVersion.objects.get(slug="diam").pk

    response = client_for(lead.user).post(
        reverse("assessment_create", args=["st-example"]),
        post_data({"radiology": 100}, title="DIAM 2026", catalog=catalog_pk),
    )

    assert response.status_code == 302
    assert list(lead.organization.assessments.values_list("title", flat=True)) == ["DIAM 2026"]


def test_assessment_create_prefills_from_latest_validated_assessment(lead: Membership) -> None:
    assessment_with_areas(
        ["pathology"],
        {"pathology": 5},
        organization=lead.organization,
        status=AssessmentStatus.VALIDATED,
        validated_at=datetime(2024, 6, 1, tzinfo=UTC),
    )
    assessment_with_areas(
        ["cardiology"],
        {"cardiology": 70},
        organization=lead.organization,
        status=AssessmentStatus.VALIDATED,
        validated_at=datetime(2025, 6, 1, tzinfo=UTC),
    )
    assessment_with_areas(["radiology"], {"radiology": 9}, organization=lead.organization)

    response = client_for(lead.user).get(reverse("assessment_create", args=["st-example"]))

    rows = response.context["form"].area_rows()
    assert {row.area.code: row.volume.value() for row in rows if row.active.value()} == {
        "cardiology": 70
    }


def test_assessment_create_lead_creates_draft_with_areas(lead: Membership) -> None:
    catalog_pk = CatalogVersion.objects.get(slug="diam").pk

    response = client_for(lead.user).post(
        reverse("assessment_create", args=["st-example"]),
        post_data(
            {"radiology": "120000", "cardiology": ""},
            title="Survey 2026",
            catalog=catalog_pk,
            # A volume on an inactive area is ignored.
            **{"area_pathology_volume": "50"},
        ),
    )

    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert (assessment.title, assessment.status, assessment.created_by_id) == (
        "Survey 2026",
        AssessmentStatus.DRAFT,
        lead.user.pk,
    )
    assert areas_of(assessment) == {"radiology": 120000, "cardiology": None}
    assert messages_of(response) == ["The assessment “Survey 2026” was created."]


def test_assessment_create_staff_creates(organization: Organization) -> None:
    catalog_pk = CatalogVersion.objects.get(slug="diam").pk

    response = client_for(UserFactory(is_staff=True)).post(
        reverse("assessment_create", args=["st-example"]),
        post_data({"radiology": "1"}, title="By staff", catalog=catalog_pk),
    )

    assert response.status_code == 302
    assert Assessment.objects.get().organization == organization


def test_assessment_create_without_area_shows_error_and_creates_nothing(lead: Membership) -> None:
    catalog_pk = CatalogVersion.objects.get(slug="diam").pk

    response = client_for(lead.user).post(
        reverse("assessment_create", args=["st-example"]),
        post_data({}, title="Empty", catalog=catalog_pk),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Choose at least one active service area."
    ]
    assertContains(response, "Choose at least one active service area.")
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(
    ("volume", "message"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("1.5", "Enter a whole number."),
        ("many", "Enter a whole number."),
    ],
)
def test_assessment_create_bad_volume_shows_error_and_creates_nothing(
    lead: Membership, volume: str, message: str
) -> None:
    catalog_pk = CatalogVersion.objects.get(slug="diam").pk

    response = client_for(lead.user).post(
        reverse("assessment_create", args=["st-example"]),
        post_data({"radiology": volume}, title="Bad", catalog=catalog_pk),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"area_radiology_volume": [message]}
    assertContains(
        response,
        f'<div class="invalid-feedback" id="id_area_radiology_volume_error">{message}</div>',
        html=True,
    )
    assertContains(response, 'aria-describedby="id_area_radiology_volume_error"')
    assert Assessment.objects.count() == 0


def test_assessment_create_unknown_catalog_shows_error(lead: Membership) -> None:
    response = client_for(lead.user).post(
        reverse("assessment_create", args=["st-example"]),
        post_data({"radiology": "1"}, title="Bad", catalog="999999"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["catalog"]
    assert Assessment.objects.count() == 0


# Active areas of an assessment


@pytest.fixture
def draft(lead: Membership) -> Assessment:
    assessment = assessment_with_areas(
        ["radiology", "cardiology"],
        {"radiology": 1000, "cardiology": 500},
        organization=lead.organization,
    )
    criterion = Criterion.objects.get(code="1.1")
    for code in ("radiology", "cardiology"):
        AnswerFactory(
            assessment=assessment,
            criterion=criterion,
            service_area=ServiceArea.objects.get(code=code),
        )
    AnswerFactory(
        assessment=assessment,
        criterion=Criterion.objects.get(code="2.1"),
        service_area=ServiceArea.objects.get(code="cardiology"),
    )
    AnswerFactory(assessment=assessment, criterion=Criterion.objects.get(code="2.2"))
    return assessment


def test_assessment_areas_anonymous_redirects_to_login(client: Client, draft: Assessment) -> None:
    response = client.get(reverse("assessment_areas", args=[draft.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/assessments/{draft.pk}/areas/"


def test_assessment_areas_outsider_gets_404(draft: Assessment, outsider: AbstractBaseUser) -> None:
    client = client_for(outsider)
    url = reverse("assessment_areas", args=[draft.pk])

    get = client.get(url)
    post = client.post(url, post_data({"radiology": "1"}))

    assert (get.status_code, post.status_code) == (404, 404)
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 500}


def test_assessment_areas_contributor_gets_403(draft: Assessment, contributor: Membership) -> None:
    response = client_for(contributor.user).post(
        reverse("assessment_areas", args=[draft.pk]), post_data({"radiology": "1"})
    )

    assert response.status_code == 403
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 500}


def test_assessment_areas_lead_of_submitted_assessment_gets_403(
    draft: Assessment, lead: Membership
) -> None:
    Assessment.objects.filter(pk=draft.pk).update(status=AssessmentStatus.SUBMITTED)

    response = client_for(lead.user).get(reverse("assessment_areas", args=[draft.pk]))

    assert response.status_code == 403


def test_assessment_areas_lead_sees_current_areas_and_answer_counts(
    draft: Assessment, lead: Membership
) -> None:
    response = client_for(lead.user).get(reverse("assessment_areas", args=[draft.pk]))

    rows = {row.area.code: row for row in response.context["form"].area_rows()}
    assert response.status_code == 200
    assert {c: r.volume.value() for c, r in rows.items() if r.active.value()} == {
        "radiology": 1000,
        "cardiology": 500,
    }
    assert {c: r.answers for c, r in rows.items() if r.answers} == {
        "radiology": 1,
        "cardiology": 2,
    }
    assertContains(response, "<td>2 answers</td>", html=True)


def test_assessment_areas_lead_adds_area_and_changes_volume(
    draft: Assessment, lead: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("assessment_areas", args=[draft.pk]),
        post_data({"radiology": "2000", "cardiology": "500", "pathology": ""}),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{draft.pk}/"
    assert areas_of(draft) == {"radiology": 2000, "cardiology": 500, "pathology": None}
    assert Answer.objects.filter(assessment=draft).count() == 4


def test_assessment_areas_removal_with_answers_needs_confirmation(
    draft: Assessment, lead: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("assessment_areas", args=[draft.pk]), post_data({"radiology": "1000"})
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "confirm": ["Removing Cardiology deletes 2 answers. Tick “I understand” to go on."]
    }
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 500}
    assert Answer.objects.filter(assessment=draft).count() == 4


def test_assessment_areas_confirmed_removal_deletes_area_answers(
    draft: Assessment, lead: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("assessment_areas", args=[draft.pk]),
        post_data({"radiology": "1000"}, confirm="on"),
    )

    assert response.status_code == 302
    assert areas_of(draft) == {"radiology": 1000}
    assert sorted(
        Answer.objects.filter(assessment=draft).values_list("criterion__code", "service_area__code")
    ) == [("1.1", "radiology"), ("2.2", None)]
    assert messages_of(response) == ["The service areas were saved.", "2 answers were deleted."]


def test_assessment_areas_removal_without_answers_needs_no_confirmation(
    draft: Assessment, lead: Membership
) -> None:
    AssessmentArea.objects.create(
        assessment=draft, service_area=ServiceArea.objects.get(code="pathology")
    )

    response = client_for(lead.user).post(
        reverse("assessment_areas", args=[draft.pk]),
        post_data({"radiology": "1000", "cardiology": "500"}),
    )

    assert response.status_code == 302
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 500}


def test_assessment_areas_staff_updates(draft: Assessment) -> None:
    response = client_for(UserFactory(is_staff=True)).post(
        reverse("assessment_areas", args=[draft.pk]),
        post_data({"radiology": "1000", "cardiology": "7"}),
    )

    assert response.status_code == 302
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 7}


def test_assessment_areas_without_area_shows_error_and_changes_nothing(
    draft: Assessment, lead: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("assessment_areas", args=[draft.pk]), post_data({}, confirm="on")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Choose at least one active service area."
    ]
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 500}
    assert Answer.objects.filter(assessment=draft).count() == 4


def test_assessment_areas_negative_volume_shows_error_and_changes_nothing(
    draft: Assessment, lead: Membership
) -> None:
    response = client_for(lead.user).post(
        reverse("assessment_areas", args=[draft.pk]),
        post_data({"radiology": "-5", "cardiology": "500"}),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "area_radiology_volume": ["Ensure this value is greater than or equal to 0."]
    }
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 500}


def test_assessment_areas_empty_post_shows_error_and_changes_nothing(
    draft: Assessment, lead: Membership
) -> None:
    response = client_for(lead.user).post(reverse("assessment_areas", args=[draft.pk]), {})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Choose at least one active service area."
    ]
    assert areas_of(draft) == {"radiology": 1000, "cardiology": 500}
