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
