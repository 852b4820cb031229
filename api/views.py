"""The REST API's views: each connects a request to the domain's access rules, services and
selectors (assessments.access, .answers, .lifecycle, .services, reports, benchmarks) and to a
serializer. Objects the user may not see are 404, as on the web; writes the web refuses are 403."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.former_member import recorded_user_id
from api.filters import AssessmentFilter, with_stage
from api.serializers import (
    AnswerConflictSerializer,
    AnswerSerializer,
    AnswerWriteSerializer,
    AssessmentDetailSerializer,
    AssessmentSerializer,
    BenchmarkQuerySerializer,
    BenchmarkSerializer,
    CatalogSerializer,
    CatalogVersionSerializer,
    ErrorSerializer,
    ExchangeDocumentSerializer,
    ImportErrorSerializer,
    OrganizationSerializer,
    SubmitErrorSerializer,
    SubmitSerializer,
)
from assessments.access import (
    AssessmentAccess,
    assessment_access,
    assessments_for_user,
    benchmark_organization,
    organization_access,
    organizations_for_user,
)
from assessments.answers import Outcome, answer_save
from assessments.exchange import ExchangeError, validate_document
from assessments.lifecycle import (
    TRANSITIONS,
    TransitionError,
    assessment_transition,
    missing_required_answers,
)
from assessments.models import Answer, Assessment, AssessmentArea, Membership, Organization
from assessments.scoring import assessment_score
from assessments.selectors import assessment_document
from assessments.services import assessment_import, catalog_index
from assessments.workspace import workspace_load
from benchmarks.selectors import Benchmark, Share, benchmark_for_organization
from criteria.enums import TRANSLATED_FIELDS, Scope
from criteria.models import CatalogVersion, Criterion, ServiceArea
from criteria.translation import catalog_translations, entry_key
from diam.downloads import CACHE_CONTROL
from reports.pdf import scorecard_filename, scorecard_pdf

NOT_FOUND = OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not found, or not yours."))
FORBIDDEN = OpenApiResponse(
    ErrorSerializer, description=gettext_lazy("You see it, but may not do this (now).")
)
INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=gettext_lazy(
        "Invalid input: the messages by field name (“non_field_errors” for the whole); nothing "
        "was written."
    ),
)


class PrivateMixin:
    # API responses carry one organization's confidential data: no cache may keep them.

    def finalize_response(
        self, request: Request, response: HttpResponse, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Cache-Control"] = CACHE_CONTROL
        return response


# --- The catalog -----------------------------------------------------------------------------


class CatalogListView(PrivateMixin, generics.ListAPIView):
    """The catalog versions loaded (the DIAM criteria, as data)."""

    serializer_class = CatalogVersionSerializer
    queryset = CatalogVersion.objects.order_by("slug")


class CatalogDetailView(PrivateMixin, APIView):
    """The criteria as data: each with its stage or group, scope, rule and allowed statuses."""

    @extend_schema(
        responses={200: CatalogSerializer, 404: NOT_FOUND},
        summary=gettext_lazy("A catalog version: stages, groups, criteria and service areas"),
    )
    def get(self, request: Request, slug: str) -> Response:
        catalog = get_object_or_404(CatalogVersion, slug=slug)
        # The wording in the request's language (Accept-Language), English where a translation
        # is missing; the instances are changed in memory only, for this response.
        translations = catalog_translations(catalog.pk, get_language(), revision=catalog.revision)
        stages = list(catalog.stages.order_by("number"))
        groups = list(catalog.groups.order_by("order", "code"))
        areas = list(ServiceArea.objects.order_by("order", "code"))
        for entry in [catalog, *stages, *groups, *areas]:
            kind, _code = entry_key(entry)
            for field in TRANSLATED_FIELDS[kind]:
                setattr(entry, field, translations.label(entry, field).value)
        criteria = list(catalog.criteria.select_related("stage", "group").order_by("order"))
        for criterion in criteria:
            wording = translations.criterion(criterion)
            criterion.title, criterion.text, criterion.guidance = (
                wording.title,
                wording.text,
                wording.guidance,
            )
            criterion.language = wording.language  # type: ignore[attr-defined]
        catalog_data = {
            "slug": catalog.slug,
            "name": catalog.name,
            "description": catalog.description,
            "language": translations.language,
            "stages": stages,
            "groups": groups,
            "criteria": criteria,
            "service_areas": areas,
        }
        return Response(CatalogSerializer(catalog_data).data)


# --- Organizations ---------------------------------------------------------------------------


def _with_role(organizations: QuerySet[Any], user: Any) -> QuerySet[Any]:
    role = Membership.objects.filter(organization=OuterRef("pk"), user=user).values("role")[:1]
    return organizations.annotate(role=Subquery(role))


class OrganizationListView(PrivateMixin, generics.ListAPIView):
    """Your organizations (admins: all of them), with your role in each."""

    serializer_class = OrganizationSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return Organization.objects.none()
        user = self.request.user
        return _with_role(organizations_for_user(user), user).order_by("name", "pk")


class OrganizationDetailView(PrivateMixin, APIView):
    """An organization you are a member of (admins: any), with your role."""

    @extend_schema(
        responses={200: OrganizationSerializer, 404: NOT_FOUND},
        summary=gettext_lazy("One of your organizations"),
    )
    def get(self, request: Request, slug: str) -> Response:
        access = organization_access(request.user, slug)
        organization = access.organization
        organization.role = access.role  # type: ignore[attr-defined]
        return Response(OrganizationSerializer(organization).data)


# --- Assessments -----------------------------------------------------------------------------


class AssessmentListView(PrivateMixin, generics.ListAPIView):
    """The assessments you see: your organizations', those you review (assessors), all
    (admins); newest first."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter

    def get_queryset(self) -> QuerySet[Assessment]:
        return (
            with_stage(assessments_for_user(self.request.user))
            .select_related("organization", "catalog")
            .order_by("-created_at", "-pk")
        )


def _detail(request: Request, access: AssessmentAccess) -> dict[str, Any]:
    assessment = (
        Assessment.objects.select_related("organization", "catalog")
        .prefetch_related(Prefetch("areas", AssessmentArea.objects.select_related("service_area")))
        .get(pk=access.assessment.pk)
    )
    context = {
        "request": request,
        "score": assessment_score(assessment).as_dict(),
        "permissions": {"edit_answers": access.can_edit_answers, "submit": access.can_submit},
    }
    return AssessmentDetailSerializer(assessment, context=context).data


class AssessmentDetailView(PrivateMixin, APIView):
    """`score` is the engine's result on the current answers (DIAM.md's score result);
    `stage` the stage of record (validated, else self-assessed at submission)."""

    @extend_schema(
        responses={200: AssessmentDetailSerializer, 404: NOT_FOUND},
        summary=gettext_lazy("An assessment, with its live score and what you may do with it"),
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(request, assessment_access(request.user, pk)))


# --- Answers ---------------------------------------------------------------------------------


class AnswerListView(PrivateMixin, generics.ListAPIView):
    """The answers of an assessment, in survey order (criteria answered per area: the areas
    active in the assessment)."""

    serializer_class = AnswerSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Answer]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return Answer.objects.none()
        access = assessment_access(self.request.user, self.kwargs["pk"])
        active = AssessmentArea.objects.filter(assessment=access.assessment).values("service_area")
        return (
            Answer.objects.filter(assessment=access.assessment)
            .filter(Q(service_area__isnull=True) | Q(service_area__in=active))
            .select_related("criterion", "service_area", "updated_by")
            .annotate(recorded_updated_by_id=recorded_user_id(Answer, "updated_by"))
            .order_by("criterion__order", "service_area__order", "pk")
        )


def _slot(
    access: AssessmentAccess, code: str, area_code: str | None
) -> tuple[Criterion, ServiceArea | None]:
    """The answer slot the path names, or 404 with the reason."""
    criterion = (
        Criterion.objects.filter(catalog_id=access.assessment.catalog_id, code=code).first()
        if "\x00" not in code  # PostgreSQL refuses NUL characters, even in a lookup
        else None
    )
    if criterion is None or not criterion.is_answered:
        raise NotFound(_("Unknown criterion “%(code)s” for this assessment.") % {"code": code})
    if criterion.scope != Scope.AREA:
        if area_code is not None:
            raise NotFound(
                _(
                    "Criterion %(code)s is answered once for the organization, not per area: "
                    "leave the area out of the path."
                )
                % {"code": code}
            )
        return criterion, None
    if area_code is None:
        raise NotFound(
            _(
                "Criterion %(code)s is answered per service area: add the area's code to the "
                "path (…/answers/%(code)s/radiology/)."
            )
            % {"code": code}
        )
    active = (
        AssessmentArea.objects.filter(assessment=access.assessment, service_area__code=area_code)
        .select_related("service_area")
        .first()
    )
    if active is None:
        raise NotFound(
            _("The service area “%(area)s” is not active in this assessment.") % {"area": area_code}
        )
    return criterion, active.service_area


def _stored(access: AssessmentAccess, criterion: Criterion, area: ServiceArea | None) -> Any:
    return (
        Answer.objects.select_related("criterion", "service_area", "updated_by", "verdict")
        .annotate(recorded_updated_by_id=recorded_user_id(Answer, "updated_by"))
        .filter(assessment=access.assessment, criterion=criterion, service_area=area)
        .first()
    )


ANSWER_WRITE_RESPONSES = {
    200: AnswerSerializer,
    201: AnswerSerializer,
    400: INVALID,
    403: FORBIDDEN,
    404: NOT_FOUND,
    409: OpenApiResponse(
        AnswerConflictSerializer,
        description=gettext_lazy(
            "Not saved: the answer changed since the version you sent (the current answer is "
            "in the body), or the assessment was closed meanwhile."
        ),
    ),
}


class AnswerSlotView(PrivateMixin, APIView):
    """One answer slot: a criterion answered once for the organization, or a criterion and a
    service area active in the assessment."""

    @extend_schema(
        responses={200: AnswerSerializer, 404: NOT_FOUND},
        summary=gettext_lazy("One answer"),
    )
    def get(
        self, request: Request, pk: int, criterion: str, service_area: str | None = None
    ) -> Response:
        access = assessment_access(request.user, pk)
        slot_criterion, area = _slot(access, criterion, service_area)
        answer = _stored(access, slot_criterion, area)
        if answer is None:
            raise NotFound(_("This question has no answer yet."))
        return Response(AnswerSerializer(answer).data)

    @extend_schema(
        request=AnswerWriteSerializer,
        responses=ANSWER_WRITE_RESPONSES,
        summary=gettext_lazy("Write an answer (status, comment) based on its version"),
    )
    def put(
        self, request: Request, pk: int, criterion: str, service_area: str | None = None
    ) -> Response:
        return self._write(request, pk, criterion, service_area, partial=False)

    @extend_schema(
        request=AnswerWriteSerializer(partial=True),
        responses=ANSWER_WRITE_RESPONSES,
        summary=gettext_lazy("Change an answer's status or comment, based on its version"),
    )
    def patch(
        self, request: Request, pk: int, criterion: str, service_area: str | None = None
    ) -> Response:
        return self._write(request, pk, criterion, service_area, partial=True)

    def _write(
        self, request: Request, pk: int, code: str, area_code: str | None, *, partial: bool
    ) -> Response:
        access = assessment_access(request.user, pk)
        criterion, area = _slot(access, code, area_code)
        # The web's rules (assessments.views.workspace): members and admins answer, while the
        # assessment is open; after a review, only the answers the assessor did not accept.
        if not (access.is_member or access.is_staff):
            raise PermissionDenied(_("Only the organization's members answer its assessments."))
        if not access.can_edit_answers:
            raise PermissionDenied(
                _("This assessment is “%(status)s”: its answers cannot be changed now.")
                % {"status": access.assessment.get_status_display()}
            )
        current = _stored(access, criterion, area)
        if not access.can_edit_answer(current):
            raise PermissionDenied(
                _(
                    "While changes are requested, only the answers the assessor did not accept "
                    "can be changed."
                )
            )
        data = request.data
        if partial and current is not None and isinstance(data, dict):
            data = {"status": current.status, "comment": current.comment, **data}
        serializer = AnswerWriteSerializer(data=data, context={"criterion": criterion})
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        try:
            result = answer_save(
                assessment=access.assessment,
                criterion=criterion,
                service_area=area,
                status=values["status"],
                comment=values.get("comment", ""),
                expected_version=values["version"],
                user=request.user,  # type: ignore[arg-type]
            )
        except DjangoValidationError as error:
            # The serializer should have caught it (full_clean() in answer_save): say so.
            raise ValidationError({"non_field_errors": error.messages}) from None
        if result.outcome == Outcome.CONFLICT:
            return _conflict(
                _(
                    "Not saved: this answer was changed (now version %(version)d) since the "
                    "version you sent (%(sent)d). Read it, decide, and send your change again "
                    "with its version."
                )
                % {
                    "version": result.answer.version if result.answer else 0,
                    "sent": values["version"],
                },
                result.answer,
            )
        if result.outcome == Outcome.CLOSED:
            return _conflict(
                _("Not saved: the assessment was closed to changes meanwhile (e.g. submitted)."),
                _stored(access, criterion, area),
            )
        assert result.answer is not None
        created = current is None and result.outcome == Outcome.SAVED
        return Response(
            AnswerSerializer(result.answer).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    get=extend_schema(operation_id="assessments_area_answers_retrieve"),
    put=extend_schema(operation_id="assessments_area_answers_update"),
    patch=extend_schema(operation_id="assessments_area_answers_partial_update"),
)
class AreaAnswerSlotView(AnswerSlotView):
    """The answer slot of a criterion answered per service area, in one active area."""


def _conflict(detail: str, answer: Answer | None) -> Response:
    return Response(
        {"detail": detail, "current": AnswerSerializer(answer).data if answer else None},
        status=status.HTTP_409_CONFLICT,
    )


# --- Submission ------------------------------------------------------------------------------


class AssessmentSubmitView(PrivateMixin, APIView):
    """As the web's Submit: a draft, or a resubmission after changes were requested, with
    every required answer given; the self-assessed stage is recorded."""

    @extend_schema(
        request=SubmitSerializer,
        responses={
            200: AssessmentDetailSerializer,
            400: OpenApiResponse(
                SubmitErrorSerializer,
                description=gettext_lazy(
                    "Refused: required answers missing (listed), the stage changed since "
                    "`expected_stage`, or the assessment cannot be submitted in its status."
                ),
            ),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        summary=gettext_lazy("Submit the assessment for review (leads)"),
    )
    def post(self, request: Request, pk: int) -> Response:
        access = assessment_access(request.user, pk)
        if not (access.is_lead or access.is_staff):
            raise PermissionDenied(_("Only a lead of the organization can submit."))
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            assessment_transition(
                assessment=access.assessment,
                action="submit",
                user=request.user,
                now=timezone.now(),
                expected_stage=serializer.validated_data.get("expected_stage"),
            )
        except TransitionError as error:
            missing = (
                missing_required_answers(workspace_load(access))
                if access.assessment.status in TRANSITIONS["submit"].sources
                else []
            )
            return Response(
                {
                    "detail": error.message,
                    "missing": [
                        {
                            "criterion": item.criterion.code,
                            "service_area": item.area.code if item.area else None,
                            "web_url": request.build_absolute_uri(item.url),
                        }
                        for item in missing
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(_detail(request, assessment_access(request.user, pk)))


# --- The exchange format ---------------------------------------------------------------------


class AssessmentExportView(PrivateMixin, APIView):
    """The document `manage.py export_assessment` writes; `import` reads it back."""

    @extend_schema(
        responses={200: ExchangeDocumentSerializer, 404: NOT_FOUND},
        summary=gettext_lazy("The assessment in the diam-assessment/1 exchange format"),
    )
    def get(self, request: Request, pk: int) -> Response:
        access = assessment_access(request.user, pk)
        return Response(assessment_document(access.assessment).as_dict())


class AssessmentImportView(PrivateMixin, APIView):
    """The document must name this organization (`organization.name`); its answers are checked
    as `manage.py import_assessment` checks them, and nothing is written unless all pass."""

    @extend_schema(
        request=ExchangeDocumentSerializer,
        responses={
            201: AssessmentDetailSerializer,
            400: OpenApiResponse(
                ImportErrorSerializer,
                description=gettext_lazy(
                    "The document was rejected, with one message per offending entry; nothing "
                    "was written."
                ),
            ),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        summary=gettext_lazy(
            "Import a diam-assessment/1 document as a new draft assessment of the organization "
            "(leads)"
        ),
    )
    def post(self, request: Request, slug: str) -> Response:
        access = organization_access(request.user, slug)
        if not access.can_manage:
            raise PermissionDenied(_("Only a lead of the organization can import assessments."))
        organization = access.organization
        data = request.data
        model = data.get("model") if isinstance(data, dict) else None
        catalog = (
            CatalogVersion.objects.filter(slug=model).first() if isinstance(model, str) else None
        ) or CatalogVersion.objects.order_by("slug").first()
        if catalog is None:
            return _rejected([_("No catalog is loaded: run “manage.py load_catalog” first.")])
        nul = _first_nul(data)
        if nul is not None:
            # No database stores NUL characters in text (PostgreSQL refuses them).
            return _rejected([_("%(where)s: contains a NUL character") % {"where": nul}])
        try:
            document = validate_document(data, catalog_index(catalog))
        except ExchangeError as error:
            return _rejected(error.messages)
        if document.organization_name != organization.name:
            return _rejected(
                [
                    _(
                        "organization.name: the document is for “%(document)s”, not for "
                        "“%(organization)s”."
                    )
                    % {"document": document.organization_name, "organization": organization.name}
                ]
            )
        assessment = assessment_import(
            document=document,
            catalog=catalog,
            created_by=request.user,  # type: ignore[arg-type]
        )
        response = Response(
            _detail(request, assessment_access(request.user, assessment.pk)),
            status=status.HTTP_201_CREATED,
        )
        response["Location"] = reverse("api_assessment_detail", args=[assessment.pk])
        return response


def _first_nul(value: Any, where: str = "document") -> str | None:
    """Where the first string holding a NUL character is, e.g. `answers[2].comment`."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    items: Any = ()
    if isinstance(value, dict):
        items = (
            (f"{where}.{key}" if where != "document" else str(key), v) for key, v in value.items()
        )
    elif isinstance(value, list):
        items = ((f"{where}[{i}]", v) for i, v in enumerate(value))
    for place, item in items:
        found = _first_nul(item, place)
        if found is not None:
            return found
    return None


def _rejected(messages: list[str]) -> Response:
    return Response(
        {"detail": _("The document was rejected; nothing was written."), "errors": messages},
        status=status.HTTP_400_BAD_REQUEST,
    )


# --- The PDF scorecard -----------------------------------------------------------------------


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; the view answers with the PDF itself."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        return data if isinstance(data, bytes) else b""


class ScorecardView(PrivateMixin, APIView):
    """The scorecard as on the web: the assessor's findings only once they are released."""

    renderer_classes = [PdfRenderer]

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("The PDF scorecard.")
            ),
            (404, "application/json"): NOT_FOUND,
        },
        summary=gettext_lazy("The PDF scorecard of the assessment"),
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        access = assessment_access(request.user, pk)
        pdf = scorecard_pdf(
            access.assessment, now=timezone.now(), show_findings=access.can_see_findings
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=scorecard_filename(access.assessment)
        )
        return response

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are JSON, whatever the client accepted.
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


# --- Benchmarks ------------------------------------------------------------------------------


def _share(share: Share) -> dict[str, Any]:
    # A figure only where enough peers are counted (k-anonymity, as on the web page).
    shown = share.enough
    return {
        "code": share.code,
        "title": share.title,
        "peers_met": share.met if shown else None,
        "peers_counted": share.counted if shown else None,
        "percent": share.percent if shown else None,
        "own_met": share.own_met,
    }


def _benchmark_data(slug: str, benchmark: Benchmark, include_self_assessed: bool) -> Any:
    enough = benchmark.enough
    own = benchmark.own
    return {
        "organization": slug,
        "peer_group": benchmark.peer_group,
        "include_self_assessed": include_self_assessed,
        "min_peers": benchmark.min_peers,
        "enough": enough,
        "unavailable": benchmark.unavailable,
        # Counts only for a group large enough to show figures, as on the web page.
        "peers": benchmark.peers if enough else None,
        "validated": benchmark.validated if enough else None,
        "self_assessed": benchmark.self_assessed if enough else None,
        "own": (
            {
                "kind": own.kind,
                "stage": own.stage,
                "recorded_at": own.recorded_at,
                "annual_volume": own.annual_volume,
            }
            if own is not None
            else None
        ),
        "stages": [
            {"stage": s.stage, "count": s.count, "percent": s.percent, "is_own": s.is_own}
            for s in benchmark.stages
        ],
        "groups": [_share(s) for s in benchmark.groups],
        "criteria": [_share(s) for s in benchmark.criteria],
        "areas": [
            {
                "code": area.code,
                "name": area.name,
                "enough": area.enough,
                "peers": area.peers if area.enough else None,
                "rows": [_share(s) for s in area.rows] if area.enough else [],
            }
            for area in benchmark.areas
        ],
    }


class BenchmarkView(PrivateMixin, APIView):
    """As the web page: for its members, the assessors of its assessments and admins; no
    figure for a peer group, an area or a row with fewer peers than `min_peers`."""

    @extend_schema(
        parameters=[BenchmarkQuerySerializer],
        responses={200: BenchmarkSerializer, 400: INVALID, 404: NOT_FOUND},
        summary=gettext_lazy("The organization's peer benchmarks (aggregates only)"),
    )
    def get(self, request: Request, slug: str) -> Response:
        organization = benchmark_organization(request.user, slug)
        query = BenchmarkQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        include_self_assessed = query.validated_data["self_assessed"]
        benchmark = benchmark_for_organization(
            organization=organization,
            peer_group=query.validated_data["peers"],
            include_self_assessed=include_self_assessed,
            today=timezone.localdate(),
        )
        data = _benchmark_data(organization.slug, benchmark, include_self_assessed)
        return Response(BenchmarkSerializer(data).data)


# --- The docs --------------------------------------------------------------------------------


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar's files, its settings script served apart: nothing inline,
    so the site's Content-Security-Policy holds on this page too."""

    template_name = "api/swagger_ui.html"
    url_name = "api_schema"
