"""The FHIR endpoints: read-only, JSON, errors as OperationOutcome.

Who sees what follows the web (assessments.access): any signed-in user reads the catalog's
Questionnaire and our CodeSystems; an assessment's QuestionnaireResponse is read by whoever may
open the assessment, and is "not found" for everyone else. A FHIR client signs in with the
session or a personal API token (`Authorization: Bearer <token>`, as the REST API); without
either it gets 401, not a redirect to the log-in page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from assessments.access import assessment_access
from diam.downloads import CACHE_CONTROL
from fhir_interop.outcome import operation_outcome
from fhir_interop.selectors import (
    assessment_questionnaire_response,
    code_system_resource,
    questionnaire_for_id,
)

CONTENT_TYPE = "application/fhir+json; charset=utf-8"


def fhir_response(data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = JsonResponse(
        data, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    return response


def _outcome(status: int, code: str, message: str) -> HttpResponse:
    return fhir_response(operation_outcome(code=code, messages=[message]), status=status)


def _user(request: HttpRequest) -> AbstractBaseUser | AnonymousUser:
    """The session's user, or the owner of a valid `Bearer` API token."""
    if request.user.is_authenticated:
        return request.user
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return request.user
    try:
        found = TokenAuthentication().authenticate(Request(request))
    except AuthenticationFailed:
        return AnonymousUser()
    return AnonymousUser() if found is None else found[0]


FhirView = Callable[[HttpRequest, AbstractBaseUser, str], HttpResponse]


def fhir_read(view: FhirView) -> Callable[[HttpRequest, str], HttpResponse]:
    """GET only; 401 without a user; Http404 as an OperationOutcome; never cached (an
    assessment is one organization's confidential data)."""

    @wraps(view)
    def wrapped(request: HttpRequest, id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = _outcome(405, "not-supported", _("Only reading (GET) is supported here."))
            response["Allow"] = "GET, HEAD"
            return response
        user = _user(request)
        if not user.is_authenticated:
            response = _outcome(
                401, "login", _("Sign in, or send a personal API token (Authorization: Bearer).")
            )
            response["WWW-Authenticate"] = 'Bearer realm="fhir"'
        else:
            try:
                response = view(request, user, id)
            except Http404:
                response = _outcome(404, "not-found", _("No such resource."))
        response["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapped


@fhir_read
def questionnaire(request: HttpRequest, user: AbstractBaseUser, id: str) -> HttpResponse:
    data = questionnaire_for_id(id)
    if data is None:
        raise Http404
    return fhir_response(data)


@fhir_read
def code_system(request: HttpRequest, user: AbstractBaseUser, id: str) -> HttpResponse:
    data = code_system_resource(id)
    if data is None:
        raise Http404
    return fhir_response(data)


@fhir_read
def questionnaire_response(request: HttpRequest, user: AbstractBaseUser, id: str) -> HttpResponse:
    if not id.isdigit():
        raise Http404
    access = assessment_access(user, int(id))
    return fhir_response(assessment_questionnaire_response(access.assessment))
