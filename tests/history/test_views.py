"""The history and compare pages: who sees them, what they show, bad choices, fixed queries."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment, Organization
from tests.assessments.review_factories import assessor_user
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.history.factories import at, history_assessment
from tests.reports.scorecard_data import add_answers

pytestmark = pytest.mark.usefixtures("catalog")

M, P, N = "met", "partial", "not_met"


def client_for(user: object | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def member_of(organization: Organization, role: str = Role.CONTRIBUTOR) -> Any:
    return MembershipFactory(organization=organization, role=role).user


def history_url(organization: Organization) -> str:
    return reverse("organization_history", args=[organization.slug])


def compare_url(organization: Organization, **params: object) -> str:
    url = reverse("organization_compare", args=[organization.slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def two_assessments(organization: Organization | None = None) -> tuple[Assessment, Assessment]:
    """2023 (self-assessed 3, validated 2) and 2025 (self-assessed 4), with their answers."""
    organization = organization or OrganizationFactory(name="History Hospital", slug="hh")
    old = history_assessment(
        organization,
        title="DIAM 2023",
        submitted_at=at(2023, 3, 1),
        stage=3,
        validated_at=at(2023, 5, 2),
        validated_stage=2,
        criteria={"1.1": True, "2.1": False, "2.2": True, "3.1": False},
        areas={("1.1", "radiology"): M, ("1.1", "cardiology"): N},
    )
    add_answers(old, [("1.1", "radiology", M), ("1.1", "cardiology", N), ("2.2", None, M)])
    old.answers.filter(criterion__code="2.2").update(comment="Viewer in radiology")
    new = history_assessment(
        organization,
        title="DIAM 2025",
        submitted_at=at(2025, 2, 3),
        stage=4,
        criteria={"1.1": True, "2.1": True, "2.2": False, "3.1": True},
        areas={("1.1", "radiology"): M, ("1.1", "cardiology"): M},
    )
    add_answers(
        new,
        [("1.1", "radiology", M), ("1.1", "cardiology", M), ("2.2", None, P), ("3.1", None, M)],
    )
    new.answers.filter(criterion__code="2.2").update(comment="Viewer in radiology")
    new.answers.filter(criterion__code="3.1").update(comment="Board since 2024")
    return old, new


def test_history_page_as_member_shows_each_stage_on_the_time_line_and_in_the_table() -> None:
    old, new = two_assessments()
    AssessmentFactory(organization=old.organization, title="Draft 2026")

    response = client_for(member_of(old.organization)).get(history_url(old.organization))

    assert response.status_code == 200
    assert [e.assessment.title for e in response.context["entries"]] == ["DIAM 2023", "DIAM 2025"]
    chart = response.context["chart"]
    assert [(p.assessment_id, p.kind, p.stage) for p in chart.points] == [
        (old.pk, "self_assessed", 3),
        (old.pk, "validated", 2),
        (new.pk, "self_assessed", 4),
    ]
    assert [t.label for t in chart.ticks] == ["2024", "2025"]
    content = response.content.decode()
    assert "Draft 2026" not in content
    assert 'data-testid="history-chart"' in content
    assert (
        "<td>Validated</td>\n          <td>March 1, 2023</td>\n          <td>3</td>\n"
        "          <td>May 2, 2023</td>\n          <td>2</td>"
    ) in content
    assert (response.context["form"]["a"].value(), response.context["form"]["b"].value()) == (
        old.pk,
        new.pk,
    )


def test_history_page_without_submitted_assessments_says_so() -> None:
    organization = OrganizationFactory()
    AssessmentFactory(organization=organization)

    response = client_for(member_of(organization)).get(history_url(organization))

    assert (response.status_code, response.context["chart"]) == (200, None)
    assert b'data-testid="history-empty"' in response.content
    assert b'data-testid="compare-form"' not in response.content


def test_history_page_with_one_assessment_offers_no_comparison() -> None:
    organization = OrganizationFactory()
    history_assessment(organization, title="Only", submitted_at=at(2025, 1, 1), stage=2)

    response = client_for(member_of(organization)).get(history_url(organization))

    assert b'data-testid="history-one"' in response.content
    assert b'data-testid="compare-form"' not in response.content


def test_history_page_as_assessor_shows_the_assessments_they_review() -> None:
    old, new = two_assessments()
    assessor = assessor_user()
    Assessment.objects.filter(pk=new.pk).update(assessor=assessor)

    response = client_for(assessor).get(history_url(old.organization))

    assert response.status_code == 200
    assert [e.assessment.pk for e in response.context["entries"]] == [new.pk]


def test_history_page_as_staff_shows_every_assessment() -> None:
    old, new = two_assessments()

    response = client_for(UserFactory(is_staff=True)).get(history_url(old.organization))

    assert [e.assessment.pk for e in response.context["entries"]] == [old.pk, new.pk]


@pytest.mark.parametrize("page", ["history", "compare"])
@pytest.mark.parametrize("who", ["other_member", "other_assessor", "nobody"])
def test_history_pages_as_an_outsider_are_404(page: str, who: str) -> None:
    old, new = two_assessments()
    users = {
        "other_member": member_of(OrganizationFactory(), Role.LEAD),
        "other_assessor": assessor_user(),
        "nobody": UserFactory(),
    }
    url = (
        history_url(old.organization)
        if page == "history"
        else compare_url(old.organization, a=old.pk, b=new.pk)
    )

    response = client_for(users[who]).get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["history", "compare"])
def test_history_pages_anonymous_redirect_to_login(page: str) -> None:
    organization = OrganizationFactory()
    url = history_url(organization) if page == "history" else compare_url(organization, a=1, b=2)

    response = client_for(None).get(url)

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_home_links_to_the_history() -> None:
    organization = OrganizationFactory()

    response = client_for(member_of(organization)).get(reverse("home"))

    assert history_url(organization).encode() in response.content


def test_compare_page_shows_criteria_areas_and_answers_that_changed() -> None:
    old, new = two_assessments()

    response = client_for(member_of(old.organization)).get(
        compare_url(old.organization, a=old.pk, b=new.pk)
    )

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison.before.stage, comparison.after.stage) == (2, 4)
    assert [c.code for c in comparison.criteria.newly_met] == ["2.1", "3.1"]
    assert [c.code for c in comparison.criteria.no_longer_met] == ["2.2"]
    assert [
        (
            a.code,
            a.met_before,
            a.met_after,
            [(c.criterion_code, c.status_before, c.status_after) for c in a.changes],
        )
        for a in comparison.areas
    ] == [("radiology", 1, 1, []), ("cardiology", 0, 1, [("1.1", N, M)])]
    assert [
        (
            c.criterion_code,
            c.area_name,
            (c.before.status, c.before.comment) if c.before else None,
            (c.after.status, c.after.comment) if c.after else None,
        )
        for c in comparison.answers
    ] == [
        ("1.1", "Cardiology", (N, ""), (M, "")),
        ("2.2", "", (M, "Viewer in radiology"), (P, "Viewer in radiology")),
        ("3.1", "", None, (M, "Board since 2024")),
    ]
    content = response.content.decode()
    assert "Stage 2 → 4" in content
    assert "Criteria met here: 0 → 1." in content
    assert "<strong>Partially met</strong>" in content
    assert 'data-testid="compare-errors"' not in content


def test_compare_page_the_other_way_round_swaps_the_changes() -> None:
    old, new = two_assessments()

    response = client_for(member_of(old.organization)).get(
        compare_url(old.organization, a=new.pk, b=old.pk)
    )

    comparison = response.context["comparison"]
    assert [c.code for c in comparison.criteria.newly_met] == ["2.2"]
    assert [c.code for c in comparison.criteria.no_longer_met] == ["2.1", "3.1"]


UNKNOWN = "Choose one of this organization&#x27;s submitted or validated assessments from the list."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("unknown", UNKNOWN),
        ("other_organization", UNKNOWN),
        ("draft", UNKNOWN),
        ("not_a_number", UNKNOWN),
        ("same", "Choose two different assessments."),
        ("missing", "Choose the second assessment."),
    ],
)
def test_compare_page_with_bad_choices_says_why_and_compares_nothing(
    params: str, message: str
) -> None:
    old, new = two_assessments()
    other, _ = two_assessments(OrganizationFactory(name="Secret Clinic", slug="secret"))
    Assessment.objects.filter(pk=other.pk).update(title="Secret plans")
    draft = AssessmentFactory(organization=old.organization, status=AssessmentStatus.DRAFT)
    choices = {
        "unknown": {"a": old.pk, "b": 999_999},
        "other_organization": {"a": old.pk, "b": other.pk},
        "draft": {"a": draft.pk, "b": new.pk},
        "not_a_number": {"a": old.pk, "b": "x1"},
        "same": {"a": new.pk, "b": new.pk},
        "missing": {"a": old.pk},
    }

    response = client_for(member_of(old.organization)).get(
        compare_url(old.organization, **choices[params])
    )

    assert (response.status_code, response.context["comparison"]) == (200, None)
    content = response.content.decode()
    assert 'data-testid="compare-errors"' in content
    assert message in content
    assert ("Secret" in content, 'data-testid="compare-summary"' in content) == (False, False)


def test_compare_page_as_assessor_treats_assessments_they_do_not_review_as_unknown() -> None:
    old, new = two_assessments()
    assessor = assessor_user()
    Assessment.objects.filter(pk=new.pk).update(assessor=assessor)

    response = client_for(assessor).get(compare_url(old.organization, a=old.pk, b=new.pk))

    assert (response.status_code, response.context["comparison"]) == (200, None)
    assert "DIAM 2023" not in response.content.decode()


def test_compare_page_without_choice_shows_the_form_only() -> None:
    old, _ = two_assessments()

    response = client_for(member_of(old.organization)).get(compare_url(old.organization))

    assert (response.status_code, response.context["comparison"]) == (200, None)
    assert b'data-testid="compare-errors"' not in response.content
    assert b'data-testid="compare-form"' in response.content


def _more_assessments(organization: Organization, count: int) -> None:
    for year in range(count):
        history_assessment(
            organization,
            title=f"Extra {year}",
            submitted_at=at(2010 + year, 1, 1),
            stage=year % 8,
            validated_at=at(2010 + year, 6, 1),
            criteria={"1.1": True, "2.2": bool(year % 2)},
            areas={("1.1", "radiology"): M, ("1.1", "pathology"): P},
        )


@pytest.mark.parametrize("extra", [0, 6])
def test_history_page_queries_do_not_grow_with_assessments(
    extra: int, django_assert_num_queries: Any
) -> None:
    old, _ = two_assessments()
    _more_assessments(old.organization, extra)
    client = client_for(member_of(old.organization))

    # Session and user (2), the organization (1), the results with their assessments (1).
    with django_assert_num_queries(4):
        response = client.get(history_url(old.organization))

    assert len(response.context["entries"]) == 2 + extra


@pytest.mark.parametrize("extra", [0, 6])
def test_compare_page_queries_do_not_grow_with_assessments_or_answers(
    extra: int, django_assert_num_queries: Any
) -> None:
    old, new = two_assessments()
    _more_assessments(old.organization, extra)
    if extra:
        add_answers(new, [(f"4.{n}", None, M) for n in range(1, 7)])
    client = client_for(member_of(old.organization))

    # Session and user (2), the organization (1), the results (1), then the criteria, area rows
    # and answers of the two compared (3).
    with django_assert_num_queries(7):
        response = client.get(compare_url(old.organization, a=old.pk, b=new.pk))

    assert len(response.context["comparison"].answers) == 3 + 6 * bool(extra)
