"""The name that audit trails show for a deleted user. No imports of models: the audit of
assessments and the accounts app both use it."""

from django.utils.translation import gettext as _

# The inactive placeholder account that a deleted user's history rows are handed to, so the
# timeline tells a former member from the system. A space: no sign-up can choose this username.
FORMER_MEMBER_USERNAME = "former member"


def former_member_label() -> str:
    return _("former member")


def is_former_member(user: object) -> bool:
    return getattr(user, "username", None) == FORMER_MEMBER_USERNAME
