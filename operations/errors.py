"""Error reporting through Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is
set: unhandled exceptions of requests and tasks, tagged with the request id; no personal data
(no cookies, user names or e-mail addresses) is sent."""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration


def sentry_init(*, dsn: str, environment: str, release: str) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), LoggingIntegration()],
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
