from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """`make bench` and `make loadtest`: measured figures, each beside a baseline of the same run.

    Read-only towards the application: it runs on a database of its own (performance.database)."""

    name = "performance"
    verbose_name = _("Performance")
