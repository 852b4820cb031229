"""Loading the catalog fixture into the database, idempotently.

Rows are matched by their natural keys (catalog slug, stage number, group code, area code,
criterion code) and updated in place, so assessments keep pointing at their criteria. Every load
renews the catalog's revision, so that processes holding its sections in memory read them again.

The translations sit beside the fixture, one file per language (`diam.de.json` beside
`diam.json`), in the fixture's shape with only the natural keys and the translated fields. After
a load the catalog's translations are exactly those of its files: rows are created, changed or
removed to match, in the same transaction as the catalog itself.
"""

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from criteria.enums import CANONICAL_LANGUAGE, TRANSLATED_FIELDS, TranslationKind
from criteria.models import (
    CatalogTranslation,
    CatalogVersion,
    Criterion,
    Group,
    ServiceArea,
    Stage,
)

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "catalog" / "diam.json"


@dataclass(frozen=True)
class LoadSummary:
    catalog: str
    stages: int
    groups: int
    service_areas: int
    criteria: int
    created: int
    updated: int
    # language -> number of translated fields, in the order of the files
    translations: dict[str, int] = field(default_factory=dict)
    translations_created: int = 0
    translations_changed: int = 0
    translations_removed: int = 0


class CatalogTranslationError(ValueError):
    """A translation file that does not fit its catalog; the message names the entry."""


def catalog_load(*, path: Path = DEFAULT_FIXTURE) -> LoadSummary:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    created = updated = 0

    def count(was_created: bool) -> None:
        nonlocal created, updated
        if was_created:
            created += 1
        else:
            updated += 1

    with transaction.atomic():
        meta = data["catalog"]
        catalog, was_created = CatalogVersion.objects.update_or_create(
            slug=meta["slug"],
            defaults={
                "name": meta["name"],
                "description": meta.get("description", ""),
                "revision": uuid.uuid4(),
            },
        )
        count(was_created)

        stages: dict[int, Stage] = {}
        for item in data["stages"]:
            stage, was_created = Stage.objects.update_or_create(
                catalog=catalog,
                number=item["number"],
                defaults={"title": item["title"], "description": item.get("description", "")},
            )
            stages[stage.number] = stage
            count(was_created)

        groups: dict[str, Group] = {}
        for order, item in enumerate(data["groups"], start=1):
            group, was_created = Group.objects.update_or_create(
                catalog=catalog,
                code=item["code"],
                defaults={
                    "name": item["name"],
                    "description": item.get("description", ""),
                    "order": item.get("order", order),
                },
            )
            groups[group.code] = group
            count(was_created)

        for order, item in enumerate(data["service_areas"], start=1):
            _, was_created = ServiceArea.objects.update_or_create(
                code=item["code"],
                defaults={
                    "name": item["name"],
                    "description": item.get("description", ""),
                    "order": order,
                },
            )
            count(was_created)

        for order, item in enumerate(data["criteria"], start=1):
            rule = item["rule"]
            _, was_created = Criterion.objects.update_or_create(
                catalog=catalog,
                code=item["code"],
                defaults={
                    "stage": stages[item["stage"]] if item["stage"] is not None else None,
                    "group": groups[item["group"]] if item["group"] is not None else None,
                    "text": item["text"],
                    "title": item["title"],
                    "guidance": item.get("guidance", ""),
                    "scope": item["scope"],
                    "rule_kind": rule["kind"],
                    "rule_min_areas": rule.get("min_areas"),
                    "rule_volume_share_percent": rule.get("volume_share_percent"),
                    "required": item["required"],
                    "order": order,
                },
            )
            count(was_created)

        translation_rows = _translation_rows(data, translation_files(path))
        sync = _translations_sync(catalog=catalog, rows=translation_rows)

    return LoadSummary(
        catalog=catalog.slug,
        stages=len(data["stages"]),
        groups=len(data["groups"]),
        service_areas=len(data["service_areas"]),
        criteria=len(data["criteria"]),
        created=created,
        updated=updated,
        translations=_count_by_language(translation_rows),
        translations_created=sync.created,
        translations_changed=sync.changed,
        translations_removed=sync.removed,
    )


def catalog_revise(*, catalog_id: int) -> None:
    """Mark a catalog as changed outside `catalog_load` (the admin): see CatalogVersion.revision."""
    CatalogVersion.objects.filter(pk=catalog_id).update(revision=uuid.uuid4())


# (language, kind, code, field) -> translated text
TranslationRows = dict[tuple[str, str, str, str], str]

# The fixture's lists of entries, each with its kind and the key that names an entry.
ENTRY_LISTS = (
    ("stages", TranslationKind.STAGE, "number"),
    ("groups", TranslationKind.GROUP, "code"),
    ("service_areas", TranslationKind.SERVICE_AREA, "code"),
    ("criteria", TranslationKind.CRITERION, "code"),
)


def translation_files(path: Path) -> list[Path]:
    """The translations of the catalog fixture at `path`: `diam.<language>.json` beside it."""
    return sorted(path.parent.glob(f"{path.stem}.*{path.suffix}"))


def _translation_rows(catalog_data: dict[str, Any], files: list[Path]) -> TranslationRows:
    """Every translated field of every file, checked against the catalog: an unknown language,
    entry or field is refused with a message that names it, and nothing is loaded."""
    offered = [code for code, _name in settings.LANGUAGES if code != CANONICAL_LANGUAGE]
    rows: TranslationRows = {}
    for file in files:
        data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
        language = data.get("language")
        if file.name != f"{Path(file.stem).stem}.{language}{file.suffix}":
            raise CatalogTranslationError(f"{file.name}: its language is {language!r}")
        if language not in offered:
            raise CatalogTranslationError(
                f"{file.name}: {language!r} is not one of the languages offered "
                f"(settings.LANGUAGES, English excluded): {', '.join(offered)}"
            )
        unknown = set(data) - {"language", "catalog", *(section for section, _, _ in ENTRY_LISTS)}
        if unknown:
            raise CatalogTranslationError(f"{file.name}: unknown keys {sorted(unknown)}")
        header = data.get("catalog", {})
        if header.get("slug") != catalog_data["catalog"]["slug"]:
            raise CatalogTranslationError(
                f"{file.name}: catalog {header.get('slug')!r} is not "
                f"{catalog_data['catalog']['slug']!r}"
            )
        entries = [(TranslationKind.CATALOG, "catalog", "slug", header)]
        for section, kind, key in ENTRY_LISTS:
            known = {str(item[key]) for item in catalog_data[section]}
            for index, item in enumerate(data.get(section, [])):
                where = f"{section}[{index}]"
                if str(item.get(key)) not in known:
                    raise CatalogTranslationError(
                        f"{file.name}: {where}: unknown {key} {item.get(key)!r}"
                    )
                entries.append((kind, where, key, item))
        for kind, where, key, item in entries:
            for name, value in item.items():
                if name == key:
                    continue
                if name not in TRANSLATED_FIELDS[kind]:
                    raise CatalogTranslationError(f"{file.name}: {where}: unknown field {name!r}")
                if not isinstance(value, str) or not value.strip():
                    raise CatalogTranslationError(f"{file.name}: {where}: {name} is empty")
                rows[(language, kind, str(item[key]), name)] = value
    return rows


@dataclass(frozen=True)
class _Sync:
    created: int
    changed: int
    removed: int


def _translations_sync(*, catalog: CatalogVersion, rows: TranslationRows) -> _Sync:
    """Make the catalog's translations equal `rows`, with a few statements whatever their
    number (the tests load the catalog for each test)."""
    stored = {
        (row.language, row.kind, row.code, row.field): row
        for row in CatalogTranslation.objects.filter(catalog=catalog)
    }
    new = [
        CatalogTranslation(
            catalog=catalog, language=language, kind=kind, code=code, field=name, value=value
        )
        for (language, kind, code, name), value in rows.items()
        if (language, kind, code, name) not in stored
    ]
    changed = []
    for key, row in stored.items():
        if key in rows and row.value != rows[key]:
            row.value = rows[key]
            changed.append(row)
    gone = [row.pk for key, row in stored.items() if key not in rows]
    CatalogTranslation.objects.bulk_create(new)
    CatalogTranslation.objects.bulk_update(changed, ["value"])
    CatalogTranslation.objects.filter(pk__in=gone).delete()
    return _Sync(created=len(new), changed=len(changed), removed=len(gone))


def _count_by_language(rows: TranslationRows) -> dict[str, int]:
    counts: dict[str, int] = {}
    for language, _kind, _code, _field in rows:
        counts[language] = counts.get(language, 0) + 1
    return counts
