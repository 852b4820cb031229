"""Loading the catalog fixture into the database, idempotently.

Rows are matched by their natural keys (catalog slug, stage number, group code, area code,
criterion code) and updated in place, so assessments keep pointing at their criteria. Every load
renews the catalog's revision, so that processes holding its sections in memory read them again.
"""

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from criteria.models import CatalogVersion, Criterion, Group, ServiceArea, Stage

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

    return LoadSummary(
        catalog=catalog.slug,
        stages=len(data["stages"]),
        groups=len(data["groups"]),
        service_areas=len(data["service_areas"]),
        criteria=len(data["criteria"]),
        created=created,
        updated=updated,
    )


def catalog_revise(*, catalog_id: int) -> None:
    """Mark a catalog as changed outside `catalog_load` (the admin): see CatalogVersion.revision."""
    CatalogVersion.objects.filter(pk=catalog_id).update(revision=uuid.uuid4())
