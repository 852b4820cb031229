"""The organization's improvement plan page and its export.

Its members, the assessors of its assessments and admins read it (`plan_access`); the leads set
the target, choose the way and edit the items. Everyone else gets a 404."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments.access import PlanAccess, plan_access
from criteria.models import CatalogVersion
from criteria.translation import catalog_translations
from diam.downloads import private_download
from plans.enums import PlanItemStatus
from plans.exports import PLAN_HEADER, plan_rows
from plans.forms import PlanItemForm, PlanPathForm, PlanTargetForm
from plans.models import ImprovementPlan, PlanItem
from plans.selectors import (
    Baseline,
    plan_baseline_assessment,
    plan_baseline_load,
    plan_for_organization,
    plan_item_list,
    plan_owner_choices,
    plan_path_options,
)
from plans.services import (
    plan_item_status_set,
    plan_item_update,
    plan_path_choose,
    plan_target_set,
)
from reports.exports.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes


@dataclass
class ItemRow:
    item: PlanItem
    form: PlanItemForm | None
    met: bool  # its answer is met in the latest assessment: offered to be marked done

    @property
    def offer_done(self) -> bool:
        return self.met and self.item.status != PlanItemStatus.DONE


def _add_errors(form: PlanTargetForm | PlanPathForm | PlanItemForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _item_label(item: PlanItem) -> str:
    if item.service_area is not None:
        names = catalog_translations(item.criterion.catalog_id, get_language())
        return _("%(code)s in %(area)s") % {
            "code": item.criterion.code,
            "area": names.label(item.service_area, "name"),
        }
    return item.criterion.code


@login_required
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    access = plan_access(request.user, slug)
    organization = access.organization
    today = timezone.localdate()
    current = plan_for_organization(organization=organization)
    assessment = plan_baseline_assessment(organization=organization)
    baseline = plan_baseline_load(assessment=assessment) if assessment is not None else None
    members = list(plan_owner_choices(organization=organization)) if access.can_edit else []
    target_form = PlanTargetForm(
        initial=(
            {"target_stage": current.target_stage, "target_date": current.target_date}
            if current
            else {}
        ),
        today=today,
    )
    path_form: PlanPathForm | None = None
    item_form: PlanItemForm | None = None
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        action = str(request.POST.get("action", ""))
        if action == "target":
            target_form = PlanTargetForm(request.POST, today=today)
            if target_form.is_valid():
                try:
                    plan_target_set(
                        organization=organization,
                        target_stage=target_form.cleaned_data["target_stage"],
                        target_date=target_form.cleaned_data["target_date"],
                        user=request.user,  # type: ignore[arg-type]
                        today=today,
                    )
                except ValidationError as error:
                    _add_errors(target_form, error)
                else:
                    messages.success(
                        request,
                        _("The target is stage %(stage)s by %(date)s.")
                        % {
                            "stage": target_form.cleaned_data["target_stage"],
                            "date": date_format(
                                target_form.cleaned_data["target_date"], "DATE_FORMAT"
                            ),
                        },
                    )
                    return redirect("organization_plan", slug=slug)
        elif action == "path" and current is not None and baseline is not None:
            options = plan_path_options(baseline=baseline, target=current.target_stage)
            path_form = PlanPathForm(request.POST, keys=[o.key for o in options])
            if path_form.is_valid():
                try:
                    items = plan_path_choose(
                        plan=current,
                        key=path_form.cleaned_data["path"],
                        user=request.user,  # type: ignore[arg-type]
                        now=timezone.now(),
                    )
                except ValidationError as error:
                    _add_errors(path_form, error)
                else:
                    messages.success(
                        request,
                        _("The plan has %(count)s items: give each an owner and a due date.")
                        % {"count": len(items)},
                    )
                    return redirect("organization_plan", slug=slug)
        elif action in {"item", "done"} and current is not None:
            item = _item_or_404(current, request)
            if action == "done":
                plan_item_status_set(item=item, status=PlanItemStatus.DONE)
                messages.success(request, _("%(item)s is done.") % {"item": _item_label(item)})
                return _back(request, slug)
            item_form = PlanItemForm(request.POST, prefix=f"item-{item.pk}", members=members)
            if item_form.is_valid():
                data = item_form.cleaned_data
                try:
                    plan_item_update(
                        item=item,
                        owner=data["owner"],
                        due_date=data["due_date"],
                        status=data["status"],
                        note=data["note"],
                        today=today,
                    )
                except ValidationError as error:
                    _add_errors(item_form, error)
                else:
                    messages.success(request, _("%(item)s is saved.") % {"item": _item_label(item)})
                    return redirect("organization_plan", slug=slug)
        else:
            messages.error(
                request,
                _("Set a target stage first.") if current is None else _("Choose what to change."),
            )
            return redirect("organization_plan", slug=slug)
        status = 422
    else:
        status = 200
    return render(
        request,
        "plans/plan.html",
        _context(access, current, baseline, members, target_form, path_form, item_form),
        status=status,
    )


def _item_or_404(current: ImprovementPlan, request: HttpRequest) -> PlanItem:
    try:
        pk = int(str(request.POST.get("item", "")))
    except ValueError:
        raise Http404 from None
    item = (
        PlanItem.objects.filter(plan=current, pk=pk)
        .select_related("criterion", "service_area", "plan")
        .first()
    )
    if item is None:
        raise Http404
    return item


def _back(request: HttpRequest, slug: str) -> HttpResponse:
    """To the page the item was marked done on (a section page), or to the plan."""
    target = str(request.POST.get("next", ""))
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("organization_plan", slug=slug)


def _context(
    access: PlanAccess,
    current: ImprovementPlan | None,
    baseline: Baseline | None,
    members: list,  # type: ignore[type-arg]
    target_form: PlanTargetForm,
    path_form: PlanPathForm | None,
    item_form: PlanItemForm | None,
) -> dict[str, object]:
    options = []
    reached = False
    if current is not None and baseline is not None:
        options = plan_path_options(baseline=baseline, target=current.target_stage)
        reached = baseline.score.stage >= current.target_stage
        if path_form is None:
            chosen = current.groups or "stages"
            keys = [o.key for o in options]
            path_form = PlanPathForm(
                initial={
                    "path": chosen
                    if current.path_chosen_at and chosen in keys
                    else (keys or [""])[0]
                },
                keys=keys,
            )
    items = plan_item_list(plan=current) if current is not None else []
    met = baseline.met if baseline is not None else frozenset()
    # The catalog the page names criteria, groups and areas from (catalog_i18n): the baseline's,
    # whose version the items take (plan_path_choose); without a baseline, the items' own.
    catalog: CatalogVersion | None = None
    if baseline is not None:
        catalog = baseline.assessment.catalog
    elif items:
        catalog = CatalogVersion.objects.filter(pk=items[0].criterion.catalog_id).first()
    rows = []
    for item in items:
        form = None
        if access.can_edit:
            if item_form is not None and item_form.prefix == f"item-{item.pk}":
                form = item_form
            else:
                form = PlanItemForm(
                    prefix=f"item-{item.pk}",
                    members=members,
                    initial={
                        "owner": item.owner_id,
                        "due_date": item.due_date,
                        "status": item.status,
                        "note": item.note,
                    },
                )
        rows.append(
            ItemRow(item=item, form=form, met=(item.criterion.code, item.service_area_id) in met)
        )
    return {
        "organization": access.organization,
        "access": access,
        "catalog": catalog,
        "plan": current,
        "baseline": baseline,
        "reached": reached,
        "options": options,
        "target_form": target_form,
        "path_form": path_form,
        "rows": rows,
        "done_count": sum(1 for row in rows if row.item.status == PlanItemStatus.DONE),
    }


FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


@login_required
@require_GET
@private_download
def plan_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    access = plan_access(request.user, slug)
    if fmt not in FORMATS:
        raise Http404
    current = plan_for_organization(organization=access.organization)
    if current is None:
        raise Http404
    assessment = plan_baseline_assessment(organization=access.organization)
    met = plan_baseline_load(assessment=assessment).met if assessment else frozenset()
    rows = plan_rows(plan=current, items=plan_item_list(plan=current), met=met)
    if fmt == "csv":
        content = csv_bytes(PLAN_HEADER, rows)
    else:
        content = xlsx_bytes(
            PLAN_HEADER, rows, title="plan", time_zone=timezone.get_default_timezone()
        )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{access.organization.slug}-plan.{fmt}"'
    )
    return response
