"""Loading the catalog's translations with the catalog: idempotent, the database mirrors the
files, a bad file is refused whole."""

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from criteria.loader import DEFAULT_FIXTURE, CatalogTranslationError, catalog_load
from criteria.models import CatalogTranslation, CatalogVersion

pytestmark = pytest.mark.django_db

# 2 catalog fields, 8 stages and 3 groups and 15 areas with 2 each, 29 criteria with 3 each.
FIELDS_PER_LANGUAGE = 2 + 8 * 2 + 3 * 2 + 15 * 2 + 29 * 3


def rows() -> list[tuple[object, ...]]:
    return list(
        CatalogTranslation.objects.order_by("pk").values_list(
            "pk", "catalog_id", "language", "kind", "code", "field", "value"
        )
    )


def copy_fixtures(directory: Path) -> Path:
    for path in DEFAULT_FIXTURE.parent.glob("diam*.json"):
        shutil.copy(path, directory / path.name)
    return directory / DEFAULT_FIXTURE.name


def edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def criterion_in(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(item for item in data["criteria"] if item["code"] == code)


def test_catalog_load_loads_every_field_in_german_and_french() -> None:
    summary = catalog_load()

    assert summary.translations == {"de": FIELDS_PER_LANGUAGE, "fr": FIELDS_PER_LANGUAGE}
    assert CatalogTranslation.objects.count() == 2 * FIELDS_PER_LANGUAGE


def test_catalog_load_twice_keeps_the_same_translation_rows() -> None:
    catalog_load()
    before = rows()

    summary = catalog_load()

    assert rows() == before
    assert (
        summary.translations_created,
        summary.translations_changed,
        summary.translations_removed,
    ) == (0, 0, 0)


def test_catalog_load_renews_the_revision_that_keys_cached_translations() -> None:
    catalog_load()
    revision = CatalogVersion.objects.get().revision

    catalog_load()

    assert CatalogVersion.objects.get().revision != revision


def test_catalog_load_restores_a_translation_changed_by_hand() -> None:
    catalog_load()
    CatalogTranslation.objects.filter(
        language="de", kind="criterion", code="2.2", field="title"
    ).update(value="Von Hand geändert")

    summary = catalog_load()

    assert summary.translations_changed == 1
    assert CatalogTranslation.objects.get(
        language="de", kind="criterion", code="2.2", field="title"
    ).value == ("Externe Bilder können importiert werden")


def test_catalog_load_changes_a_translation_changed_in_its_file(tmp_path: Path) -> None:
    path = copy_fixtures(tmp_path)
    catalog_load(path=path)
    pk = CatalogTranslation.objects.get(
        language="fr", kind="criterion", code="C.3", field="text"
    ).pk
    edit(
        path.with_name("diam.fr.json"),
        lambda data: criterion_in(data, "C.3").update(text="Nouvelle traduction."),
    )

    catalog_load(path=path)

    assert CatalogTranslation.objects.filter(pk=pk).values_list("value", flat=True).get() == (
        "Nouvelle traduction."
    )


def test_catalog_load_removes_translations_no_longer_in_the_files(tmp_path: Path) -> None:
    path = copy_fixtures(tmp_path)
    catalog_load(path=path)
    edit(
        path.with_name("diam.de.json"),
        lambda data: criterion_in(data, "C.3").pop("guidance"),
    )

    summary = catalog_load(path=path)

    assert summary.translations_removed == 1
    assert not CatalogTranslation.objects.filter(
        language="de", kind="criterion", code="C.3", field="guidance"
    ).exists()


def test_catalog_load_of_a_catalog_without_translation_files_removes_them(tmp_path: Path) -> None:
    catalog_load()
    alone = tmp_path / "diam.json"
    shutil.copy(DEFAULT_FIXTURE, alone)

    catalog_load(path=alone)

    assert CatalogTranslation.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda data: data["criteria"].append({"code": "9.9", "title": "Neu"}),
            "diam.de.json: criteria[29]: unknown code '9.9'",
        ),
        (
            lambda data: data["stages"][2].update(subtitle="Untertitel"),
            "diam.de.json: stages[2]: unknown field 'subtitle'",
        ),
        (
            lambda data: data["groups"][0].update(name=" "),
            "diam.de.json: groups[0]: name is empty",
        ),
        (
            lambda data: data.update(language="fr"),
            "diam.de.json: its language is 'fr'",
        ),
        (
            lambda data: data["catalog"].update(slug="emram"),
            "diam.de.json: catalog 'emram' is not 'diam'",
        ),
        (
            lambda data: data.update(notes="..."),
            "diam.de.json: unknown keys ['notes']",
        ),
    ],
)
def test_catalog_load_refuses_a_bad_translation_file_and_writes_nothing(
    tmp_path: Path, change: Any, message: str
) -> None:
    path = copy_fixtures(tmp_path)
    edit(path.with_name("diam.de.json"), change)

    with pytest.raises(CatalogTranslationError) as excinfo:
        catalog_load(path=path)

    assert str(excinfo.value) == message
    assert (CatalogVersion.objects.count(), CatalogTranslation.objects.count()) == (0, 0)


def test_catalog_load_refuses_a_language_the_site_does_not_offer(tmp_path: Path) -> None:
    path = copy_fixtures(tmp_path)
    italian = path.with_name("diam.it.json")
    shutil.copy(path.with_name("diam.de.json"), italian)
    edit(italian, lambda data: data.update(language="it"))

    with pytest.raises(CatalogTranslationError) as excinfo:
        catalog_load(path=path)

    assert str(excinfo.value) == (
        "diam.it.json: 'it' is not one of the languages offered "
        "(settings.LANGUAGES, English excluded): de, fr"
    )


def test_load_catalog_command_reports_translations() -> None:
    out = io.StringIO()

    call_command("load_catalog", stdout=out)

    assert out.getvalue().splitlines()[1] == (
        f"Translations: de {FIELDS_PER_LANGUAGE}, fr {FIELDS_PER_LANGUAGE} fields "
        f"({2 * FIELDS_PER_LANGUAGE} created, 0 changed, 0 removed)."
    )
