"""Every form endpoint, fuzzed: random, missing, oversized and wrong-typed values, posted by the
people who may use each form. No post may end in a server error, and a refused post writes
nothing: the answers of a section are either unchanged or exactly what the post asked for.

Bounded and seeded (derandomize): the same examples run every time. Each example runs in a
transaction that is rolled back, so every example starts from the fixture's data.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation
from assessments.enums import AnswerStatus, AssessmentStatus, Role
from assessments.models import (
    Answer,
    Assessment,
    AssessmentArea,
    Evidence,
    Membership,
    Organization,
    Verdict,
)
from assessments.sections import catalog_sections
from assessments.survey_forms import slot_key
from assignments.models import SectionAssignment
from criteria.enums import Scope
from criteria.models import Criterion, ServiceArea
from discussions.models import AnswerMessage
from reports.models import ExportJob
from tests.accounts.factories import InvitationFactory
from tests.assessments.review_factories import assessor_user, review_case
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

FUZZ = settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,  # nothing written to .hypothesis/ in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SURVEY_FUZZ = settings(FUZZ, max_examples=80)
# The pages that render a whole review or timeline cost more: fewer examples keep the file short.
PAGE_FUZZ = settings(FUZZ, max_examples=8)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

# Values that break forms: empty, blank, numbers out of range or not numbers at all, words that
# are valid elsewhere, NUL, and oversized text and numbers.
JUNK = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "1",
            "-1",
            "7",
            "8",
            "1.5",
            "1e9",
            "9" * 40,
            "abc",
            "null",
            "true",
            "[]",
            "\x00",
            "met",
            "na",
            "partial",
            "stage-1",
            "2026-02-30",
            "2026-01-01",
            "/",
            "//evil.example/",
            "x" * 10_001,
        ]
    ),
    st.text(max_size=20),
)
# A field sent twice (a list) or as a file where text is expected.
VALUE = st.one_of(
    JUNK,
    st.lists(JUNK, min_size=2, max_size=3),
    st.builds(lambda: SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")),
)


def plausible_or_junk(values: list[Any]) -> st.SearchStrategy[Any]:
    """Mostly a plausible value, so that valid posts (and their writes) are fuzzed too."""
    return st.integers(0, 3).flatmap(lambda n: VALUE if n == 0 else st.sampled_from(values))


def fields(choices: dict[str, list[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A post of these fields, each missing, a plausible value or junk; and an unexpected one."""
    optional = {name: plausible_or_junk(values) for name, values in choices.items()}
    return st.fixed_dictionaries({}, optional={**optional, "unexpected": VALUE})


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def client_for(user: object | None) -> Client:
    # An exception in a view becomes a 500 response here, which the checks below count.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def written() -> dict[str, list[tuple[Any, ...]]]:
    """The rows a form may write."""
    return {
        "answers": list(Answer.objects.order_by("pk").values_list("pk", "status", "comment")),
        "areas": list(
            AssessmentArea.objects.order_by("pk").values_list(
                "assessment_id", "service_area_id", "annual_volume"
            )
        ),
        "assessments": list(
            Assessment.objects.order_by("pk").values_list(
                "pk", "title", "status", "assessor_id", "strengths", "recommendations"
            )
        ),
        "organizations": list(
            Organization.objects.order_by("pk").values_list("pk", "name", "country", "kind")
        ),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "role")),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list("pk", "accepted_at", "expires_at")
        ),
        "verdicts": list(Verdict.objects.order_by("pk").values_list("pk", "accepted", "comment")),
        "evidence": list(Evidence.objects.order_by("pk").values_list("pk", "answer_id")),
        "jobs": list(ExportJob.objects.order_by("pk").values_list("pk")),
        "messages": list(AnswerMessage.objects.order_by("pk").values_list("pk", "body")),
        "assignments": list(
            SectionAssignment.objects.order_by("pk").values_list(
                "pk", "section", "assignee_id", "due_date"
            )
        ),
    }


def check_post(
    client: Client, url: str, data: dict[str, Any], *, accepted: tuple[int, ...] = (302,)
) -> HttpResponse:
    """Post and check: no server error; a post that is refused (not an `accepted` status, not a
    download) writes nothing."""
    before = written()
    response = client.post(url, data)
    exc_info = getattr(response, "exc_info", None)
    assert response.status_code < 500, (url, data, exc_info and repr(exc_info[1]))
    if response.status_code not in accepted and not response.has_header("Content-Disposition"):
        assert written() == before, (url, data, response.status_code)
    return response


@dataclass(repr=False)
class World:
    assessment: Assessment
    lead: object
    review: Any  # tests.assessments.review_factories.ReviewCase, in review
    claimable: Assessment
    validated: Any  # ReviewCase, validated
    admin: object
    invitation: Invitation
    answer: Answer  # of `assessment`, with one evidence file
    evidence: Evidence
    slots: list[str]  # the slot keys of section stage-2 of `assessment`
    enterprise_slots: set[str]


@pytest.fixture
def world(catalog) -> World:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="St. Example")
    lead = MembershipFactory(
        organization=organization, role=Role.LEAD, user=UserFactory(username="lena")
    ).user
    MembershipFactory(organization=organization, role=Role.CONTRIBUTOR)
    assessment = assessment_with_areas(["radiology", "cardiology"], organization=organization)
    answer = AnswerFactory(
        assessment=assessment, criterion=Criterion.objects.get(code="2.2"), status="met"
    )
    evidence = Evidence(answer=answer, original_name="a.pdf", content_type="application/pdf")
    evidence.size = len(PDF)
    evidence.file.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=False)
    evidence.save()
    areas = list(ServiceArea.objects.filter(code__in=["radiology", "cardiology"]))
    stage_2 = next(s for s in catalog_sections(catalog.pk) if s.slug == "stage-2")
    slots, enterprise = [], set()
    for criterion in stage_2.criteria:
        for area in areas if criterion.scope == Scope.AREA else [None]:
            slots.append(slot_key(criterion, area))
            if area is None:
                enterprise.add(slot_key(criterion, area))
    review = review_case(AssessmentStatus.IN_REVIEW)
    claimable = review_case(AssessmentStatus.SUBMITTED, assigned=False).assessment
    validated = review_case(AssessmentStatus.VALIDATED, validated_stage=5)
    return World(
        assessment=assessment,
        lead=lead,
        review=review,
        claimable=claimable,
        validated=validated,
        admin=UserFactory(username="admin", is_staff=True),
        invitation=InvitationFactory(organization=organization, email="new@example.org"),
        answer=answer,
        evidence=evidence,
        slots=slots,
        enterprise_slots=enterprise,
    )


# The survey: a section save is all or nothing ---------------------------------------------------

STATUSES = ["", *AnswerStatus.values, "bogus", "MET"]
COMMENTS = ["", "Only CDs", "line one\r\nline two", "  padded  ", "x" * 10_001, "a\x00b"]
VERSIONS = ["0", "1", "2", "-1", "abc", "", "9" * 40]


def slot_fields(key: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            f"{key}-status": plausible_or_junk(STATUSES),
            f"{key}-comment": plausible_or_junk(COMMENTS),
            f"{key}-initial_status": plausible_or_junk(STATUSES),
            f"{key}-initial_comment": plausible_or_junk(COMMENTS),
            f"{key}-version": plausible_or_junk(VERSIONS),
            f"{key}-conflict_version": plausible_or_junk(VERSIONS),
        },
    )


def slot_change(key: str) -> st.SearchStrategy[dict[str, Any]]:
    """A change a browser would send (the existing answer is 2.2 `met`, version 1), so that
    posts that save are fuzzed as often as posts that do not."""
    return st.fixed_dictionaries(
        {
            f"{key}-status": st.sampled_from(AnswerStatus.values),
            f"{key}-comment": st.sampled_from(["", "Only CDs", "line one\r\nline two"]),
            f"{key}-initial_status": st.sampled_from(["", "met"]),
            f"{key}-initial_comment": st.just(""),
            f"{key}-version": st.sampled_from(["0", "1"]),
        }
    )


@st.composite
def section_posts(draw: st.DrawFn, slots: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(slots), unique=True, max_size=len(slots))):
        data.update(draw(st.one_of(slot_change(key), slot_fields(key))))
    resolve = draw(
        st.one_of(
            st.none(),
            st.sampled_from([f"{action}:{key}" for key in slots for action in ("mine", "theirs")]),
            VALUE,
        )
    )
    if resolve is not None:
        data["resolve"] = resolve
    return data


def _last(data: dict[str, Any], name: str) -> str:
    """What the view reads for a field: a list's last value, a file's absence."""
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[-1]
    return value if isinstance(value, str) else ""


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def answers_by_slot(world: World) -> dict[str, tuple[str, str]]:
    result = {}
    for answer in Answer.objects.filter(assessment=world.assessment).select_related(
        "criterion", "service_area"
    ):
        result[slot_key(answer.criterion, answer.service_area)] = (answer.status, answer.comment)
    return result


def asked(
    before: dict[str, tuple[str, str]],
    data: dict[str, Any],
    slots: list[str],
    mine: str,
    theirs: str,
) -> dict[str, tuple[str, str]]:
    """The answers if every change the post asks for were saved (reachable only by a valid
    post: an invalid status or comment can never be stored). `mine`/`theirs`: the slot whose
    "Keep mine" (saved even when unchanged) or "Use theirs" (never saved) the post chose."""
    after = dict(before)
    for key in slots:
        if key == theirs:
            continue
        status = _last(data, f"{key}-status")
        comment = _text(_last(data, f"{key}-comment").strip())
        seen = (_last(data, f"{key}-initial_status"), _text(_last(data, f"{key}-initial_comment")))
        if (status, comment) != seen or key == mine:
            after[key] = (status, comment)
    return after


def assert_all_or_nothing(before: dict, after: dict, all_asked: dict, response: Any) -> None:
    """Unchanged, or exactly every change asked for; and "saved" (a redirect) means all."""
    assert after in (before, all_asked), (before, after, all_asked)
    if response.status_code == 302:
        assert after == all_asked, (before, after, all_asked)


@SURVEY_FUZZ
@given(data=st.data())
def test_section_post_fuzzed_is_never_a_server_error_nor_a_partial_save(world, data) -> None:  # type: ignore[no-untyped-def]
    post = data.draw(section_posts(world.slots))
    url = reverse("assessment_section", args=[world.assessment.pk, "stage-2"])
    action, _sep, key = _last(post, "resolve").partition(":")
    with rolled_back():
        before = answers_by_slot(world)

        response = check_post(client_for(world.lead), url, post)

        all_asked = asked(
            before,
            post,
            world.slots,
            mine=key if action == "mine" else "",
            theirs=key if action == "theirs" else "",
        )
        assert_all_or_nothing(before, answers_by_slot(world), all_asked, response)


@SURVEY_FUZZ
@given(data=st.data())
def test_autosave_fuzzed_is_never_a_server_error_nor_a_partial_save(world, data) -> None:  # type: ignore[no-untyped-def]
    key = data.draw(plausible_or_junk(world.slots))
    post = data.draw(section_posts(world.slots))
    if key in world.slots:
        post.update(data.draw(st.one_of(slot_change(key), slot_fields(key))))
    post["slot"] = key
    post["resolve"] = data.draw(plausible_or_junk(["", "mine", "theirs"]))
    url = reverse("assessment_autosave", args=[world.assessment.pk, "stage-2"])
    slot, resolve = _last(post, "slot"), _last(post, "resolve")
    with rolled_back():
        before = answers_by_slot(world)

        # Autosave answers 200 when it saved, 409 and 422 when it did not.
        response = check_post(client_for(world.lead), url, post, accepted=(200,))

        all_asked = asked(
            before,
            post,
            [slot] if slot in world.slots else [],
            mine=slot if resolve == "mine" else "",
            theirs=slot if resolve == "theirs" else "",
        )
        assert_all_or_nothing(before, answers_by_slot(world), all_asked, response)


# The organization pages ----------------------------------------------------------------------

AREA_FIELDS = {
    f"area_{code}_{name}": values
    for code in ("radiology", "cardiology", "pathology", "nuclear-medicine")
    for name, values in (("active", ["on", "", "off"]), ("volume", ["0", "100", "-5", ""]))
}


@FUZZ
@given(post=fields({**AREA_FIELDS, "confirm": ["on", ""]}))
def test_assessment_areas_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    with rolled_back():
        check_post(
            client_for(world.lead), reverse("assessment_areas", args=[world.assessment.pk]), post
        )


@FUZZ
@given(post=fields({**AREA_FIELDS, "title": ["DIAM 2027", ""], "catalog": ["1", "999"]}))
def test_assessment_create_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    slug = world.assessment.organization.slug
    with rolled_back():
        check_post(client_for(world.lead), reverse("assessment_create", args=[slug]), post)


@FUZZ
@given(post=fields({"expected_stage": ["0", "1", "7", "8", "-1"]}))
def test_submit_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    with rolled_back():
        check_post(
            client_for(world.lead), reverse("assessment_submit", args=[world.assessment.pk]), post
        )


@FUZZ
@given(
    post=fields(
        {"name": ["St. Other", "", "n" * 201], "country": ["DE", "XX", ""], "kind": ["hospital"]}
    )
)
def test_organization_edit_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    slug = world.assessment.organization.slug
    with rolled_back():
        check_post(client_for(world.lead), reverse("organization_edit", args=[slug]), post)


@FUZZ
@given(data=st.data())
def test_organization_members_fuzzed_is_never_a_server_error(world, data) -> None:  # type: ignore[no-untyped-def]
    organization = world.assessment.organization
    ids = [str(pk) for pk in Membership.objects.values_list("pk", flat=True)]
    post = data.draw(
        fields({"action": ["role", "remove"], "membership": ids, "role": [*Role.values, ""]})
    )
    with rolled_back():
        check_post(
            client_for(world.lead), reverse("organization_members", args=[organization.slug]), post
        )


@FUZZ
@given(post=fields({"email": ["a@example.org", "lena@example.org", "no-at"], "role": Role.values}))
def test_invitation_create_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    slug = world.assessment.organization.slug
    with rolled_back():
        check_post(client_for(world.lead), reverse("invitation_create", args=[slug]), post)


# Evidence files ------------------------------------------------------------------------------

# `next` values that are no URL: the views must not take them for URL names.
NEXT = ["/assessments/", "partial", "", "https://evil.example/", "javascript:alert(1)"]


@FUZZ
@given(
    post=fields(
        {
            "file": [("a.pdf", PDF), ("a.exe", b"MZ\x90\x00"), ("empty.pdf", b"")],
            "next": NEXT,
        }
    )
)
def test_evidence_upload_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    url = reverse("evidence_upload", args=[world.assessment.pk, world.answer.pk])
    if isinstance(post.get("file"), tuple):
        name, content = post["file"]
        post["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    with rolled_back():
        check_post(client_for(world.lead), url, post)


@FUZZ
@given(post=fields({"next": NEXT}))
def test_evidence_delete_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    url = reverse("evidence_delete", args=[world.assessment.pk, world.evidence.pk])
    with rolled_back():
        check_post(client_for(world.lead), url, post)


# The review ----------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_review_verdicts_fuzzed_is_never_a_server_error(world, data) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    choices: dict[str, list[Any]] = {}
    for pk in Answer.objects.filter(
        assessment=case.assessment, criterion__stage__number=1
    ).values_list("pk", flat=True)[:3]:
        choices[f"v-{pk}-decision"] = ["accepted", "not_accepted", ""]
        choices[f"v-{pk}-comment"] = ["", "Show the contract", "x" * 10_001]
    post = data.draw(fields(choices))
    url = reverse("review_verdicts", args=[case.assessment.pk])
    with rolled_back():
        check_post(client_for(case.assessor), url, post)


@FUZZ
@given(post=fields({"strengths": ["Good", "x" * 10_001], "recommendations": ["More", ""]}))
def test_review_findings_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    with rolled_back():
        check_post(
            client_for(case.assessor), reverse("review_findings", args=[case.assessment.pk]), post
        )


@FUZZ
@given(
    post=fields(
        {
            "action": ["start_review", "request_changes", "validate", "claim", ""],
            "stage": ["0", "5", "7", "8", "-1"],
            "reason": ["", "Not proven"],
            "expected_stage": ["0", "5", "8"],
        }
    )
)
def test_review_decide_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    with rolled_back():
        check_post(
            client_for(case.assessor), reverse("review_decide", args=[case.assessment.pk]), post
        )


@FUZZ
@given(post=fields({}))
def test_review_claim_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    with rolled_back():
        check_post(
            client_for(assessor_user()), reverse("review_claim", args=[world.claimable.pk]), post
        )


@FUZZ
@given(data=st.data())
def test_review_assign_fuzzed_is_never_a_server_error(world, data) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    post = data.draw(fields({"assessor": [str(case.assessor.pk), str(world.lead.pk), ""]}))
    with rolled_back():
        check_post(
            client_for(world.admin), reverse("review_assign", args=[case.assessment.pk]), post
        )


@FUZZ
@given(post=fields({"title": ["DIAM 2029", "", "t" * 201]}))
def test_assessment_copy_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    case = world.validated
    with rolled_back():
        check_post(
            client_for(case.lead), reverse("assessment_copy", args=[case.assessment.pk]), post
        )


@FUZZ
@given(
    query=fields(
        {
            "status": AssessmentStatus.values,
            "country": ["DE", "XX"],
            "assessor": ["me", "nobody", "1"],
            "sort": ["organization", "-submitted", "bogus"],
            "page": ["1", "2", "0", "-1", "last"],
        }
    )
)
def test_review_queue_filters_fuzzed_are_never_a_server_error(world, query) -> None:  # type: ignore[no-untyped-def]
    query = {k: v for k, v in query.items() if not isinstance(v, SimpleUploadedFile)}
    for user in (world.review.assessor, world.admin):
        response = client_for(user).get(reverse("review_queue"), query)

        assert response.status_code == 200, (query, getattr(response, "exc_info", None))


# Exports (admins) ----------------------------------------------------------------------------


@FUZZ
@given(
    post=fields(
        {
            "status": ["", *AssessmentStatus.values],
            "country": ["", "DE"],
            "kind": ["", "hospital"],
            "stage": ["", "0", "5", "8"],
            "date_field": ["created", "submitted"],
            "date_from": ["2026-01-01", "2026-13-01"],
            "date_to": ["2025-01-01", "2027-01-01"],
            # Not the scorecard ZIP: rendering PDFs is too slow for a fuzz run.
            "output": ["answers_csv", "assessments_xlsx", "benchmark"],
        }
    )
)
def test_export_index_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    if _last(post, "output") == "scorecards_zip":
        post["output"] = "answers_csv"
    with rolled_back():
        check_post(client_for(world.admin), reverse("export_index"), post)


# Accounts ------------------------------------------------------------------------------------


@FUZZ
@given(
    post=fields({"username": ["lena", "lena@example.org", ""], "password": ["wrong", "", "\x00"]})
)
def test_login_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    with rolled_back():
        check_post(client_for(None), reverse("login"), post)


@FUZZ
@given(
    post=fields(
        {
            "username": ["newbie", "lena", ""],
            "first_name": ["New", ""],
            "last_name": ["Bie", "l" * 151],
            "password1": ["Long-enough-pass-2026", "short"],
            "password2": ["Long-enough-pass-2026", "other"],
        }
    )
)
def test_invitation_accept_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    url = reverse("invitation_accept", args=[world.invitation.token])
    with rolled_back():
        check_post(client_for(None), url, post)


@FUZZ
@given(post=fields({"email": ["lena@example.org", "nobody@example.org", "no-at"]}))
def test_password_reset_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    with rolled_back():
        check_post(client_for(None), reverse("password_reset"), post)


@FUZZ
@given(
    post=fields(
        {
            "new_password1": ["Long-enough-pass-2026", "1"],
            "new_password2": ["Long-enough-pass-2026"],
        }
    )
)
def test_password_reset_confirm_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    user = world.lead
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    client = client_for(None)
    # The first request puts the token in the session and redirects to the form's own URL.
    start = client.get(
        reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    )
    with rolled_back():
        check_post(client, start["Location"], post)


@FUZZ
@given(
    post=fields(
        {
            "old_password": ["correct-horse-battery", "wrong"],
            "new_password1": ["Long-enough-pass-2026", "1"],
            "new_password2": ["Long-enough-pass-2026"],
        }
    )
)
def test_password_change_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    with rolled_back():
        check_post(client_for(world.lead), reverse("password_change"), post)


# Added with issue 9: verdict autosave, accept all remaining, claim from the review page, threads,
# section assignments, invitations sent again or withdrawn, the timeline and review filters -------

SHOW = ["", "without", "changed", "bogus"]


@PAGE_FUZZ
@given(data=st.data())
def test_verdict_autosave_fuzzed_is_never_a_server_error_nor_a_partial_save(world, data) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    answer = Answer.objects.filter(assessment=case.assessment).order_by("pk").first()
    key = f"v-{answer.pk}"
    post = data.draw(
        fields(
            {
                f"{key}-decision": ["accepted", "not_accepted", ""],
                f"{key}-comment": ["", "Show the contract", "x" * 10_001],
                f"{key}-version": VERSIONS,
                "resolve": ["", "mine", "theirs", "bogus"],
            }
        )
    )
    url = reverse("review_verdict_autosave", args=[case.assessment.pk, answer.pk])
    with rolled_back():
        check_post(client_for(case.assessor), url, post, accepted=(200,))


@PAGE_FUZZ
@given(section=st.sampled_from(["stage-1", "group-c", "bogus"]), post=fields({"show": SHOW}))
def test_accept_remaining_fuzzed_is_never_a_server_error(world, section, post) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    url = reverse("review_accept_remaining", args=[case.assessment.pk, section])
    with rolled_back():
        check_post(client_for(case.assessor), url, post)


@FUZZ
@given(post=fields({"start": ["1", "", "0", "yes"]}))
def test_review_claim_from_the_review_page_fuzzed_is_never_a_server_error(world, post) -> None:  # type: ignore[no-untyped-def]
    with rolled_back():
        response = check_post(
            client_for(assessor_user()), reverse("review_claim", args=[world.claimable.pk]), post
        )
        assert response.status_code == 302


@PAGE_FUZZ
@given(data=st.data())
def test_answer_message_fuzzed_is_never_a_server_error(world, data) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    answer = Answer.objects.filter(assessment=case.assessment).order_by("pk").first()
    who = data.draw(st.sampled_from(["assessor", "lead"]))
    post = data.draw(
        fields(
            {
                f"m{answer.pk}-body": ["Show the contract", "", " ", "x" * 2_001, "a\x00b"],
                "where": ["review", "slot", "", "bogus"],
                "next": NEXT,
            }
        )
    )
    url = reverse("answer_message_create", args=[case.assessment.pk, answer.pk])
    with rolled_back():
        check_post(client_for(getattr(case, who)), url, post, accepted=(200, 302))


@FUZZ
@given(data=st.data())
def test_section_assignments_fuzzed_is_never_a_server_error(world, data) -> None:  # type: ignore[no-untyped-def]
    members = [
        str(pk)
        for pk in world.assessment.organization.memberships.values_list("user_id", flat=True)
    ]
    choices: dict[str, list[Any]] = {}
    for slug in ("stage-1", "group-a"):
        choices[f"{slug}-assignee"] = [*members, str(world.review.assessor.pk), ""]
        choices[f"{slug}-due_date"] = ["2099-01-31", "2000-01-01", "", "2026-02-30"]
    post = data.draw(fields(choices))
    url = reverse("assessment_assignments", args=[world.assessment.pk])
    with rolled_back():
        check_post(client_for(world.lead), url, post)


@FUZZ
@given(action=st.sampled_from(["invitation_resend", "invitation_revoke"]), post=fields({}))
def test_invitation_resend_and_revoke_fuzzed_are_never_a_server_error(world, action, post) -> None:  # type: ignore[no-untyped-def]
    slug = world.assessment.organization.slug
    url = reverse(action, args=[slug, world.invitation.pk])
    with rolled_back():
        check_post(client_for(world.lead), url, post)


def get_fields(query: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in query.items() if not isinstance(v, SimpleUploadedFile)}


@PAGE_FUZZ
@given(
    query=fields(
        {
            "section": ["stage-1", "group-c", "bogus"],
            "person": ["1", "system", "999", "x"],
            "kind": ["answer", "verdict", "message", "bogus"],
            "page": ["1", "2", "0", "-1", "last"],
        }
    )
)
def test_timeline_filters_fuzzed_are_never_a_server_error(world, query) -> None:  # type: ignore[no-untyped-def]
    case = world.review
    for user in (case.lead, case.assessor):
        response = client_for(user).get(
            reverse("assessment_timeline", args=[case.assessment.pk]), get_fields(query)
        )

        assert response.status_code == 200, (query, getattr(response, "exc_info", None))


@PAGE_FUZZ
@given(query=fields({"show": SHOW}))
def test_review_filter_fuzzed_is_never_a_server_error(world, query) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.review.assessor).get(
        reverse("assessment_review", args=[world.review.assessment.pk]), get_fields(query)
    )

    assert response.status_code == 200, (query, getattr(response, "exc_info", None))
