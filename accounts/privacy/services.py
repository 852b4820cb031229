"""Deleting a user without breaking an audit trail, named `<entity>_<action>`.

Every foreign key to the user is SET_NULL (the record stays, without its author) or CASCADE for
what is only the user's (memberships, tokens, devices, sessions, pending uploads, their section
assignments, whose history stays). The history tables' "who" (django-simple-history's
history_user) would become NULL too, which the timeline shows as the system; it is handed to one
inactive placeholder account instead, shown as "former member". Their other user columns keep
the deleted id, which no longer resolves: also shown as "former member"."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.former_member import FORMER_MEMBER_USERNAME, is_former_member
from accounts.sessions.services import user_sessions_end


def former_member_user() -> AbstractBaseUser:
    user, created = get_user_model().objects.get_or_create(
        username=FORMER_MEMBER_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def history_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if model._meta.model_name.startswith("historical")
        and any(f.name == "history_user" for f in model._meta.get_fields())
    ]


def user_history_hand_over(*, user: AbstractBaseUser) -> None:
    """Before a user is deleted (pre_delete): their history rows go to the placeholder, their
    sessions end, their failed log-in records go."""
    if is_former_member(user):
        return
    placeholder = former_member_user()
    for model in history_models():
        model.objects.filter(history_user=user).update(history_user=placeholder)
    user_sessions_end(user=user)
    username = user.get_username()
    for log in (AccessAttempt, AccessLog, AccessFailureLog):
        log.objects.filter(username=username).delete()


@transaction.atomic
def user_delete(*, user: AbstractBaseUser) -> None:
    """Delete the user (the admin's delete does the same through the pre_delete receiver)."""
    user.delete()
