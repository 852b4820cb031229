"""Reads on section assignments (selectors), named `<entity>_<action>`."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from assessments.access import EDITABLE_STATUSES, assessments_for_user
from assessments.models import Answer, Assessment, AssessmentArea
from assessments.sections import Section, catalog_sections
from assessments.workspace import Progress, section_progress
from assignments.models import SectionAssignment
from criteria.models import ServiceArea


@dataclass(frozen=True)
class AssignmentRow:
    """An assignment with its section and how far its required answers are given."""

    assignment: SectionAssignment
    section: Section
    progress: Progress


def section_progress_by_assessment(
    assessments: Iterable[Assessment],
) -> dict[tuple[int, str], tuple[Section, Progress]]:
    """(assessment id, section slug) -> the section and its progress, like the section
    navigation counts them. Three queries per catalog version, plus two, however many
    assessments."""
    assessments = list(assessments)
    sections_by_catalog: dict[int, list[Section]] = {}
    for assessment in assessments:
        if assessment.catalog_id not in sections_by_catalog:
            sections_by_catalog[assessment.catalog_id] = catalog_sections(assessment.catalog_id)
    ids = [assessment.pk for assessment in assessments]
    areas: dict[int, list[ServiceArea]] = {pk: [] for pk in ids}
    for area in (
        AssessmentArea.objects.filter(assessment_id__in=ids)
        .select_related("service_area")
        .order_by("service_area__order")
    ):
        areas[area.assessment_id].append(area.service_area)
    answered: dict[int, set[tuple[int, int | None]]] = {pk: set() for pk in ids}
    for assessment_id, criterion_id, area_id in Answer.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "criterion_id", "service_area_id"):
        answered[assessment_id].add((criterion_id, area_id))
    return {
        (assessment.pk, section.slug): (
            section,
            section_progress(section, areas[assessment.pk], answered[assessment.pk]),
        )
        for assessment in assessments
        for section in sections_by_catalog[assessment.catalog_id]
    }


def section_assignment_rows(assignments: Iterable[SectionAssignment]) -> list[AssignmentRow]:
    """The assignments (their assessments already loaded) with section and progress; an
    assignment whose section is no longer in the catalog is left out."""
    assignments = list(assignments)
    assessments = {a.assessment_id: a.assessment for a in assignments}
    progress = section_progress_by_assessment(assessments.values())
    rows = []
    for assignment in assignments:
        found = progress.get((assignment.assessment_id, assignment.section))
        if found is not None:
            rows.append(AssignmentRow(assignment=assignment, section=found[0], progress=found[1]))
    return rows


def section_assignment_list_for_user(
    *, user: AbstractBaseUser | AnonymousUser
) -> list[AssignmentRow]:
    """The sections assigned to the user in assessments still being answered (a draft, or
    changes requested) that the user may still see, soonest due first."""
    if not user.is_authenticated:
        return []
    assignments = (
        SectionAssignment.objects.filter(
            assignee=user,
            assessment__status__in=EDITABLE_STATUSES,
            assessment__in=assessments_for_user(user),
        )
        .select_related("assessment__organization")
        .order_by("due_date", "assessment__title", "section")
    )
    return section_assignment_rows(assignments)


def section_assignment_map(*, assessment: Assessment) -> dict[str, SectionAssignment]:
    """Section slug -> its assignment, with the assignee."""
    return {
        assignment.section: assignment
        for assignment in SectionAssignment.objects.filter(assessment=assessment).select_related(
            "assignee"
        )
    }


def assignee_choices(*, assessment: Assessment) -> QuerySet[AbstractBaseUser]:
    """The members a section can be assigned to: the organization's active members."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__organization_id=assessment.organization_id)
        .order_by("first_name", "last_name", "username")
    )
