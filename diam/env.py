"""Small typed readers for settings that come from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

ENV_FILE_VARIABLE = "DIAM_ENV_FILE"


def load_env_file(base_dir: Path) -> Path | None:
    """Read the KEY=value lines of the project's `.env` (or of DIAM_ENV_FILE) into the environment.

    Every entry point (manage.py, the WSGI app, the worker) imports the settings, so this is
    the one rule for all of them. A variable already in the environment wins over the file.
    """
    path = Path(os.environ.get(ENV_FILE_VARIABLE) or base_dir / ".env")
    if not path.is_file():
        return None
    load_dotenv(path, override=False, encoding="utf-8")
    return path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off: in the environment or in the .env file at"
            " the project root (see .env.example; `make install` writes a development one)"
        )
    return value
