"""Shared pieces of the exchange-format commands."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from assessments.exchange import Document, ExchangeError
from assessments.services import catalog_index
from criteria.models import CatalogVersion
from fhir_interop.convert import document_from_text


def catalog_or_error(slug: str) -> CatalogVersion:
    catalog = CatalogVersion.objects.filter(slug=slug).first()
    if catalog is None:
        raise CommandError(
            _('catalog "%(slug)s" is not loaded; run "manage.py load_catalog" first')
            % {"slug": slug}
        )
    return catalog


def read_document(path: str, catalog: CatalogVersion) -> Document:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(
            _("%(path)s: cannot read: %(error)s") % {"path": path, "error": error}
        ) from None
    try:
        # diam-assessment/1, or a FHIR QuestionnaireResponse: the same checks, then the same import.
        return document_from_text(text, catalog_index(catalog))
    except ExchangeError as error:
        raise CommandError(
            "\n".join(
                [*error.messages, _("%(path)s was rejected; nothing was written.") % {"path": path}]
            )
        ) from None
