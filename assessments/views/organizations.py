"""Organization profile, members, new assessments and their active areas (leads, admins).

Contributors may read the member list (they work with these colleagues); every change on these
pages needs `can_manage` (a lead of the organization, or staff). Outsiders get 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import invitations_pending
from assessments import services
from assessments.access import assessment_access, organization_access
from assessments.enums import Role
from assessments.organization_forms import (
    AssessmentAreasForm,
    AssessmentCreateForm,
    MemberActionForm,
    OrganizationForm,
    assessment_title_default,
)
from assessments.selectors import (
    assessment_active_areas,
    assessment_area_answer_counts,
    assessment_title_next_free,
    organization_member_list,
    organization_previous_areas,
    service_area_list,
)


def _add_model_errors(form: Form, error: ValidationError) -> None:
    """Show a service's validation error on the matching fields, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = organization_access(request.user, slug)
    if not access.can_manage:
        raise PermissionDenied
    organization = access.organization
    if request.method == "POST":
        form = OrganizationForm(request.POST)
        if form.is_valid():
            try:
                services.organization_update(organization=organization, **form.cleaned_data)
            except ValidationError as error:
                _add_model_errors(form, error)
            else:
                messages.success(request, _("The organization profile was saved."))
                return redirect("organization_edit", slug=organization.slug)
    else:
        form = OrganizationForm(
            initial={
                "name": organization.name,
                "country": organization.country.code,
                "kind": organization.kind,
                "language": organization.language,
            }
        )
    return render(
        request,
        "assessments/organization_form.html",
        {"organization": organization, "form": form},
    )


@login_required
def organization_members(request: HttpRequest, slug: str) -> HttpResponse:
    access = organization_access(request.user, slug)
    organization = access.organization
    memberships = organization_member_list(organization)
    if request.method == "POST":
        if not access.can_manage:
            raise PermissionDenied
        return _member_action(request, MemberActionForm(request.POST, memberships=memberships))
    return render(
        request,
        "assessments/members.html",
        {
            "organization": organization,
            "access": access,
            "memberships": memberships,
            "roles": Role.choices,
            "invitations": (
                invitations_pending(organization, timezone.now()) if access.can_manage else []
            ),
        },
    )


def _member_action(request: HttpRequest, form: MemberActionForm) -> HttpResponse:
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(request.path)
    membership = form.cleaned_data["membership"]
    name = membership.user.get_full_name() or membership.user.get_username()
    try:
        if form.cleaned_data["action"] == MemberActionForm.REMOVE:
            services.membership_remove(membership=membership)
            message = _("%(name)s was removed from the organization.") % {"name": name}
        else:
            services.membership_update_role(membership=membership, role=form.cleaned_data["role"])
            message = _("The role of %(name)s is now: %(role)s.") % {
                "name": name,
                "role": membership.get_role_display(),
            }
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(request.path)
    messages.success(request, message)
    if form.cleaned_data["action"] == MemberActionForm.REMOVE and (
        membership.user_id == request.user.pk and not request.user.is_staff
    ):
        # They removed themselves: the page is no longer theirs to see.
        return redirect("home")
    return redirect(request.path)


@login_required
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = organization_access(request.user, slug)
    if not access.can_manage:
        raise PermissionDenied
    organization = access.organization
    form = AssessmentCreateForm(
        request.POST if request.method == "POST" else None,
        service_areas=service_area_list(),
        active=organization_previous_areas(organization),
        title=assessment_title_next_free(
            organization=organization,
            base=assessment_title_default(timezone.localdate().year),
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                organization=organization,
                catalog=form.cleaned_data["catalog"],
                title=form.cleaned_data["title"],
                areas=form.areas(),
                created_by=request.user,
            )
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(
                request, _("The assessment “%(title)s” was created.") % {"title": assessment.title}
            )
            return redirect("assessment_detail", pk=assessment.pk)
    return render(
        request,
        "assessments/assessment_form.html",
        {"organization": organization, "form": form},
    )


@login_required
def assessment_areas(request: HttpRequest, pk: int) -> HttpResponse:
    access = assessment_access(request.user, pk)
    if not access.can_manage:
        raise PermissionDenied
    assessment = access.assessment
    form = AssessmentAreasForm(
        request.POST if request.method == "POST" else None,
        service_areas=service_area_list(),
        active=assessment_active_areas(assessment),
        answer_counts=assessment_area_answer_counts(assessment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            deleted = services.assessment_areas_update(
                assessment=assessment, areas=form.areas(), user=request.user
            )
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("The service areas were saved."))
            if deleted:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d answer was deleted.", "%(count)d answers were deleted.", deleted
                    )
                    % {"count": deleted},
                )
            return redirect("assessment_detail", pk=assessment.pk)
    return render(
        request,
        "assessments/areas.html",
        {"assessment": assessment, "organization": assessment.organization, "form": form},
    )
