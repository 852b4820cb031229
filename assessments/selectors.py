"""Reads on organizations and assessments (selectors), named `<entity>_<action>`."""

from assessments.exchange import DocAnswer, DocArea, Document
from assessments.models import Answer, Assessment, AssessmentArea


def assessment_document(assessment: Assessment) -> Document:
    """The assessment in the exchange format, in catalog order."""
    organization = assessment.organization
    areas = AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
    answers = (
        Answer.objects.filter(assessment=assessment)
        .select_related("criterion", "service_area")
        .order_by("criterion__order", "service_area__order")
    )
    return Document(
        organization_name=organization.name,
        country=str(organization.country),
        kind=organization.kind,
        model=assessment.catalog.slug,
        title=assessment.title,
        service_areas=[
            DocArea(code=a.service_area.code, annual_volume=a.annual_volume)
            for a in areas.order_by("service_area__order")
        ],
        answers=[
            DocAnswer(
                criterion=a.criterion.code,
                status=a.status,
                service_area=a.service_area.code if a.service_area else None,
                comment=a.comment,
            )
            for a in answers
        ],
    )
