"""The name that audit trails, pages, the API and FHIR resources show for a person, and
"former member" for a deleted user. No imports of models: the audit of assessments, the API and
the accounts app all use it."""

from typing import Any

from django.db.models import Model, OuterRef, Subquery
from django.utils.translation import gettext as _

# The inactive placeholder account that a deleted user's history rows are handed to, so the
# timeline tells a former member from the system. A space: no sign-up can choose this username.
FORMER_MEMBER_USERNAME = "former member"


def former_member_label() -> str:
    return _("former member")


def is_former_member(user: object) -> bool:
    return getattr(user, "username", None) == FORMER_MEMBER_USERNAME


def person_name(user: Any, *, recorded_id: int | None = None) -> str | None:
    """The full name, else the username; "former member" for a deleted user, never their name,
    username or e-mail address. A deleted user is the placeholder their history went to, or no
    user (the foreign key set to NULL) where `recorded_id` says that someone was there: the id a
    history row keeps (recorded_user_id). None: nobody was recorded."""
    if user is None:
        return former_member_label() if recorded_id is not None else None
    if is_former_member(user):
        return former_member_label()
    return str(user.get_full_name() or user.get_username())


def recorded_user_id(model: type[Model], field: str) -> Subquery:
    """For an annotation: the id that the row's latest history row (django-simple-history) holds
    in the user column `field`. History tables have no foreign keys, so it outlives the user,
    and the deletion's SET_NULL writes no history row."""
    history = model.history.model  # type: ignore[attr-defined]
    return Subquery(
        history.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values(f"{field}_id")[:1]
    )
