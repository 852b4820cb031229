"""Who may see and do what with an organization's assessments: one place for these rules.

Members of the organization, admins (staff) and (later) assigned assessors see an assessment;
everyone else gets a 404, never a hint that it exists.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from assessments.enums import AssessmentStatus, Role
from assessments.models import Assessment, Membership, Organization

EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT})


def organizations_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user)


def assessments_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Assessment]:
    if not user.is_authenticated:
        return Assessment.objects.none()
    if user.is_staff:
        return Assessment.objects.all()
    return Assessment.objects.filter(organization__memberships__user=user)


def membership_role(user: AbstractBaseUser | AnonymousUser, organization_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organization_id=organization_id)
        .values_list("role", flat=True)
        .first()
    )


@dataclass(frozen=True)
class OrganizationAccess:
    organization: Organization
    role: str | None
    is_staff: bool

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD

    @property
    def can_manage(self) -> bool:
        """Edit the profile, the members and the areas, start assessments, submit."""
        return self.is_lead or self.is_staff


@dataclass(frozen=True)
class AssessmentAccess:
    assessment: Assessment
    role: str | None
    is_staff: bool

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD

    @property
    def can_edit_answers(self) -> bool:
        return (self.is_member or self.is_staff) and self.assessment.status in EDITABLE_STATUSES

    @property
    def can_manage(self) -> bool:
        return (self.is_lead or self.is_staff) and self.assessment.status in EDITABLE_STATUSES

    @property
    def can_submit(self) -> bool:
        return self.can_manage


def organization_access(user: AbstractBaseUser | AnonymousUser, slug: str) -> OrganizationAccess:
    """The organization and the user's rights on it, or 404 for anyone who may not see it."""
    organization = organizations_for_user(user).filter(slug=slug).first()
    if organization is None:
        raise Http404
    return OrganizationAccess(
        organization=organization,
        role=membership_role(user, organization.pk),
        is_staff=bool(user.is_staff),
    )


def assessment_access(user: AbstractBaseUser | AnonymousUser, pk: int) -> AssessmentAccess:
    """The assessment and the user's rights on it, or 404 for anyone who may not see it."""
    assessment = (
        assessments_for_user(user).select_related("organization", "catalog").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    return AssessmentAccess(
        assessment=assessment,
        role=membership_role(user, assessment.organization_id),
        is_staff=bool(user.is_staff),
    )
