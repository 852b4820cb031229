"""The catalog in the reader's language: criterion titles, texts and guidance, stage titles, group
and service area names, from the catalog's translations (CatalogTranslation), falling back to
the English wording when a translation is missing, and saying so.

The English wording stays the canonical one (diam-assessment/1, FHIR, the verbatim tests read
the models' own fields); this module only serves what a page shows. A page reads all of a
catalog's translations in one language with one query, and each process keeps them in memory,
keyed by the catalog's revision, which every change of the catalog renews (criteria.loader,
the admin). Everything but `catalog_translations` and `criterion_wording` is pure."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from django.conf import settings

from criteria.enums import CANONICAL_LANGUAGE, TRANSLATED_FIELDS, TranslationKind
from criteria.models import (
    CatalogTranslation,
    CatalogVersion,
    Criterion,
    Group,
    ServiceArea,
    Stage,
)


class CriterionLike(Protocol):
    """What a criterion's wording is made from: a Criterion, or any object with these fields."""

    code: str
    title: str
    text: str
    guidance: str


@dataclass(frozen=True)
class Wording:
    """A criterion's title, text and guidance as a reader of `requested_language` sees them.

    A criterion is translated as a whole or not at all, so that a reader never gets half a
    criterion in another language: when any of its fields lacks a translation, all three are the
    English ones, `language` is English and `is_fallback` says that a translation was missing.
    The `original_*` fields are always the canonical English wording."""

    title: str
    text: str
    guidance: str
    language: str
    requested_language: str
    is_fallback: bool
    original_title: str
    original_text: str
    original_guidance: str

    @property
    def is_translated(self) -> bool:
        return self.language != CANONICAL_LANGUAGE


@dataclass(frozen=True)
class Label:
    """One translated field of a catalog entry (a stage's title, an area's name...): prints as
    its text; `language` and `is_fallback` say whether the translation was there."""

    value: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.value


# (kind, code, field) -> translated text
TranslationValues = Mapping[tuple[str, str, str], str]


@dataclass(frozen=True)
class CatalogTranslations:
    """All translations of one catalog in one language; its lookups make no query."""

    catalog_id: int
    language: str
    values: TranslationValues

    def criterion(self, criterion: CriterionLike) -> Wording:
        english = {field: getattr(criterion, field) for field in CRITERION_FIELDS}
        translated = {
            field: self.values.get((TranslationKind.CRITERION, criterion.code, field), "")
            for field in CRITERION_FIELDS
        }
        # An empty English field (a criterion without guidance) needs no translation.
        complete = all(translated[field] or not english[field] for field in CRITERION_FIELDS)
        wanted = self.language != CANONICAL_LANGUAGE
        shown, language = (
            (translated, self.language) if wanted and complete else (english, CANONICAL_LANGUAGE)
        )
        return Wording(
            title=shown["title"],
            text=shown["text"],
            guidance=shown["guidance"],
            language=language,
            requested_language=self.language,
            is_fallback=wanted and not complete,
            original_title=english["title"],
            original_text=english["text"],
            original_guidance=english["guidance"],
        )

    def label(self, entry: "CatalogEntry", field: str) -> Label:
        kind, code = entry_key(entry)
        if field not in TRANSLATED_FIELDS[kind]:
            raise ValueError(f"{kind} has no translated field {field!r}")
        english = getattr(entry, field)
        if self.language == CANONICAL_LANGUAGE:
            return Label(value=english, language=CANONICAL_LANGUAGE, is_fallback=False)
        translated = self.values.get((kind, code, field))
        if translated:
            return Label(value=translated, language=self.language, is_fallback=False)
        return Label(value=english, language=CANONICAL_LANGUAGE, is_fallback=bool(english))


CRITERION_FIELDS = TRANSLATED_FIELDS[TranslationKind.CRITERION]

CatalogEntry = CatalogVersion | Stage | Group | ServiceArea | Criterion


def entry_key(entry: CatalogEntry) -> tuple[str, str]:
    """The (kind, code) that names a catalog entry in its translations, as in the fixture."""
    if isinstance(entry, Criterion):
        return TranslationKind.CRITERION, entry.code
    if isinstance(entry, Stage):
        return TranslationKind.STAGE, str(entry.number)
    if isinstance(entry, Group):
        return TranslationKind.GROUP, entry.code
    if isinstance(entry, ServiceArea):
        return TranslationKind.SERVICE_AREA, entry.code
    if isinstance(entry, CatalogVersion):
        return TranslationKind.CATALOG, entry.slug
    raise TypeError(f"not a catalog entry: {entry!r}")


def supported_language(language: str | None) -> str:
    """The catalog language for a Django language code: "de-at" reads the German catalog; a
    language the site does not offer reads the English one."""
    offered = {code for code, _name in settings.LANGUAGES}
    candidates = [language, language.split("-")[0]] if language else []
    return next(
        (code for code in candidates if code in offered),
        CANONICAL_LANGUAGE,
    )


# (catalog id, language) -> (the catalog's revision, its translations): one entry each,
# replaced when the catalog changes.
_cache: dict[tuple[int, str], tuple[UUID, CatalogTranslations]] = {}


def catalog_translations(
    catalog_id: int, language: str | None, *, revision: UUID | None = None
) -> CatalogTranslations:
    """All of a catalog's translations in one language: no query for English, nor when the
    caller gives the catalog's current revision and the process has them; one to read the
    revision when it is not given; one more to read the translations after a change."""
    language = supported_language(language)
    if language == CANONICAL_LANGUAGE:
        return CatalogTranslations(catalog_id=catalog_id, language=language, values={})
    if revision is None:
        revision = CatalogVersion.objects.values_list("revision", flat=True).get(pk=catalog_id)
    key = (catalog_id, language)
    cached = _cache.get(key)
    if cached is not None and cached[0] == revision:
        return cached[1]
    rows = CatalogTranslation.objects.filter(catalog_id=catalog_id, language=language)
    values = {
        (kind, code, field): value
        for kind, code, field, value in rows.values_list("kind", "code", "field", "value")
    }
    translations = CatalogTranslations(catalog_id=catalog_id, language=language, values=values)
    _cache[key] = (revision, translations)
    return translations


def criterion_wording(
    criterion: Criterion | str,
    language: str | None,
    *,
    catalog: CatalogVersion | None = None,
) -> Wording:
    """One criterion's wording in a language, for code outside a page (e-mails, commands); a
    page asks `catalog_translations` once for all its criteria. A criterion given by its code
    needs its catalog."""
    if isinstance(criterion, str):
        if catalog is None:
            raise ValueError("a criterion given by its code needs its catalog")
        criterion = Criterion.objects.get(catalog=catalog, code=criterion)
    revision = catalog.revision if catalog is not None else None
    return catalog_translations(criterion.catalog_id, language, revision=revision).criterion(
        criterion
    )
