"""Writes on organizations and assessments (services), named `<entity>_<action>`."""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.utils import bulk_create_with_history

from assessments.access import EDITABLE_STATUSES
from assessments.enums import Role
from assessments.exchange import CatalogIndex, Document
from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from assessments.selectors import assessment_title_next_free, assessment_title_taken
from criteria.models import CatalogVersion, Criterion, ServiceArea

logger = logging.getLogger(__name__)


def catalog_index(catalog: CatalogVersion) -> CatalogIndex:
    return CatalogIndex(
        slug=catalog.slug,
        scopes=dict(Criterion.objects.filter(catalog=catalog).values_list("code", "scope")),
        area_codes=frozenset(ServiceArea.objects.values_list("code", flat=True)),
        countries=frozenset(code for code, _ in countries),
    )


def organization_unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "organization"
    slug, suffix = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def assessment_import(
    *, document: Document, catalog: CatalogVersion, created_by: AbstractBaseUser | None = None
) -> Assessment:
    """Create a draft assessment from a validated document; reuse the organization by name."""
    organization = Organization.objects.filter(name=document.organization_name).first()
    if organization is None:
        organization = Organization(
            name=document.organization_name,
            slug=organization_unique_slug(document.organization_name),
            country=document.country,
            kind=document.kind,
        )
        organization.full_clean()
        organization.save()

    # Importing a document again gives a second assessment: "Title (2)".
    assessment = Assessment(
        organization=organization,
        catalog=catalog,
        title=assessment_title_next_free(
            organization=organization, base=document.title or "Imported assessment"
        ),
        created_by=created_by,
    )
    assessment.full_clean()
    assessment.save()

    areas = {area.code: area for area in ServiceArea.objects.all()}
    criteria = {c.code: c for c in Criterion.objects.filter(catalog=catalog)}
    AssessmentArea.objects.bulk_create(
        AssessmentArea(
            assessment=assessment,
            service_area=areas[item.code],
            annual_volume=item.annual_volume,
        )
        for item in document.service_areas
    )
    # With history rows, so that the audit trail starts with the imported answers.
    bulk_create_with_history(
        [
            Answer(
                assessment=assessment,
                criterion=criteria[item.criterion],
                service_area=areas[item.service_area] if item.service_area else None,
                status=item.status,
                comment=item.comment,
                updated_by=created_by,
            )
            for item in document.answers
        ],
        Answer,
        default_user=created_by,
    )
    return assessment


def organization_update(
    *, organization: Organization, name: str, country: str, kind: str, language: str = ""
) -> Organization:
    """Change the profile; on a validation error the instance is reloaded and nothing is saved.
    The slug stays: links and bookmarks keep working after a rename."""
    organization.name = name
    organization.country = country
    organization.kind = kind
    organization.language = language
    try:
        organization.full_clean()
    except ValidationError:
        organization.refresh_from_db()
        raise
    organization.save()
    return organization


def _lead_count(organization_id: int) -> int:
    # Locks the leads' rows (PostgreSQL), so two concurrent demotions cannot both pass the check.
    return len(
        Membership.objects.select_for_update()
        .filter(organization_id=organization_id, role=Role.LEAD)
        .values_list("pk", flat=True)
    )


LAST_LEAD_MESSAGE = _("An organization needs at least one lead: make another member lead first.")


@transaction.atomic
def membership_update_role(*, membership: Membership, role: str) -> Membership:
    if (
        membership.role == Role.LEAD
        and role != Role.LEAD
        and _lead_count(membership.organization_id) <= 1
    ):
        raise ValidationError(LAST_LEAD_MESSAGE, code="last_lead")
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Role.LEAD and _lead_count(membership.organization_id) <= 1:
        raise ValidationError(LAST_LEAD_MESSAGE, code="last_lead")
    membership.delete()


def assessment_title_validate(*, organization: Organization, title: str) -> None:
    """Refuse a title another assessment of the organization has (in any case), naming it."""
    clash = assessment_title_taken(organization_id=organization.pk, title=title)
    if clash is not None:
        raise ValidationError(
            {
                "title": ValidationError(
                    _(
                        "%(organization)s already has an assessment titled “%(title)s”. "
                        "Choose another title."
                    ),
                    code="title_taken",
                    params={"organization": organization.name, "title": clash},
                )
            }
        )


def assessment_save_new(*, assessment: Assessment) -> None:
    """Insert a checked new assessment; a concurrent one with the same title is refused clearly."""
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        assessment_title_validate(organization=assessment.organization, title=assessment.title)
        raise


def _assessment_areas_build(
    assessment: Assessment, areas: dict[str, int | None], service_areas: dict[str, ServiceArea]
) -> list[AssessmentArea]:
    if not areas:
        raise ValidationError(_("Choose at least one active service area."), code="no_area")
    unknown = sorted(set(areas) - set(service_areas))
    if unknown:
        raise ValidationError(
            _("Unknown service area: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_area",
        )
    rows = []
    for code, volume in areas.items():
        row = AssessmentArea(
            assessment=assessment, service_area=service_areas[code], annual_volume=volume
        )
        # The foreign keys are known rows and the codes are unique (dict keys): checking them
        # again would cost two queries per area.
        row.full_clean(exclude=["assessment", "service_area"], validate_constraints=False)
        rows.append(row)
    return rows


@transaction.atomic
def assessment_create(
    *,
    organization: Organization,
    catalog: CatalogVersion,
    title: str,
    areas: dict[str, int | None],
    created_by: AbstractBaseUser | None,
) -> Assessment:
    """A new draft assessment with its active service areas (code -> annual volume or None)."""
    assessment = Assessment(
        organization=organization, catalog=catalog, title=title.strip(), created_by=created_by
    )
    assessment_title_validate(organization=organization, title=assessment.title)
    assessment.full_clean()
    service_areas = {area.code: area for area in ServiceArea.objects.filter(code__in=areas)}
    rows = _assessment_areas_build(assessment, areas, service_areas)
    assessment_save_new(assessment=assessment)
    for row in rows:
        row.assessment = assessment
    AssessmentArea.objects.bulk_create(rows)
    return assessment


@transaction.atomic
def assessment_areas_update(
    *, assessment: Assessment, areas: dict[str, int | None], user: AbstractBaseUser
) -> int:
    """Set the active areas and their volumes. The answers of removed areas are deleted (with
    their evidence rows); returns how many answers were deleted."""
    if assessment.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Service areas can only be changed while the assessment is a draft."),
            code="not_draft",
        )
    service_areas = {area.code: area for area in ServiceArea.objects.filter(code__in=areas)}
    rows = _assessment_areas_build(assessment, areas, service_areas)
    current = {
        row.service_area.code: row
        for row in AssessmentArea.objects.filter(assessment=assessment).select_related(
            "service_area"
        )
    }
    removed = sorted(set(current) - set(areas))
    deleted = 0
    if removed:
        _total, per_model = Answer.objects.filter(
            assessment=assessment, service_area__code__in=removed
        ).delete()
        deleted = per_model.get(Answer._meta.label, 0)
        AssessmentArea.objects.filter(
            assessment=assessment, service_area__code__in=removed
        ).delete()
    changed = []
    for row in rows:
        existing = current.get(row.service_area.code)
        if existing is None:
            continue
        if existing.annual_volume != row.annual_volume:
            existing.annual_volume = row.annual_volume
            changed.append(existing)
    AssessmentArea.objects.bulk_update(changed, ["annual_volume"])
    AssessmentArea.objects.bulk_create(row for row in rows if row.service_area.code not in current)
    assessment.save(update_fields=["updated_at"])
    logger.info(
        "Service areas of assessment %s set to %s by %s (%s answers deleted)",
        assessment.pk,
        ", ".join(sorted(areas)),
        user.get_username(),
        deleted,
    )
    return deleted
