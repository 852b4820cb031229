"""Factories and helpers of the review tests: assessors, fully answered assessments, verdicts."""

from dataclasses import dataclass
from datetime import UTC, datetime

import factory
from django.contrib.auth.models import Group
from django.test import Client

from assessments.access import ASSESSORS_GROUP
from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment, AssessmentArea, Verdict
from criteria.enums import Scope
from criteria.models import Criterion
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    assessment_with_areas,
)

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
SUBMITTED_AT = datetime(2026, 2, 20, 9, 0, tzinfo=UTC)
AREAS = ["radiology", "cardiology"]
# Groups B and C not met: with stage 4 held and group A met, the stage is 5.
STAGE_5 = {"B.1": "not_met", "C.1": "partial"}


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    answer = factory.SubFactory(AnswerFactory)
    accepted = True
    comment = ""


def assessor_user(**kwargs: object) -> object:
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=ASSESSORS_GROUP)[0])
    return user


def answer_everything(
    assessment: Assessment, overrides: dict[str, str] | None = None
) -> list[Answer]:
    """Answer every required slot `met`, except `overrides` (code -> status)."""
    areas = [
        a.service_area
        for a in AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    ]
    answers = []
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True).order_by(
        "order"
    ):
        if criterion.scope == Scope.BASELINE:
            continue
        for area in areas if criterion.scope == Scope.AREA else [None]:
            answers.append(
                AnswerFactory(
                    assessment=assessment,
                    criterion=criterion,
                    service_area=area,
                    status=(overrides or {}).get(criterion.code, "met"),
                )
            )
    return answers


def answer_of(assessment: Assessment, code: str, area: str | None = None) -> Answer:
    return Answer.objects.select_related("verdict").get(
        assessment=assessment, criterion__code=code, service_area__code=area
    )


def verdicts_all(
    assessment: Assessment,
    assessor: object,
    rejected: dict[tuple[str, str | None], str] | None = None,
) -> None:
    """A verdict on every answer: accepted, except `rejected` ((code, area) -> comment)."""
    rejected = rejected or {}
    for answer in Answer.objects.filter(assessment=assessment).select_related(
        "criterion", "service_area"
    ):
        key = (answer.criterion.code, answer.service_area.code if answer.service_area else None)
        comment = rejected.get(key)
        VerdictFactory(
            answer=answer, accepted=comment is None, comment=comment or "", assessor=assessor
        )


@dataclass
class ReviewCase:
    assessment: Assessment
    lead: object
    contributor: object
    assessor: object
    outsider: object


def review_case(
    status: str = AssessmentStatus.IN_REVIEW,
    *,
    areas: list[str] | None = None,
    overrides: dict[str, str] | None = None,
    assigned: bool = True,
    **kwargs: object,
) -> ReviewCase:
    """An organization with a lead and a contributor, an outsider, an assessor, and a fully
    answered assessment (stage 5 by default) in `status`, submitted at SUBMITTED_AT."""
    organization = kwargs.pop("organization", None) or OrganizationFactory()
    lead = MembershipFactory(organization=organization, role=Role.LEAD).user
    contributor = MembershipFactory(organization=organization, role=Role.CONTRIBUTOR).user
    outsider = MembershipFactory(role=Role.LEAD).user
    assessor = assessor_user()
    draft = status == AssessmentStatus.DRAFT
    fields: dict[str, object] = {
        "organization": organization,
        "status": status,
        "submitted_at": None if draft else SUBMITTED_AT,
        "self_assessed_stage": None if draft else 5,
        "assessor": assessor if assigned and not draft else None,
        **kwargs,
    }
    assessment = assessment_with_areas(areas or AREAS, **fields)
    answer_everything(assessment, STAGE_5 if overrides is None else overrides)
    return ReviewCase(
        assessment=assessment,
        lead=lead,
        contributor=contributor,
        assessor=assessor,
        outsider=outsider,
    )


def snapshot(assessment: Assessment) -> dict[str, object]:
    return Assessment.objects.values().get(pk=assessment.pk)


def verdicts_snapshot(assessment: Assessment) -> list[tuple[object, ...]]:
    return list(
        Verdict.objects.filter(answer__assessment=assessment)
        .order_by("pk")
        .values_list("answer_id", "accepted", "comment", "assessor_id")
    )


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def message_texts(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]
