from tests.sso.provider_server import oidc_provider, sso_settings

__all__ = ["oidc_provider", "sso_settings"]
