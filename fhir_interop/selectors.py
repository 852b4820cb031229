"""Reads for the FHIR resources: the catalog, our CodeSystems and an assessment, from the
database into the pure builders (questionnaire, codesystems, response)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from accounts.former_member import person_name, recorded_user_id
from assessments.answers import allowed_statuses
from assessments.enums import AnswerStatus, AssessmentStatus, OrganizationKind, Role
from assessments.models import Answer, Assessment, Membership
from assessments.selectors import assessment_document
from criteria.models import CatalogVersion, Criterion, Group, ServiceArea, Stage
from fhir_interop.canonical import (
    ANSWER_STATUS,
    ORGANIZATION_KIND,
    SERVICE_AREA,
    Canonical,
    canonical_from_settings,
    group_link,
    stage_link,
)
from fhir_interop.codesystems import Concept, code_system
from fhir_interop.questionnaire import (
    QuestionnaireCatalog,
    QuestionnaireCriterion,
    QuestionnaireSection,
    questionnaire,
)
from fhir_interop.response import ResponseContext, questionnaire_response, response_status


def status_concepts() -> dict[str, Concept]:
    definitions = {
        AnswerStatus.MET: _("The criterion is fulfilled; only this status counts toward a rule."),
        AnswerStatus.PARTIAL: _("Work has started: reported as progress, counted as not met."),
        AnswerStatus.NOT_MET: _("The criterion is not fulfilled."),
        AnswerStatus.NA: _(
            "Not applicable to this service area: the area leaves the criterion's denominator. "
            "Only for criteria answered per service area."
        ),
    }
    return {
        status.value: Concept(status.value, str(status.label), definitions[status])
        for status in AnswerStatus
    }


def area_concepts() -> list[Concept]:
    return [Concept(area.code, area.name, area.description) for area in ServiceArea.objects.all()]


def kind_concepts() -> list[Concept]:
    return [Concept(kind.value, str(kind.label)) for kind in OrganizationKind]


def code_system_resource(id: str, canonical: Canonical | None = None) -> dict[str, Any] | None:
    """One of our CodeSystems by id, or None."""
    canonical = canonical or canonical_from_settings()
    if id == ANSWER_STATUS:
        return code_system(
            id=id,
            canonical=canonical,
            name="DIAMAnswerStatus",
            title=_("DIAM answer status"),
            description=_("The status of an answer to a DIAM criterion."),
            concepts=list(status_concepts().values()),
        )
    if id == SERVICE_AREA:
        return code_system(
            id=id,
            canonical=canonical,
            name="DIAMServiceArea",
            title=_("DIAM service area"),
            description=_("The image-producing service areas an organization assesses."),
            concepts=area_concepts(),
        )
    if id == ORGANIZATION_KIND:
        return code_system(
            id=id,
            canonical=canonical,
            name="DIAMOrganizationKind",
            title=_("DIAM organization kind"),
            description=_("The kind of organization that assesses itself."),
            concepts=kind_concepts(),
        )
    return None


def _sections(catalog: CatalogVersion) -> list[tuple[str, str, list[Criterion]]]:
    """(linkId, title, criteria) of each stage and group with criteria, in survey order."""
    criteria = list(Criterion.objects.filter(catalog=catalog).order_by("order"))
    sections = [
        (
            stage_link(stage.number),
            stage.title,
            [c for c in criteria if c.stage_id == stage.pk],
        )
        for stage in Stage.objects.filter(catalog=catalog).order_by("number")
    ]
    sections.extend(
        (
            group_link(group.code),
            _("Group %(code)s: %(name)s") % {"code": group.code, "name": group.name},
            [c for c in criteria if c.group_id == group.pk],
        )
        for group in Group.objects.filter(catalog=catalog)
    )
    return [section for section in sections if section[2]]


def questionnaire_catalog(catalog: CatalogVersion) -> QuestionnaireCatalog:
    statuses = status_concepts()
    return QuestionnaireCatalog(
        slug=catalog.slug,
        name=catalog.name,
        description=catalog.description,
        sections=[
            QuestionnaireSection(
                link_id=link_id,
                title=title,
                criteria=[
                    QuestionnaireCriterion(
                        code=criterion.code,
                        text=criterion.text,
                        scope=criterion.scope,
                        statuses=[statuses[s] for s in allowed_statuses(criterion)],
                    )
                    for criterion in criteria
                ],
            )
            for link_id, title, criteria in _sections(catalog)
        ],
        areas=area_concepts(),
    )


def questionnaire_resource(
    catalog: CatalogVersion, canonical: Canonical | None = None
) -> dict[str, Any]:
    return questionnaire(
        catalog=questionnaire_catalog(catalog), canonical=canonical or canonical_from_settings()
    )


def questionnaire_for_id(id: str) -> dict[str, Any] | None:
    """The Questionnaire of the catalog version whose slug is `id`, or None."""
    catalog = CatalogVersion.objects.filter(slug=id).first()
    return None if catalog is None else questionnaire_resource(catalog)


def assessment_author(assessment: Assessment) -> str | None:
    """The name of who last changed an answer; else of who started the assessment; else of a
    lead. A deleted user is "former member" (accounts.former_member), never passed over for the
    person before them."""
    last = (
        Answer.objects.filter(assessment=assessment)
        .annotate(recorded_updated_by_id=recorded_user_id(Answer, "updated_by"))
        .filter(Q(updated_by__isnull=False) | Q(recorded_updated_by_id__isnull=False))
        .select_related("updated_by")
        .order_by("-updated_at", "-pk")
        .first()
    )
    if last is not None:
        return person_name(last.updated_by, recorded_id=last.recorded_updated_by_id)  # type: ignore[attr-defined]
    creator = (
        Assessment.objects.filter(pk=assessment.pk)
        .annotate(recorded_created_by_id=recorded_user_id(Assessment, "created_by"))
        .select_related("created_by")
        .get()
    )
    started_by = person_name(creator.created_by, recorded_id=creator.recorded_created_by_id)  # type: ignore[attr-defined]
    if started_by is not None:
        return started_by
    lead = (
        Membership.objects.filter(organization=assessment.organization_id, role=Role.LEAD)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    return None if lead is None else person_name(lead.user)


def assessment_resubmitted(assessment: Assessment) -> bool:
    """Were changes ever requested (so that the submitted answers were changed afterwards)?"""
    return bool(assessment.history.filter(status=AssessmentStatus.CHANGES_REQUESTED).exists())


def assessment_questionnaire_response(
    assessment: Assessment, canonical: Canonical | None = None
) -> dict[str, Any]:
    document = assessment_document(assessment)
    last_answer = Answer.objects.filter(assessment=assessment).aggregate(last=Max("updated_at"))
    authored = max(
        (t for t in (assessment.updated_at, last_answer["last"]) if t is not None), default=None
    )
    sections = _sections(assessment.catalog)
    context = ResponseContext(
        id=str(assessment.pk),
        status=response_status(assessment.status, resubmitted=assessment_resubmitted(assessment)),
        authored=authored,
        author=assessment_author(assessment),
        organization_slug=assessment.organization.slug,
        sections={c.code: link_id for link_id, _title, criteria in sections for c in criteria},
        section_order=[link_id for link_id, _title, _criteria in sections],
        status_displays={code: c.display for code, c in status_concepts().items()},
        area_displays={c.code: c.display for c in area_concepts()},
        kind_displays={c.code: c.display for c in kind_concepts()},
    )
    return questionnaire_response(
        document=document, context=context, canonical=canonical or canonical_from_settings()
    )
