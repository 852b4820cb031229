"""Sessions of a user: the idle timeout and "log out everywhere", named `<entity>_<action>`.

A user's sessions are found through `UserSession` (the key each log-in got), so ending them
works with any server-side session backend (database, cache, cached database, files): each is
deleted through the configured SessionStore. Signed-cookie sessions live only in the browser
and cannot be ended from here.
"""

from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase

from accounts.models import UserSession

# The session's last activity, in whole seconds since the epoch.
LAST_ACTIVITY_KEY = "diam_last_activity"
# The last activity is written at most this often: not on every request.
ACTIVITY_WRITE_SECONDS = 60


def idle_timeout_seconds() -> int:
    """0: sessions never time out."""
    return max(0, int(settings.SESSION_IDLE_TIMEOUT_MINUTES)) * 60


def session_activity_record(session: SessionBase, now: datetime) -> None:
    """Refresh the last activity, writing the session only when the stored value is a minute old
    (or missing)."""
    stamp = int(now.timestamp())
    last = session.get(LAST_ACTIVITY_KEY)
    if not isinstance(last, int) or stamp - last >= ACTIVITY_WRITE_SECONDS:
        session[LAST_ACTIVITY_KEY] = stamp


def session_is_idle(session: SessionBase, now: datetime) -> bool:
    """Has the session gone unused for longer than the idle timeout? A session without a
    recorded activity (made before this existed) is not: its activity is recorded now."""
    timeout = idle_timeout_seconds()
    last = session.get(LAST_ACTIVITY_KEY)
    if not timeout or not isinstance(last, int):
        return False
    # The stored value may lag real activity by up to ACTIVITY_WRITE_SECONDS: never time out
    # earlier than the setting says, at most that much later.
    return int(now.timestamp()) - last > timeout + ACTIVITY_WRITE_SECONDS


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key)  # type: ignore[no-any-return]


def user_session_register(*, user: AbstractBaseUser, session_key: str | None) -> None:
    """Remember that this session belongs to the user (at log-in, and when the key changes)."""
    if not session_key:
        return
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def user_sessions_active(*, user: AbstractBaseUser) -> list[UserSession]:
    """The user's sessions that still exist, newest first; forgets those that ended."""
    sessions = list(UserSession.objects.filter(user=user).order_by("-created_at", "-pk"))
    ended = [s.pk for s in sessions if not _store().exists(s.session_key)]
    if ended:
        UserSession.objects.filter(pk__in=ended).delete()
    return [s for s in sessions if s.pk not in ended]


def user_sessions_end(*, user: AbstractBaseUser, keep: str | None = None) -> int:
    """End every session of the user but `keep` (a session key; None ends all); how many ended."""
    ended = 0
    for user_session in UserSession.objects.filter(user=user).exclude(session_key=keep or ""):
        store = _store(user_session.session_key)
        if store.exists(user_session.session_key):
            store.delete(user_session.session_key)
            ended += 1
        user_session.delete()
    return ended
