"""How the OpenAPI schema describes our authentication (imported by ApiConfig.ready)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class KnoxBearerScheme(OpenApiAuthenticationExtension):
    """knox with AUTH_HEADER_PREFIX "Bearer" is HTTP bearer authentication (drf-spectacular's
    own knox extension describes any prefix as an API key)."""

    target_class = "knox.auth.TokenAuthentication"
    name = "bearerAuth"
    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "A personal API token, created on your profile page (/accounts/profile/) or "
                "with `manage.py create_api_token USERNAME --name NAME`, sent as "
                "`Authorization: Bearer <token>`. Tokens expire; a revoked or expired token "
                "gets 401."
            ),
        }


# Every operation that needs a token (all but the schema's) may also answer these.
COMMON_RESPONSES = {
    "401": _("No valid token: missing, malformed, expired or revoked."),
    "429": _("Too many requests: wait the number of seconds the Retry-After header gives."),
}


def add_common_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook: 401 and 429 on every authenticated operation."""
    error = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not operation.get("security"):
                continue
            for code, description in COMMON_RESPONSES.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "content": {"application/json": {"schema": error}},
                        "description": description,
                    },
                )
    return result
