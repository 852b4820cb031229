"""A small OpenID Connect provider (django-oauth-toolkit) that the single sign-on tests start as a
separate process: `python -m django` with DJANGO_SETTINGS_MODULE=tests.sso.provider.settings.

Its database and RSA key live in PROVIDER_DIR (the test's tmp_path); `provider_setup` creates
them, then `runserver --noreload` serves it on 127.0.0.1.
"""

import os
from pathlib import Path

PROVIDER_DIR = Path(os.environ.get("PROVIDER_DIR", "."))
KEY_FILE = PROVIDER_DIR / "oidc-rsa.pem"

DEBUG = True
SECRET_KEY = "test-provider-secret-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.sso.provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
    "tests.sso.provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": PROVIDER_DIR / "provider.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/accounts/login/"
# The application under test runs on 127.0.0.1 too, and cookies ignore the port: distinct names
# keep the two sessions apart in one browser.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": KEY_FILE.read_text() if KEY_FILE.is_file() else "",
    "OAUTH2_VALIDATOR_CLASS": "tests.sso.provider.validators.EmailClaimsValidator",
    "PKCE_REQUIRED": True,
    # A variant of the provider (tests/sso/provider_server.py, provider_variant) may sign as
    # another issuer, or issue ID tokens that have expired already. Empty: the issuer is derived
    # from the request, http://127.0.0.1:<port>/o.
    "OIDC_ISS_ENDPOINT": os.environ.get("PROVIDER_ISSUER", ""),
    "ID_TOKEN_EXPIRE_SECONDS": int(os.environ.get("PROVIDER_ID_TOKEN_EXPIRE_SECONDS", "36000")),
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "E-mail address",
        "profile": "Name",
    },
}
