"""Factories of the discussion tests: messages, and an assessment with challenged answers."""

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from assessments.enums import AssessmentStatus
from discussions.enums import Side
from discussions.models import AnswerMessage
from tests.assessments.review_factories import ReviewCase, review_case, verdicts_all
from tests.factories import AnswerFactory

WHY_1_1 = "Show the PACS contract for radiology."
WHY_2_2 = "The import policy is a draft:\nshow the signed version."


class AnswerMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerMessage

    answer = factory.SubFactory(AnswerFactory)
    author = None
    side = Side.ORGANIZATION
    body = "We sent the signed version."


def returned_case(status: str = AssessmentStatus.CHANGES_REQUESTED, **kwargs: object) -> ReviewCase:
    """A review case whose assessor did not accept 1.1 in radiology and 2.2, and accepted every
    other answer."""
    case = review_case(status, **kwargs)
    verdicts_all(
        case.assessment,
        case.assessor,
        rejected={("1.1", "radiology"): WHY_1_1, ("2.2", None): WHY_2_2},
    )
    return case


def at(moment: datetime, model: type, pk: int, field: str) -> None:
    """Set an auto_now / auto_now_add time, which save() would overwrite."""
    model.objects.filter(pk=pk).update(**{field: moment})  # type: ignore[attr-defined]


def later() -> datetime:
    return timezone.now() + timedelta(minutes=5)
