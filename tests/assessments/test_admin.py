"""The admin of organizations, memberships, assessments and answers: pages whose query count does
not grow with the data, pickers that search instead of listing every row, answers read-only."""

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.forms import ModelChoiceField
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from pytest_django.asserts import assertContains
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import registered_models

from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment, Evidence, Organization
from criteria.models import Criterion, ServiceArea
from tests.assessments.review_factories import VerdictFactory, review_case, verdicts_all
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    # The admin looks content types up once per process: counts must not depend on test order.
    ContentType.objects.clear_cache()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def answered_assessment(area_count: int) -> Assessment:
    """A validated assessment of `area_count` areas: every answer with a verdict and evidence."""
    codes = list(ServiceArea.objects.order_by("order").values_list("code", flat=True))
    case = review_case(
        AssessmentStatus.VALIDATED, areas=codes[:area_count], created_by=UserFactory()
    )
    Assessment.objects.filter(pk=case.assessment.pk).update(
        validated_by=case.assessor, validated_stage=5
    )
    verdicts_all(case.assessment, case.assessor)
    Evidence.objects.bulk_create(
        Evidence(
            answer=answer,
            file=f"evidence/{answer.pk}-{n}",
            original_name=f"proof-{n}.pdf",
            content_type="application/pdf",
            size=100,
            uploaded_by=case.contributor,
        )
        for answer in case.assessment.answers.all()
        for n in range(2)
    )
    return case.assessment


# --- the assessment's change form ----------------------------------------------------------------


@pytest.mark.parametrize(("area_count", "organization_count"), [(1, 1), (15, 1), (1, 50), (15, 50)])
def test_assessment_change_form_queries_constant(
    catalog: object,
    staff: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    area_count: int,
    organization_count: int,
) -> None:
    assessment = answered_assessment(area_count)
    OrganizationFactory.create_batch(organization_count - 1)
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])

    # Session, user, the assessment, its areas, its answers (verdicts and evidence counted in),
    # content type, the organization, assessor and validator shown in their pickers, catalogs.
    with django_assert_num_queries(10):
        response = staff.get(url)

    assert response.status_code == 200


def test_assessment_change_form_pickers_search_instead_of_listing(
    catalog: object, staff: Client
) -> None:
    assessment = answered_assessment(15)

    response = staff.get(reverse("admin:assessments_assessment_change", args=[assessment.pk]))

    form = response.context["adminform"].form
    pickers = [
        name
        for name, field in form.fields.items()
        if isinstance(getattr(field.widget, "widget", field.widget), AutocompleteSelect)
    ]
    assert pickers == ["organization", "assessor", "validated_by"]
    answers = assessment.answers.count()
    assertContains(response, "<p>Physical medicine</p>", count=1, html=True)  # its area row
    assertContains(response, "<p>accepted</p>", count=answers, html=True)
    assertContains(response, "<p>2</p>", count=answers, html=True)  # evidence files


# --- list pages ----------------------------------------------------------------------------------


def answer_with_verdict() -> Answer:
    answer = AnswerFactory(updated_by=UserFactory())
    VerdictFactory(answer=answer, assessor=UserFactory())
    return answer


@pytest.mark.parametrize(
    ("url_name", "make", "queries"),
    [
        # Session, user, count, page.
        ("admin:assessments_assessment_changelist", AssessmentFactory, 4),
        # And the count of all rows (cheap on organizations) beside the filtered one.
        ("admin:assessments_organization_changelist", OrganizationFactory, 5),
        ("admin:assessments_membership_changelist", MembershipFactory, 4),
        ("admin:assessments_answer_changelist", answer_with_verdict, 4),
    ],
)
@pytest.mark.parametrize("count", [1, 30])
def test_changelist_queries_constant(
    catalog: object,
    staff: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    url_name: str,
    make: Callable[[], object],
    queries: int,
    count: int,
) -> None:
    for _ in range(count):
        make()

    with django_assert_num_queries(queries):
        response = staff.get(reverse(url_name))

    assert response.context["cl"].result_count == count


# --- an organization's change form ---------------------------------------------------------------


@pytest.mark.parametrize("member_count", [1, 20])
def test_organization_change_form_queries_constant(
    staff: Client, django_assert_num_queries: DjangoAssertNumQueries, member_count: int
) -> None:
    organization = OrganizationFactory()
    MembershipFactory.create_batch(member_count, organization=organization, role=Role.LEAD)
    UserFactory.create_batch(30)
    url = reverse("admin:assessments_organization_change", args=[organization.pk])

    # Session, user, organization, memberships with their users, content type.
    with django_assert_num_queries(5):
        response = staff.get(url)

    assert response.status_code == 200


def test_organization_change_form_shows_each_member_in_its_picker(staff: Client) -> None:
    organization = OrganizationFactory()
    members = [
        MembershipFactory(organization=organization, user=UserFactory(username=name)).user
        for name in ["ada", "grace"]
    ]

    response = staff.get(reverse("admin:assessments_organization_change", args=[organization.pk]))

    for user in members:
        assertContains(
            response, f'<option value="{user.pk}" selected>{user.username}</option>', html=True
        )


def test_organization_change_form_saves_a_member_s_role(staff: Client) -> None:
    membership = MembershipFactory(role=Role.CONTRIBUTOR)
    organization = membership.organization

    response = staff.post(
        reverse("admin:assessments_organization_change", args=[organization.pk]),
        {
            "name": organization.name,
            "slug": organization.slug,
            "country": organization.country.code,
            "kind": organization.kind,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(membership.pk),
            "memberships-0-organization": str(organization.pk),
            "memberships-0-user": str(membership.user_id),
            "memberships-0-role": Role.LEAD,
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.LEAD


# --- answers ------------------------------------------------------------------------------------


def test_answer_admin_is_read_only(catalog: object, staff: Client) -> None:
    answer = answer_with_verdict()
    change_url = reverse("admin:assessments_answer_change", args=[answer.pk])

    view = staff.get(change_url)
    add = staff.get(reverse("admin:assessments_answer_add"))
    change = staff.post(change_url, {"status": "not_met"})
    delete = staff.post(
        reverse("admin:assessments_answer_delete", args=[answer.pk]), {"post": "yes"}
    )

    assertContains(view, '<div class="readonly">accepted</div>', html=True)
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    answer.refresh_from_db()
    assert answer.status == "met"


# --- every app's admin ---------------------------------------------------------------------------

# Tables that grow with the use of the site: a drop-down of their rows would list thousands.
LARGE_TABLES = {get_user_model(), Organization, Assessment, Criterion, ServiceArea}


def test_admin_forms_search_large_tables_instead_of_listing_them(rf: RequestFactory) -> None:
    request = rf.get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    # (admin, form, the inline's key to its parent: a hidden field, not a picker)
    forms = []
    for model_admin in admin.site._registry.values():
        forms.append((type(model_admin).__name__, model_admin.get_form(request), None))
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            forms.append((type(inline).__name__, formset.form, formset.fk.name))

    listing = [
        f"{name}.{field_name}"
        for name, form, parent in forms
        for field_name, field in form.base_fields.items()
        if field_name != parent
        and isinstance(field, ModelChoiceField)
        and field.queryset.model in LARGE_TABLES
        and not isinstance(
            getattr(field.widget, "widget", field.widget),
            AutocompleteSelect | ForeignKeyRawIdWidget | ManyToManyRawIdWidget,
        )
    ]
    assert listing == []


def test_history_models_of_every_app_are_not_in_admin() -> None:
    historical = {model.history.model for model in registered_models.values()}

    assert [m._meta.label for m in admin.site._registry if m in historical] == []
    assert [
        type(a).__name__ for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)
    ] == []
