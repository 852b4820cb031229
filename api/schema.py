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
