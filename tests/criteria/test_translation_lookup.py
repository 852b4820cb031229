"""The loaded catalog in German and French: complete, falling back to English visibly when a
translation is missing, read with one query per page, shown by the template include and tags."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from criteria import translation as translation_module
from criteria.enums import CANONICAL_LANGUAGE
from criteria.loader import catalog_revise
from criteria.models import CatalogTranslation, CatalogVersion, Criterion, Group, ServiceArea, Stage
from criteria.translation import catalog_translations, criterion_wording

LANGUAGES = ["de", "fr"]


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load catalog_i18n %}" + source).render(Context(context))


def remove_translation(catalog: CatalogVersion, **fields: str) -> None:
    """A translation missing from the database, as after a catalog loaded without it."""
    CatalogTranslation.objects.filter(catalog=catalog, **fields).delete()
    catalog_revise(catalog_id=catalog.pk)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_loaded_catalog_field_has_a_translation(catalog, language: str) -> None:  # type: ignore[no-untyped-def]
    translations = catalog_translations(catalog.pk, language)
    entries = [
        (catalog, "name"),
        (catalog, "description"),
        *((stage, name) for stage in Stage.objects.all() for name in ("title", "description")),
        *((group, name) for group in Group.objects.all() for name in ("name", "description")),
        *((area, name) for area in ServiceArea.objects.all() for name in ("name", "description")),
        *((criterion, name) for criterion in Criterion.objects.all() for name in ("title",)),
    ]

    fallbacks = [
        f"{entry} {name}" for entry, name in entries if translations.label(entry, name).is_fallback
    ]
    criteria = [
        criterion.code
        for criterion in Criterion.objects.all()
        if translations.criterion(criterion).is_fallback
    ]

    assert (fallbacks, criteria) == ([], [])


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_wording_keeps_the_english_seed_as_original(catalog, language: str) -> None:  # type: ignore[no-untyped-def]
    criterion = Criterion.objects.get(code="2.1")

    wording = criterion_wording(criterion, language)

    assert (wording.language, wording.is_fallback) == (language, False)
    assert wording.text != criterion.text
    assert (wording.original_title, wording.original_text, wording.original_guidance) == (
        criterion.title,
        criterion.text,
        criterion.guidance,
    )


def test_criterion_wording_by_code_needs_its_catalog(catalog) -> None:  # type: ignore[no-untyped-def]
    assert criterion_wording("C.3", "fr", catalog=catalog).title == (
        "Informations génétiques corrélées aux biomarqueurs d’imagerie"
    )
    with pytest.raises(ValueError, match="needs its catalog"):
        criterion_wording("C.3", "fr")


def test_removed_translation_shows_english_marked(catalog) -> None:  # type: ignore[no-untyped-def]
    criterion = Criterion.objects.get(code="3.4")
    criterion_wording(criterion, "de")  # in the process's memory before the removal
    remove_translation(catalog, language="de", kind="criterion", code="3.4", field="text")

    wording = criterion_wording(criterion, "de")

    assert (wording.title, wording.text, wording.language, wording.is_fallback) == (
        criterion.title,
        criterion.text,
        CANONICAL_LANGUAGE,
        True,
    )
    assert criterion_wording(Criterion.objects.get(code="3.5"), "de").is_fallback is False


def test_removed_translation_of_an_area_name_shows_english_marked(catalog) -> None:  # type: ignore[no-untyped-def]
    remove_translation(catalog, language="fr", kind="service_area", code="pocus", field="name")

    label = catalog_translations(catalog.pk, "fr").label(
        ServiceArea.objects.get(code="pocus"), "name"
    )

    assert (label.value, label.language, label.is_fallback) == (
        "Point-of-care ultrasound",
        "en",
        True,
    )


def test_english_reader_gets_the_seed_without_a_query(catalog, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    criterion = Criterion.objects.get(code="1.1")

    with django_assert_num_queries(0):
        wording = catalog_translations(catalog.pk, "en").criterion(criterion)

    assert (wording.text, wording.is_fallback, wording.is_translated) == (
        criterion.text,
        False,
        False,
    )


@pytest.mark.parametrize("count", [1, 3])
def test_page_of_criteria_reads_translations_with_one_query(  # type: ignore[no-untyped-def]
    catalog, django_assert_num_queries, count: int
) -> None:
    criteria = list(Criterion.objects.order_by("order")[:count])
    page = (
        "{% use_catalog catalog %}{% for c in criteria %}"
        "{% criterion_wording c as w %}{{ w.title }}|{% endfor %}"
    )

    with django_assert_num_queries(1):
        html = render(page, "de", catalog=catalog, criteria=criteria)

    assert html.count("|") == count


@pytest.mark.parametrize("count", [1, 3])
def test_page_without_use_catalog_reads_revision_and_translations_once(  # type: ignore[no-untyped-def]
    catalog, django_assert_num_queries, count: int
) -> None:
    criteria = list(Criterion.objects.order_by("order")[:count])
    page = (
        "{% for c in criteria %}"
        "{% include 'criteria/includes/criterion_text.html' with criterion=c %}{% endfor %}"
    )
    # As in a fresh process: an earlier test may have read these translations (same revision).
    translation_module._cache.clear()

    with django_assert_num_queries(2):
        render(page, "fr", criteria=criteria)


def test_second_page_in_the_same_process_reads_no_translation(  # type: ignore[no-untyped-def]
    catalog, django_assert_num_queries
) -> None:
    criteria = list(Criterion.objects.order_by("order")[:3])
    page = (
        "{% use_catalog catalog %}{% for c in criteria %}"
        "{% criterion_wording c as w %}{{ w.title }}{% endfor %}"
    )
    render(page, "de", catalog=catalog, criteria=criteria)

    with django_assert_num_queries(0):
        render(page, "de", catalog=catalog, criteria=criteria)


def test_criterion_text_include_shows_translation_and_original_wording(catalog) -> None:  # type: ignore[no-untyped-def]
    criterion = Criterion.objects.get(code="4.6")

    html = render(
        "{% include 'criteria/includes/criterion_text.html' %}", "de", criterion=criterion
    )

    assert '<p class="criterion-text">Das klinische Personal kann von entfernten Standorten' in html
    assert "<summary>Originalwortlaut</summary>" in html
    assert f'<p class="mt-2 mb-0 text-body-secondary" lang="en">{criterion.text}</p>' in html
    assert "Übersetzung fehlt" not in html


def test_criterion_text_include_marks_a_missing_translation(catalog) -> None:  # type: ignore[no-untyped-def]
    remove_translation(catalog, language="fr", kind="criterion", code="4.6")
    criterion = Criterion.objects.get(code="4.6")

    html = render(
        "{% include 'criteria/includes/criterion_text.html' %}", "fr", criterion=criterion
    )

    assert (
        '<span class="badge text-bg-warning">Traduction manquante — texte affiché en anglais</span>'
        in html
    )
    assert f'<p class="criterion-text" lang="en">{criterion.text}</p>' in html
    assert "<details" not in html


def test_criterion_text_include_in_english_shows_the_seed_only(catalog) -> None:  # type: ignore[no-untyped-def]
    criterion = Criterion.objects.get(code="4.6")

    html = render(
        "{% include 'criteria/includes/criterion_text.html' %}", "en", criterion=criterion
    )

    assert f'<p class="criterion-text">{criterion.text}</p>' in html
    assert ("<details" in html, "Translation missing" in html) == (False, False)


def test_catalog_label_tag_translates_stage_group_and_area_names(catalog) -> None:  # type: ignore[no-untyped-def]
    context = {
        "catalog": catalog,
        "stage": Stage.objects.get(number=3),
        "group": Group.objects.get(code="B"),
        "area": ServiceArea.objects.get(code="ent"),
    }
    page = (
        '{% use_catalog catalog %}{% catalog_label stage "title" %}|'
        '{% catalog_label group "name" %}|{% catalog_label area "name" %}'
    )

    html = render(page, "fr", **context)

    assert html == (
        "Niveau 3\u00a0: Stratégie d’imagerie d’établissement et gouvernance|"
        "Aide à la décision clinique|Oto-rhino-laryngologie (ORL)"
    )


def test_catalog_label_of_an_area_needs_the_page_catalog(catalog) -> None:  # type: ignore[no-untyped-def]
    area = ServiceArea.objects.get(code="ent")

    with pytest.raises(TemplateSyntaxError, match="use_catalog"):
        render('{% catalog_label area "name" %}', "de", area=area)
    assert render(
        '{% catalog_label area "name" catalog=catalog %}', "de", area=area, catalog=catalog
    ) == ("Hals-Nasen-Ohren-Heilkunde")


def test_lang_attr_marks_only_a_fallback(catalog) -> None:  # type: ignore[no-untyped-def]
    remove_translation(catalog, language="de", kind="group", code="C", field="name")
    page = (
        '{% use_catalog catalog %}{% catalog_label a "name" as x %}<b{{ x|lang_attr }}>{{ x }}</b>'
        '{% catalog_label c "name" as y %}<b{{ y|lang_attr }}>{{ y }}</b>'
    )
    groups = {g.code: g for g in Group.objects.all()}

    html = render(page, "de", catalog=catalog, a=groups["A"], c=groups["C"])

    assert html == (
        "<b>Externer Bildaustausch und Patienteneinbindung</b>"
        '<b lang="en">Analytics and personalised medicine</b>'
    )


def test_wording_escapes_html(catalog) -> None:  # type: ignore[no-untyped-def]
    CatalogTranslation.objects.filter(
        language="de", kind="criterion", code="A.2", field="text"
    ).update(value="<script>x</script>")
    catalog_revise(catalog_id=catalog.pk)

    html = render(
        "{% include 'criteria/includes/criterion_text.html' %}",
        "de",
        criterion=Criterion.objects.get(code="A.2"),
    )

    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html


def test_catalog_name_tag_names_each_kind_and_marks_a_fallback(catalog) -> None:  # type: ignore[no-untyped-def]
    remove_translation(catalog, language="de", kind="group", code="C", field="name")
    context = {
        "catalog": catalog,
        "stage": Stage.objects.get(number=3),
        "b": Group.objects.get(code="B"),
        "c": Group.objects.get(code="C"),
        "area": ServiceArea.objects.get(code="ent"),
        "criterion": Criterion.objects.get(code="2.2"),
    }
    page = (
        "{% use_catalog catalog %}{% catalog_name stage %}|{% catalog_name b %}|"
        "{% catalog_name area %}|{% catalog_name criterion %}|{% catalog_name c %}"
    )

    html = render(page, "de", **context)

    assert html.split("|") == [
        "Stufe 3: Enterprise-Imaging-Strategie und Governance",
        "Klinische Entscheidungsunterstützung",
        "Hals-Nasen-Ohren-Heilkunde",
        "Externe Bilder können importiert werden",
        '<span lang="en">Analytics and personalised medicine</span> '
        '<span class="badge text-bg-warning fw-normal">'
        "Übersetzung fehlt — auf Englisch angezeigt</span>",
    ]


def test_catalog_name_tag_escapes_html(catalog) -> None:  # type: ignore[no-untyped-def]
    CatalogTranslation.objects.filter(
        catalog=catalog, language="fr", kind="group", code="A", field="name"
    ).update(value="<b>A</b>")
    catalog_revise(catalog_id=catalog.pk)

    html = render("{% catalog_name group %}", "fr", group=Group.objects.get(code="A"))

    assert html == "&lt;b&gt;A&lt;/b&gt;"
