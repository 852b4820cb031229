from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FhirInteropConfig(AppConfig):
    name = "fhir_interop"
    verbose_name = _("FHIR")
