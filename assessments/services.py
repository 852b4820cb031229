"""Writes on organizations and assessments (services), named `<entity>_<action>`."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify
from django_countries import countries

from assessments.exchange import CatalogIndex, Document
from assessments.models import Answer, Assessment, AssessmentArea, Organization
from criteria.models import CatalogVersion, Criterion, ServiceArea


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

    assessment = Assessment(
        organization=organization,
        catalog=catalog,
        title=document.title or "Imported assessment",
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
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            criterion=criteria[item.criterion],
            service_area=areas[item.service_area] if item.service_area else None,
            status=item.status,
            comment=item.comment,
            updated_by=created_by,
        )
        for item in document.answers
    )
    return assessment
