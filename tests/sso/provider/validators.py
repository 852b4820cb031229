import os
from typing import Any

from django.contrib.auth.models import Group
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.sso.provider.people import VERIFIED_GROUP


class EmailClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "email": "email",
        "email_verified": "email",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "email_verified": Group.objects.filter(name=VERIFIED_GROUP, user=user).exists(),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": user.get_full_name(),
        }

    def finalize_id_token(self, id_token: dict[str, Any], *args: Any) -> str:
        # A variant of the provider (PROVIDER_AUDIENCE, comma-separated) that issues its ID
        # tokens for other audiences, as a provider shared by several clients may.
        audience = os.environ.get("PROVIDER_AUDIENCE")
        if audience:
            id_token["aud"] = audience.split(",")
        result: str = super().finalize_id_token(id_token, *args)
        return result
