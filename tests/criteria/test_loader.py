"""Loading the catalog fixture: idempotent, keeps primary keys, restores edited rows."""

import io
import json

import pytest
from django.core.management import call_command

from criteria.loader import DEFAULT_FIXTURE, catalog_load
from criteria.models import CatalogVersion, Criterion, Group, ServiceArea, Stage
from tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db

FIRST_RUN = (
    "Catalog diam: 8 stages, 3 groups, 15 service areas, 29 criteria (56 created, 0 updated).\n"
    "Translations: de 141, fr 141 fields (282 created, 0 changed, 0 removed).\n"
)
SECOND_RUN = (
    "Catalog diam: 8 stages, 3 groups, 15 service areas, 29 criteria (0 created, 56 updated).\n"
    "Translations: de 141, fr 141 fields (0 created, 0 changed, 0 removed).\n"
)


def load_catalog_output() -> str:
    out = io.StringIO()
    call_command("load_catalog", stdout=out)
    return out.getvalue()


def catalog_counts() -> dict[str, int]:
    models = (CatalogVersion, Stage, Group, ServiceArea, Criterion)
    return {model.__name__: model.objects.count() for model in models}


def catalog_keys() -> dict[str, list[tuple[object, ...]]]:
    return {
        "catalogs": list(CatalogVersion.objects.order_by("pk").values_list("pk", "slug")),
        "stages": list(Stage.objects.order_by("pk").values_list("pk", "number")),
        "groups": list(Group.objects.order_by("pk").values_list("pk", "code")),
        "areas": list(ServiceArea.objects.order_by("pk").values_list("pk", "code")),
        "criteria": list(Criterion.objects.order_by("pk").values_list("pk", "code")),
    }


def test_load_catalog_command_first_run_reports_all_created() -> None:
    output = load_catalog_output()

    assert output == FIRST_RUN


def test_load_catalog_command_second_run_reports_all_updated() -> None:
    load_catalog_output()

    output = load_catalog_output()

    assert output == SECOND_RUN


def test_catalog_load_twice_keeps_counts() -> None:
    catalog_load()

    catalog_load()

    assert catalog_counts() == {
        "CatalogVersion": 1,
        "Stage": 8,
        "Group": 3,
        "ServiceArea": 15,
        "Criterion": 29,
    }


def test_catalog_load_twice_keeps_primary_keys() -> None:
    catalog_load()
    keys_before = catalog_keys()
    answer = AnswerFactory(criterion=Criterion.objects.get(code="2.2"))
    criterion_pk = answer.criterion_id

    catalog_load()

    answer.refresh_from_db()
    assert catalog_keys() == keys_before
    assert answer.criterion_id == criterion_pk
    assert answer.criterion.code == "2.2"
    assert Criterion.objects.get(code="2.2").pk == criterion_pk


def test_catalog_load_restores_changed_title() -> None:
    catalog_load()
    Criterion.objects.filter(code="2.2").update(title="Changed by hand")

    catalog_load()

    assert Criterion.objects.get(code="2.2").title == "External images can be imported"


def test_catalog_load_restores_changed_rule() -> None:
    catalog_load()
    Criterion.objects.filter(code="2.1").update(
        rule_kind="at_least", rule_min_areas=1, rule_volume_share_percent=None, required=False
    )

    catalog_load()

    assert Criterion.objects.filter(code="2.1").values_list(
        "rule_kind", "rule_min_areas", "rule_volume_share_percent", "required"
    ).get() == ("at_least_or_volume", 3, 80, True)


def test_catalog_load_titles_match_fixture_after_reload() -> None:
    fixture = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    catalog_load()
    Criterion.objects.update(title="Changed by hand")

    catalog_load()

    assert dict(Criterion.objects.values_list("code", "title")) == {
        item["code"]: item["title"] for item in fixture["criteria"]
    }
