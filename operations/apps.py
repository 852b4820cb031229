from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from operations.logs import request_id_forget

        request_finished.connect(request_id_forget, dispatch_uid="operations.request_id_forget")
