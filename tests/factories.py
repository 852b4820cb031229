"""factory_boy factories. Catalog rows come from the real fixture (see the `catalog` fixture)."""

import factory
from django.contrib.auth import get_user_model

from assessments.enums import OrganizationKind, Role
from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from criteria.models import CatalogVersion, Criterion, ServiceArea


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Hospital {n}")
    slug = factory.Sequence(lambda n: f"hospital-{n}")
    country = "DE"
    kind = OrganizationKind.HOSPITAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.CONTRIBUTOR


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organization = factory.SubFactory(OrganizationFactory)
    catalog = factory.LazyFunction(lambda: CatalogVersion.objects.get(slug="diam"))
    title = factory.Sequence(lambda n: f"Assessment {n}")


class AssessmentAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentArea

    assessment = factory.SubFactory(AssessmentFactory)
    service_area = factory.LazyFunction(lambda: ServiceArea.objects.get(code="radiology"))
    annual_volume = 10000


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    criterion = factory.LazyFunction(lambda: Criterion.objects.get(code="2.2"))
    service_area = None
    status = "met"


def assessment_with_areas(
    codes: list[str], volumes: dict[str, int] | None = None, **kwargs: object
) -> Assessment:
    assessment = AssessmentFactory(**kwargs)
    areas = {a.code: a for a in ServiceArea.objects.filter(code__in=codes)}
    for code in codes:
        AssessmentAreaFactory(
            assessment=assessment,
            service_area=areas[code],
            annual_volume=(volumes or {}).get(code, 10000),
        )
    return assessment
