"""The OpenAPI schema: valid, complete (every operation in it is called here, and answers as
documented: status and body), and its docs page served under the site's CSP."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openapi_schema_validator import OAS31Validator
from openapi_schema_validator import validate as validate_instance
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from api import views as api_views
from diam.middleware import POLICY
from tests.api.helpers import World, answer
from tests.api.test_exchange import DOCUMENT


@cache
def schema() -> dict[str, Any]:
    client = APIClient()
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


@dataclass(frozen=True)
class Call:
    """One request of the tests below: an operation of the schema, called as `role`."""

    method: str
    path: str  # as in the schema
    status: int
    role: str = "lead"
    body: Any = None
    values: tuple[tuple[str, str], ...] = ()  # path parameters besides the assessment's id

    def url(self, world: World) -> str:
        url = self.path
        for name, value in self.values:
            url = url.replace("{" + name + "}", value)
        return url.replace("{id}", str(world.assessment.pk)).replace("{slug}", "st-example")


ANSWER = "/api/v1/assessments/{id}/answers/{criterion}/"
AREA_ANSWER = "/api/v1/assessments/{id}/answers/{criterion}/{service_area}/"
ENTERPRISE = (("criterion", "2.2"),)
AREA = (("criterion", "1.1"), ("service_area", "radiology"))
# Every operation, with its success and the errors it documents.
CALLS = [
    Call("get", "/api/v1/catalogs/", 200),
    Call("get", "/api/v1/catalogs/{slug}/", 200, values=(("slug", "diam"),)),
    Call("get", "/api/v1/catalogs/{slug}/", 404),
    Call("get", "/api/v1/organizations/", 200),
    Call("get", "/api/v1/organizations/{slug}/", 200),
    Call("get", "/api/v1/organizations/{slug}/", 404, role="outsider"),
    Call("get", "/api/v1/organizations/{slug}/benchmarks/", 200),
    Call("get", "/api/v1/organizations/{slug}/benchmarks/", 404, role="outsider"),
    Call("post", "/api/v1/organizations/{slug}/import/", 201, body=DOCUMENT),
    Call("post", "/api/v1/organizations/{slug}/import/", 400, body=DOCUMENT | {"model": "x"}),
    Call("post", "/api/v1/organizations/{slug}/import/", 403, role="contributor", body=DOCUMENT),
    Call("post", "/api/v1/organizations/{slug}/import/", 404, role="outsider", body=DOCUMENT),
    Call("get", "/api/v1/assessments/", 200),
    Call("get", "/api/v1/assessments/", 401, role="anonymous"),
    Call("get", "/api/v1/assessments/{id}/", 200),
    Call("get", "/api/v1/assessments/{id}/", 404, role="outsider"),
    Call("get", "/api/v1/assessments/{id}/answers/", 200),
    Call("get", ANSWER, 200, values=ENTERPRISE),
    Call("get", ANSWER, 404, values=(("criterion", "9.9"),)),
    Call("put", ANSWER, 200, body={"status": "partial", "version": 1}, values=ENTERPRISE),
    Call("put", ANSWER, 201, body={"status": "met", "version": 0}, values=(("criterion", "3.1"),)),
    Call("put", ANSWER, 400, body={"status": "na", "version": 1}, values=ENTERPRISE),
    Call("put", ANSWER, 403, "assessor", {"status": "met", "version": 1}, ENTERPRISE),
    Call("put", ANSWER, 404, "outsider", {"status": "met", "version": 1}, ENTERPRISE),
    Call("put", ANSWER, 409, body={"status": "partial", "version": 7}, values=ENTERPRISE),
    Call("patch", ANSWER, 200, body={"comment": "new", "version": 1}, values=ENTERPRISE),
    Call("patch", ANSWER, 409, body={"comment": "new", "version": 0}, values=ENTERPRISE),
    Call("get", AREA_ANSWER, 200, values=AREA),
    Call("put", AREA_ANSWER, 200, body={"status": "na", "version": 1}, values=AREA),
    Call("put", AREA_ANSWER, 409, body={"status": "na", "version": 0}, values=AREA),
    Call("patch", AREA_ANSWER, 200, body={"comment": "RIS", "version": 1}, values=AREA),
    Call("post", "/api/v1/assessments/{id}/submit/", 400, body={}),
    Call("post", "/api/v1/assessments/{id}/submit/", 403, role="contributor", body={}),
    Call("get", "/api/v1/assessments/{id}/export/", 200),
    Call("get", "/api/v1/assessments/{id}/scorecard/", 200),
    Call("get", "/api/v1/assessments/{id}/scorecard/", 404, role="outsider"),
]
METHODS = {"get", "put", "patch", "post", "delete"}


def schema_operations() -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, item in schema()["paths"].items()
        for method in item
        if method in METHODS
    }


@pytest.mark.django_db
def test_schema_is_valid_openapi() -> None:
    validate(schema())


@pytest.mark.django_db
def test_schema_generation_has_no_warnings(tmp_path: Path) -> None:
    # drf-spectacular's own checks; --fail-on-warn raises on any warning or error.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
        stderr=StringIO(),
    )

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.")


@pytest.mark.django_db
def test_schema_operations_are_all_called_here() -> None:
    called = {(call.method, call.path) for call in CALLS}

    assert called == schema_operations()


@pytest.mark.django_db
def test_schema_documents_bearer_tokens() -> None:
    spec = schema()

    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "Authorization: Bearer <token>" in spec["info"]["description"]


@pytest.mark.parametrize("call", CALLS, ids=lambda c: f"{c.method} {c.path} {c.status}")
def test_operation_answers_as_documented(
    world: World,
    api: Callable[[Any], APIClient],
    monkeypatch: pytest.MonkeyPatch,
    call: Call,
) -> None:
    answer(world.assessment, "2.2", status="met")
    answer(world.assessment, "1.1", "radiology", status="met")
    monkeypatch.setattr(api_views, "scorecard_pdf", lambda *a, **k: b"%PDF-1.7")
    client = api(world.user(call.role))

    response = getattr(client, call.method)(call.url(world), call.body, format="json")

    assert response.status_code == call.status
    documented = schema()["paths"][call.path][call.method]["responses"]
    assert str(call.status) in documented
    content = documented[str(call.status)]["content"]
    media_type = response["Content-Type"].split(";")[0]
    assert media_type in content
    if media_type == "application/json":
        spec_schema = content[media_type]["schema"]
        validate_instance(
            response.json(),
            {"allOf": [spec_schema], "components": schema()["components"]},
            cls=OAS31Validator,
        )


# --- The docs page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_docs_page_uses_local_assets_and_nothing_inline() -> None:
    client = APIClient()

    page = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/?script=")

    assert page.status_code == 200
    html = page.content.decode()
    assert (
        '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">'
        in html
    )
    assert "<script>" not in html
    assert "<style>" not in html
    assert "https://" not in html
    assert page["Content-Security-Policy"] == POLICY
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert '"/api/v1/schema/"' in script.content.decode()
