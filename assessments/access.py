"""Who may see and do what with an organization's assessments: one place for these rules.

Members of the organization, admins (staff) and the assigned assessor see an assessment;
everyone else gets a 404, never a hint that it exists.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from assessments.enums import AssessmentStatus, Role
from assessments.models import Answer, Assessment, Membership, Organization

ASSESSORS_GROUP = "Assessors"
# Members edit every answer of a draft; while changes are requested, only challenged answers.
EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.CHANGES_REQUESTED})
# Members see the assessor's verdicts once a decision is made, not while the review runs.
VERDICTS_VISIBLE_TO_MEMBERS = frozenset(
    {AssessmentStatus.CHANGES_REQUESTED, AssessmentStatus.VALIDATED}
)
# Members see the assessor's findings (strengths, recommendations) once the assessment is
# validated, as the review form promises: not while changes are requested (the review goes on).
FINDINGS_VISIBLE_TO_MEMBERS = frozenset({AssessmentStatus.VALIDATED})
# The review queue: assessments waiting for an assessor or being reviewed.
REVIEW_QUEUE_STATUSES = frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW})
# The conversation on each answer (discussions): open from the submission until the validation;
# read-only afterwards (the threads stay). Members take part once they see the verdicts.
DISCUSSION_OPEN_STATUSES = frozenset(
    {AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW, AssessmentStatus.CHANGES_REQUESTED}
)


def findings_released(assessment: Assessment) -> bool:
    """Are the assessor's findings shown to the organization? Also what outputs made without a
    reader show (the bulk scorecard ZIP, `render_scorecard`): the organization's view."""
    return assessment.status in FINDINGS_VISIBLE_TO_MEMBERS


def is_assessor(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated) and user.groups.filter(name=ASSESSORS_GROUP).exists()


def claiming_allowed() -> bool:
    """May assessors claim submitted assessments nobody is assigned to (DIAM_ASSESSOR_CLAIMING)?"""
    return bool(settings.DIAM_ASSESSOR_CLAIMING)


def may_use_review_queue(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Admins and assessors have a review queue; everyone else gets a 404 there."""
    return bool(user.is_authenticated) and (bool(user.is_staff) or is_assessor(user))


def review_queue_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Assessment]:
    """The assessments in the user's review queue: admins see every submitted or in-review
    assessment; an assessor sees those assigned to them, plus the unassigned submitted ones
    they may claim when claiming is allowed (not those of their own organizations). Callers
    check `may_use_review_queue` first."""
    queue = Assessment.objects.filter(status__in=REVIEW_QUEUE_STATUSES)
    if not user.is_authenticated:
        return queue.none()
    if user.is_staff:
        return queue
    mine = Q(assessor=user)
    if claiming_allowed():
        member_of = Membership.objects.filter(user=user).values("organization")
        mine |= Q(assessor__isnull=True, status=AssessmentStatus.SUBMITTED) & ~Q(
            organization__in=member_of
        )
    return queue.filter(mine)


def claimable_assessments(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Assessment]:
    """Submitted assessments nobody reviews yet that this assessor may claim (none when claiming
    is turned off, or for organizations the assessor belongs to)."""
    if not (claiming_allowed() and is_assessor(user)):
        return Assessment.objects.none()
    member_of = Membership.objects.filter(user=user).values("organization")
    return Assessment.objects.filter(
        status=AssessmentStatus.SUBMITTED, assessor__isnull=True
    ).exclude(organization__in=member_of)


def may_see_programme(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The programme dashboard (every organization's figures, assessors' workload, expiring
    validations): admins only; everyone else gets a 404 there."""
    return bool(user.is_authenticated) and bool(user.is_staff)


def may_review(user: AbstractBaseUser | AnonymousUser, assessment: Assessment) -> bool:
    """Review (verdicts, findings, decisions): the assigned assessor, or an admin."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff) or (
        assessment.assessor_id is not None and assessment.assessor_id == user.pk
    )


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
    member_of = Membership.objects.filter(user=user).values("organization")
    return Assessment.objects.filter(Q(organization__in=member_of) | Q(assessor=user))


def may_see_assessment(
    user: AbstractBaseUser | AnonymousUser, assessment: Assessment, role: str | None
) -> bool:
    """assessments_for_user's rule for one assessment already read, with the user's role in its
    organization (membership_role): admins, its organization's members, its assessor."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff) or role is not None or assessment.assessor_id == user.pk


def membership_role(user: AbstractBaseUser | AnonymousUser, organization_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organization_id=organization_id)
        .values_list("role", flat=True)
        # One row at most: by pk, not the default order (which joins the organization).
        .order_by("pk")
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
    user_id: int | None = None
    # An assessor who may claim the assessment sees its review page read-only (review_access).
    can_claim: bool = False

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD

    @property
    def is_assigned_assessor(self) -> bool:
        return self.user_id is not None and self.assessment.assessor_id == self.user_id

    @property
    def can_edit_answers(self) -> bool:
        """May edit some answers now (which ones: `can_edit_answer`)."""
        return (self.is_member or self.is_staff) and self.assessment.status in EDITABLE_STATUSES

    def can_edit_answer(self, answer: Answer | None) -> bool:
        """While changes are requested, only the answers the assessor did not accept."""
        if not self.can_edit_answers:
            return False
        if self.assessment.status == AssessmentStatus.DRAFT:
            return True
        verdict = getattr(answer, "verdict", None) if answer is not None else None
        return verdict is not None and not verdict.accepted

    @property
    def can_manage(self) -> bool:
        """Edit the areas and submit: leads (and admins) while the assessment is a draft."""
        return (self.is_lead or self.is_staff) and self.assessment.status == AssessmentStatus.DRAFT

    @property
    def can_assign_sections(self) -> bool:
        """Assign sections to members, with a due date: leads (and admins) while answers are
        being given (a draft, or changes requested)."""
        return (self.is_lead or self.is_staff) and self.assessment.status in EDITABLE_STATUSES

    @property
    def can_submit(self) -> bool:
        """Submit a draft, or resubmit after changes were requested."""
        return (self.is_lead or self.is_staff) and self.assessment.status in EDITABLE_STATUSES

    @property
    def can_review(self) -> bool:
        return self.is_assigned_assessor or self.is_staff

    @property
    def can_record_verdicts(self) -> bool:
        """Verdicts and findings are written while the review runs, by its reviewers."""
        return self.can_review and self.assessment.status == AssessmentStatus.IN_REVIEW

    @property
    def can_copy(self) -> bool:
        """Start a new assessment from a copy of a validated one: leads and admins."""
        return (self.is_lead or self.is_staff) and self.assessment.status == (
            AssessmentStatus.VALIDATED
        )

    @property
    def can_see_verdicts(self) -> bool:
        return self.can_review or self.assessment.status in VERDICTS_VISIBLE_TO_MEMBERS

    @property
    def can_see_findings(self) -> bool:
        """The assessor's strengths and recommendations: its reviewers always, the organization's
        members once they are released (`findings_released`)."""
        return self.can_review or findings_released(self.assessment)

    @property
    def can_see_discussion(self) -> bool:
        """The threads on the answers: its reviewers always, members with the verdicts."""
        return self.can_see_verdicts

    @property
    def can_post_message(self) -> bool:
        """Write in the threads: whoever sees them, until the assessment is validated."""
        return self.can_see_discussion and self.assessment.status in DISCUSSION_OPEN_STATUSES

    @property
    def can_edit_plan(self) -> bool:
        """Mark the organization's improvement plan items done (see `PlanAccess.can_edit`)."""
        return self.is_lead

    @property
    def speaks_for_organization(self) -> bool:
        """A member writes for the organization; its assessor and admins for the assessor."""
        return self.is_member


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


def benchmark_organization(user: AbstractBaseUser | AnonymousUser, slug: str) -> Organization:
    """The organization whose peer benchmarks the user may see: its members, the assessors of its
    assessments and admins; 404 for everyone else. The page shows aggregates only."""
    if not user.is_authenticated:
        raise Http404
    organizations = Organization.objects.filter(slug=slug)
    if not user.is_staff:
        organizations = organizations.filter(
            Q(memberships__user=user) | Q(assessments__assessor=user)
        ).distinct()
    organization = organizations.first()
    if organization is None:
        raise Http404
    return organization


@dataclass(frozen=True)
class HistoryAccess:
    organization: Organization
    # The organization's assessments this user may open: all of them for its members and admins,
    # those assigned to them for an assessor. Comparisons show answers and comments, so they
    # offer only these; any other id is treated as unknown.
    assessments: QuerySet[Assessment]


def history_access(user: AbstractBaseUser | AnonymousUser, slug: str) -> HistoryAccess:
    """An organization's history (stages over time, comparisons): who sees its benchmarks (its
    members, the assessors of its assessments, admins); 404 for everyone else."""
    organization = benchmark_organization(user, slug)
    return HistoryAccess(
        organization=organization,
        assessments=assessments_for_user(user).filter(organization=organization),
    )


@dataclass(frozen=True)
class PlanAccess:
    organization: Organization
    role: str | None

    @property
    def can_edit(self) -> bool:
        """Set the target, choose the way and edit the items of the improvement plan: the
        organization's leads. Other members, its assessors and admins read it."""
        return self.role == Role.LEAD


def plan_access(user: AbstractBaseUser | AnonymousUser, slug: str) -> PlanAccess:
    """The organization's improvement plan: seen by the readers of its peer benchmarks (its
    members, the assessors of its assessments, admins); 404 for everyone else."""
    organization = benchmark_organization(user, slug)
    return PlanAccess(organization=organization, role=membership_role(user, organization.pk))


def assessment_access(user: AbstractBaseUser | AnonymousUser, pk: int) -> AssessmentAccess:
    """The assessment and the user's rights on it, or 404 for anyone who may not see it."""
    # The organization's improvement plan comes along: the section pages show its items beside
    # the answers, without a query when there is no plan.
    # By its key, then the rule in Python: two plain queries cost less to build than one
    # with assessments_for_user's subquery, and the role is read anyway.
    if not user.is_authenticated:
        raise Http404
    assessment = (
        Assessment.objects.select_related("organization__improvement_plan", "catalog")
        .filter(pk=pk)
        .order_by()
        .first()
    )
    if assessment is None:
        raise Http404
    role = membership_role(user, assessment.organization_id)
    if not may_see_assessment(user, assessment, role):
        raise Http404
    return AssessmentAccess(
        assessment=assessment, role=role, is_staff=bool(user.is_staff), user_id=user.pk
    )


def review_access(user: AbstractBaseUser | AnonymousUser, pk: int) -> AssessmentAccess:
    """The review page's access: its reviewers (the assigned assessor, admins), or an assessor
    who may claim the assessment (`claimable_assessments`: read-only, with a Claim button);
    404 for everyone else, members of the organization included."""
    try:
        access = assessment_access(user, pk)
    except Http404:
        access = None
    if access is not None and access.can_review:
        return access
    assessment = (
        claimable_assessments(user).select_related("organization", "catalog").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    return AssessmentAccess(
        assessment=assessment, role=None, is_staff=False, user_id=user.pk, can_claim=True
    )
