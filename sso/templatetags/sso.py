from typing import Any

from django import template

from sso.config import sso_config

register = template.Library()


@register.inclusion_tag("sso/login_button.html", takes_context=True)
def sso_login_button(context: template.Context) -> dict[str, Any]:
    """The "Sign in with ..." button of the log-in page, when single sign-on is configured."""
    config = sso_config()
    return {
        "enabled": config.enabled,
        "provider_name": config.provider_name,
        "next": context.get("next", ""),
    }
