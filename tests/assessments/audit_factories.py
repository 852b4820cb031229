"""Arrangements shared by the audit trail, timeline and notification tests."""

from django.test import Client

from assessments.enums import Role
from assessments.models import Assessment, AssessmentArea, Verdict
from criteria.enums import Scope
from criteria.models import Criterion
from tests.factories import AnswerFactory, MembershipFactory, UserFactory

# filetype recognizes a PDF by its first bytes.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def member(assessment: Assessment, username: str, role: str = Role.CONTRIBUTOR, **kwargs):  # type: ignore[no-untyped-def]
    user = UserFactory(username=username, **kwargs)
    MembershipFactory(organization=assessment.organization, role=role, user=user)
    return user


def answer_everything(assessment: Assessment) -> None:
    """Every required slot answered `met`, so that the assessment can be submitted."""
    areas = [
        a.service_area
        for a in AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    ]
    for criterion in Criterion.objects.filter(catalog=assessment.catalog, required=True):
        if criterion.scope == Scope.BASELINE:
            continue
        for area in areas if criterion.scope == Scope.AREA else [None]:
            AnswerFactory(assessment=assessment, criterion=criterion, service_area=area)


def verdict_record(answer, *, accepted: bool, comment: str = "", by) -> Verdict:  # type: ignore[no-untyped-def]
    """A verdict saved as the review does: the history records `by` as the author."""
    verdict = Verdict(answer=answer, accepted=accepted, comment=comment, assessor=by)
    verdict.full_clean()
    verdict._history_user = by  # type: ignore[attr-defined]
    verdict.save()
    return verdict


def slot_data(key: str, *, status: str, comment: str = "", version: int = 0) -> dict[str, str]:
    """The POST data of one answer slot of a section page."""
    return {
        f"{key}-status": status,
        f"{key}-comment": comment,
        f"{key}-initial_status": "",
        f"{key}-initial_comment": "",
        f"{key}-version": str(version),
    }
