"""The Results page: the score explained criterion by criterion, and the heat map."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments.enums import Role
from assessments.models import Answer, Assessment
from criteria.models import Criterion, ServiceArea
from tests.assessments.review_factories import review_case
from tests.factories import AnswerFactory, MembershipFactory, UserFactory, assessment_with_areas

pytestmark = pytest.mark.usefixtures("catalog")

SVG = "{http://www.w3.org/2000/svg}"
VOLUMES = {"radiology": 80_000, "cardiology": 10_000, "pathology": 5_000, "endoscopy": 5_000}
# Stage 2: 1.1 by two areas; 2.1 by the volume share (radiology holds 80 % of the volume) with a
# single area met; 3.3 met by 2 of 3 counted areas (pathology not applicable).
KNOWN_ANSWERS = [
    ("1.1", "radiology", "met"),
    ("1.1", "cardiology", "met"),
    ("2.1", "radiology", "met"),
    ("2.1", "cardiology", "not_met"),
    ("2.1", "pathology", "partial"),
    ("2.2", None, "met"),
    ("3.2", None, "partial"),
    ("3.3", "radiology", "met"),
    ("3.3", "cardiology", "met"),
    ("3.3", "pathology", "na"),
    ("3.3", "endoscopy", "not_met"),
]


def add_answers(assessment: Assessment, answers: list[tuple[str, str | None, str]]) -> None:
    criteria = {c.code: c for c in Criterion.objects.filter(catalog=assessment.catalog)}
    areas = {a.code: a for a in ServiceArea.objects.all()}
    for code, area, status in answers:
        AnswerFactory(
            assessment=assessment,
            criterion=criteria[code],
            service_area=areas[area] if area else None,
            status=status,
        )


def known_assessment(**kwargs: object) -> Assessment:
    assessment = assessment_with_areas(list(VOLUMES), VOLUMES, **kwargs)
    add_answers(assessment, KNOWN_ANSWERS)
    return assessment


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def member_client(assessment: Assessment, role: str = Role.CONTRIBUTOR) -> Client:
    return client_for(MembershipFactory(organization=assessment.organization, role=role).user)


def results_url(assessment: Assessment) -> str:
    return reverse("assessment_results", args=[assessment.pk])


def heatmap_svg(html: str) -> ET.Element:
    match = re.search(r"<svg .*?</svg>", html, re.DOTALL)
    assert match is not None
    return ET.fromstring(match.group(0))


# --- permissions ---------------------------------------------------------------------------------


def test_results_anonymous_redirects_to_login(client: Client) -> None:
    assessment = known_assessment()

    response = client.get(results_url(assessment))

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/assessments/{assessment.pk}/results/",
    )


def test_results_outsider_gets_404() -> None:
    assessment = known_assessment()
    outsider = MembershipFactory(role=Role.LEAD).user

    response = client_for(outsider).get(results_url(assessment))

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.LEAD])
def test_results_member_sees_the_page(role: str) -> None:
    assessment = known_assessment()

    response = member_client(assessment, role).get(results_url(assessment))

    assert response.status_code == 200
    assert response.context["page"] == "results"
    assertContains(response, '<h1 class="h3">Results</h1>', html=True)


def test_results_staff_sees_the_page() -> None:
    assessment = known_assessment()

    response = client_for(UserFactory(is_staff=True)).get(results_url(assessment))

    assert response.status_code == 200


# --- the summary ---------------------------------------------------------------------------------


def test_results_summary_shows_stage_groups_blocking_and_completion() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    pk = assessment.pk
    assertContains(
        response,
        '<span class="badge text-bg-primary fs-6" data-testid="results-stage">2</span>',
        html=True,
    )
    # 22 enterprise + 5 required area criteria x 4 areas = 42; 11 required slots answered.
    assertContains(
        response,
        '<span data-testid="results-completion">11 of 42 required answers</span>',
        html=True,
    )
    assertContains(
        response,
        f"""<ul class="mb-0" data-testid="results-blocking">
        <li><a href="/assessments/{pk}/sections/stage-3/#criterion-3_1">3.1 Enterprise imaging
        strategy and governance</a></li>
        <li><a href="/assessments/{pk}/sections/stage-3/#criterion-3_2">3.2 Formalized acquisition
        and communication workflows</a></li>
        <li><a href="/assessments/{pk}/sections/stage-3/#criterion-3_4">3.4 Single point of entry
        and consolidated viewer</a></li>
        <li><a href="/assessments/{pk}/sections/stage-3/#criterion-3_5">3.5 External referrers can
        view images</a></li></ul>""",
        html=True,
    )
    assertNotContains(response, 'data-testid="results-stored-stage"')


def test_results_stage_and_group_badges() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    held = {
        block.section.slug: (block.held, block.own_met) for block in response.context["explained"]
    }
    assert held == {
        "stage-1": (True, True),
        "stage-2": (True, True),
        "stage-3": (False, False),
        "stage-4": (False, False),
        "group-a": (False, False),
        "group-b": (False, False),
        "group-c": (False, False),
    }
    for slug, label in [("stage-2", "Held"), ("stage-3", "Not held"), ("group-a", "Not met")]:
        assertContains(response, f'data-testid="held-{slug}">{label}</span>', count=1)


def test_results_stage_met_above_a_missing_stage_is_explained() -> None:
    assessment = known_assessment()
    add_answers(assessment, [(code, None, "met") for code in ["4.1", "4.2", "4.3"]])
    add_answers(assessment, [(code, None, "met") for code in ["4.4", "4.5", "4.6"]])

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        '<p class="mb-3" data-testid="held-note-stage-4">The required criteria of stage 4 are met,'
        " but a stage below it is not held.</p>",
        html=True,
    )


def stage_4_assessment(group_codes: list[str]) -> Assessment:
    """Stages 1 to 4 held with two areas, plus these group criteria met."""
    assessment = assessment_with_areas(["radiology", "cardiology"])
    answers: list[tuple[str, str | None, str]] = []
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True):
        if criterion.scope == "baseline":
            continue
        if criterion.group is not None and criterion.code not in group_codes:
            continue
        areas = ["radiology", "cardiology"] if criterion.scope == "area" else [None]
        answers += [(criterion.code, area, "met") for area in areas]
    add_answers(assessment, answers)
    return assessment


def route_texts(html: str) -> list[str]:
    items = re.findall(r'<li data-testid="results-route">(.*?)</ul>', html, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_results_next_steps_from_stage_4_list_every_group_closest_first() -> None:
    # Group B misses B.5 only, A misses A.3 and A.4, C misses all four.
    assessment = stage_4_assessment(["A.1", "A.2", "B.1", "B.2", "B.3", "B.4"])

    response = member_client(assessment).get(results_url(assessment))

    html = response.content.decode()
    assert "To reach stage 5, complete any one of these 3 groups (the closest first):" in html
    assert [text.split(" · ")[1] for text in route_texts(html)] == [
        "1 criterion missing: B.5 Participation in imaging patient-safety registries",
        "2 criteria missing: A.3 Online appointments and access to reports and images A.4 "
        "Patients upload, download and share images",
        "4 criteria missing: C.1 Benchmarked parameters and real-time dashboards C.2 Predictive "
        "use of internal and external data C.3 Genetic information correlated with imaging "
        "biomarkers C.4 Technology use analyzed to influence behavior",
    ]
    assert [text.split(" · ")[0] for text in route_texts(html)] == [
        "Group B: Clinical decision support",
        "Group A: External image exchange and patient engagement",
        "Group C: Analytics and personalised medicine",
    ]
    assertNotContains(response, 'data-testid="results-blocking"')


def test_results_next_steps_below_stage_4_say_what_groups_already_met_give() -> None:
    assessment = stage_4_assessment(["A.1", "A.2", "A.3", "A.4"])
    Answer.objects.filter(assessment=assessment, criterion__code="4.6").delete()

    response = member_client(assessment).get(results_url(assessment))

    assertContains(response, "To reach stage 4, these criteria must be met:")
    assertContains(
        response,
        '<p class="mb-0 mt-1" data-testid="results-reaches">With the groups already met, this'
        " gives stage 5.</p>",
        html=True,
    )


# --- criterion by criterion ----------------------------------------------------------------------


def test_results_volume_criterion_shows_share_threshold_and_areas() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        '<p class="mb-1" data-testid="count-2.1">1 met of 4 counted areas; 1 partially met, '
        "counted as not met; 1 not answered, counted as not met.</p>",
        html=True,
    )
    assertContains(
        response,
        '<p class="mb-1" data-testid="volume-2.1">Areas met hold 80 % of the counted annual '
        "image volume (needed: 80 %).</p>",
        html=True,
    )
    for status, names in [
        ("met", "Radiology"),
        ("not_met", "Cardiology"),
        ("partial", "Pathology"),
        ("unanswered", "Endoscopy"),
    ]:
        assertContains(
            response,
            f'<dd class="col-sm-9 mb-1" data-testid="areas-2.1-{status}">{names}</dd>',
            html=True,
        )
    item = next(
        i for b in response.context["explained"] for i in b.items if i.criterion.code == "2.1"
    )
    assert (item.result.met, item.result.areas_met, item.volume_threshold) == (True, 1, 80)


def test_results_volume_share_is_rounded_down() -> None:
    # 79_999 of 100_000: 79.99 % shows as 79.9 %, never as 80 %.
    volumes = {"radiology": 79_999, "cardiology": 20_001}
    assessment = assessment_with_areas(list(volumes), volumes)
    add_answers(assessment, [("2.1", "radiology", "met"), ("2.1", "cardiology", "not_met")])

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        '<p class="mb-1" data-testid="volume-2.1">Areas met hold 79.9 % of the counted annual '
        "image volume (needed: 80 %).</p>",
        html=True,
    )


def test_results_not_applicable_areas_leave_the_count() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        '<p class="mb-1" data-testid="count-3.3">2 met of 3 counted areas; 1 not applicable, '
        "left out.</p>",
        html=True,
    )
    assertContains(
        response,
        '<dd class="col-sm-9 mb-1" data-testid="areas-3.3-met">Radiology, Cardiology</dd>',
        html=True,
    )
    assertContains(
        response,
        '<dd class="col-sm-9 mb-1" data-testid="areas-3.3-na">Pathology</dd>',
        html=True,
    )


def test_results_area_criterion_shows_its_rule() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        '<p class="mb-1 small">Met when at least 2 service areas meet it.</p>',
        count=3,
        html=True,
    )


def test_results_enterprise_criteria_show_the_answer() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    assertContains(response, '<p class="mb-0" data-testid="answer-2.2">Answer: Met</p>', html=True)
    assertContains(
        response, '<p class="mb-0" data-testid="answer-3.2">Answer: Partially met</p>', html=True
    )
    assertContains(
        response,
        '<p class="mb-0" data-testid="answer-3.1">Answer: <em>not answered</em></p>',
        html=True,
    )


def test_results_shows_the_stored_stage_after_submission() -> None:
    assessment = known_assessment(
        status="submitted",
        self_assessed_stage=2,
        submitted_at=datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
    )

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        '<dd class="col-sm-8" data-testid="results-stored-stage">Stage 2, stored at submission '
        "on March 4, 2026</dd>",
        html=True,
    )


# --- the heat map --------------------------------------------------------------------------------


def test_results_heatmap_has_a_cell_per_area_criterion_and_active_area() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    root = heatmap_svg(response.content.decode())
    cells = root.findall(f".//{SVG}g[@class='heatmap-cell']")
    titles = [c.find(f"{SVG}title").text for c in cells]  # type: ignore[union-attr]
    # Six area criteria (1.1, 1.2, 2.1, 3.3, A.1, B.4) x four areas.
    assert len(cells) == 24
    assert titles[8:12] == [
        "2.1 · Radiology: Met",
        "2.1 · Cardiology: Not met",
        "2.1 · Pathology: Partially met",
        "2.1 · Endoscopy: Not answered",
    ]
    assert root.get("role") == "img"


def test_results_heatmap_has_a_table_alternative() -> None:
    assessment = known_assessment()

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        """<tr><th scope="row">3.3 Quality, safety and operational parameters under control</th>
        <td><span aria-hidden="true">✓</span> Met</td>
        <td><span aria-hidden="true">✓</span> Met</td>
        <td><span aria-hidden="true">–</span> Not applicable</td>
        <td><span aria-hidden="true">✗</span> Not met</td></tr>""",
        html=True,
    )


def test_results_without_areas_has_no_heatmap() -> None:
    assessment = assessment_with_areas([])

    response = member_client(assessment).get(results_url(assessment))

    assertContains(
        response,
        "<p>No service area is active in this assessment, so there is no heat map.</p>",
        html=True,
    )
    assertNotContains(response, "<svg")


def test_results_query_count_does_not_grow_with_areas(django_assert_num_queries: object) -> None:
    small = assessment_with_areas(["radiology"])
    add_answers(small, [("1.1", "radiology", "met"), ("2.2", None, "met")])
    small_client = member_client(small)
    with CaptureQueriesContext(connection) as small_queries:
        small_client.get(results_url(small))
    codes = list(ServiceArea.objects.values_list("code", flat=True))
    big = assessment_with_areas(codes)
    add_answers(big, [("1.1", code, "met") for code in codes] + [("2.2", None, "met")])
    client = member_client(big)

    with django_assert_num_queries(len(small_queries)):  # type: ignore[operator]
        response = client.get(results_url(big))

    assert (len(codes), len(heatmap_svg(response.content.decode()).findall(f".//{SVG}rect"))) == (
        15,
        6 * 15 + 5,  # the cells and the five legend swatches
    )


# --- the assessor's findings ---------------------------------------------------------------------

FINDINGS = {"strengths": "A single enterprise archive.", "recommendations": "Publish the portal."}


@pytest.mark.parametrize("status", ["submitted", "in_review", "changes_requested"])
def test_results_member_does_not_see_findings_before_validation(status: str) -> None:
    case = review_case(status, **FINDINGS)

    response = client_for(case.lead).get(results_url(case.assessment))

    assertNotContains(response, 'data-testid="results-findings"')
    assertNotContains(response, FINDINGS["strengths"])
    assertNotContains(response, FINDINGS["recommendations"])


def test_results_member_sees_findings_once_validated() -> None:
    case = review_case("validated", validated_stage=5, **FINDINGS)

    response = client_for(case.contributor).get(results_url(case.assessment))

    assertContains(
        response,
        f'<p data-testid="findings-strengths">{FINDINGS["strengths"]}</p>',
        html=True,
    )
    assertContains(
        response,
        f'<p class="mb-0" data-testid="findings-recommendations">{FINDINGS["recommendations"]}</p>',
        html=True,
    )


@pytest.mark.parametrize("who", ["assessor", "staff"])
def test_results_reviewer_sees_findings_while_changes_are_requested(who: str) -> None:
    case = review_case("changes_requested", **FINDINGS)
    user = case.assessor if who == "assessor" else UserFactory(is_staff=True)

    response = client_for(user).get(results_url(case.assessment))

    assertContains(response, FINDINGS["strengths"], count=1)
    assertContains(response, FINDINGS["recommendations"], count=1)
