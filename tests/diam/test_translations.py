"""The German and French message catalogs (locale/<language>/LC_MESSAGES/django.po): every entry
translated, none fuzzy, the placeholders of each translation those of its English text, no entry
missing or left over compared with the source as it stands; and the pages in those languages."""

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.enums import AssessmentStatus, Role
from tests.assessments.review_factories import assessor_user
from tests.factories import MembershipFactory, UserFactory, assessment_with_areas

TRANSLATED = ["de", "fr"]
LOCALE = Path(settings.BASE_DIR) / "locale"
# The same folders the catalogs are made without (see the makemessages command in the README).
IGNORED = [".venv", "var", "tests", "test-artifacts", "node_modules"]


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    plural: str | None
    strings: tuple[str, ...]  # msgstr, or msgstr[0], msgstr[1], ...
    flags: frozenset[str]
    obsolete: bool

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.context, self.msgid, self.plural)


FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


def po_entries(path: Path) -> list[Entry]:
    """The entries of a .po (or .pot) file, the header included (its msgid is "")."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        obsolete = False
        current = ""
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
                line = line[2:].strip()
            elif line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
                continue
            elif line.startswith("#"):
                continue
            if match := FIELD.match(line):
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if "msgid" not in fields:
            continue
        strings = tuple(
            fields[name]
            for name in sorted(
                (name for name in fields if name.startswith("msgstr")),
                key=lambda name: int(name[7:-1]) if "[" in name else 0,
            )
        )
        entries.append(
            Entry(
                context=fields.get("msgctxt"),
                msgid=fields["msgid"],
                plural=fields.get("msgid_plural"),
                strings=strings,
                flags=frozenset(flags),
                obsolete=obsolete,
            )
        )
    return entries


def catalog(language: str) -> list[Entry]:
    """The translatable entries of a language's catalog: neither the header nor obsolete ones."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    return [e for e in po_entries(path) if e.msgid and not e.obsolete]


def label(entry: Entry) -> str:
    return f"{entry.msgid[:70]!r}" + (f" (context {entry.context!r})" if entry.context else "")


# Python's %-placeholders (named or not), brace placeholders, a literal %%, and HTML tags by name.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|%%|\{\w*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text)) + sorted("<" + t for t in TAG.findall(text))


# The catalogs themselves ----------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_every_entry_translated(language: str) -> None:
    untranslated = [label(e) for e in catalog(language) if not e.strings or not all(e.strings)]

    assert untranslated == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_no_entry_fuzzy(language: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    fuzzy = [label(e) for e in po_entries(path) if "fuzzy" in e.flags and not e.obsolete]

    assert fuzzy == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_plural_forms_two_per_entry(language: str) -> None:
    wrong = [label(e) for e in catalog(language) if e.plural is not None and len(e.strings) != 2]

    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_placeholders_same_as_english(language: str) -> None:
    """Each translation has the placeholders and HTML tags of its English text. A singular form
    may leave the number out ("la réponse" for "%(counter)s answer"): Python's %-formatting with
    a mapping ignores a name the text does not use."""
    wrong = []
    for entry in catalog(language):
        for index, text in enumerate(entry.strings):
            source = entry.plural if index > 0 and entry.plural is not None else entry.msgid
            if entry.plural is not None and index == 0 and not PLACEHOLDER.search(text):
                if placeholders(text) != [p for p in placeholders(source) if p.startswith("<")]:
                    wrong.append((label(entry), index, text))
                continue
            if placeholders(text) != placeholders(source):
                wrong.append((label(entry), index, text))

    assert wrong == []


def test_catalog_french_plural_rule_is_french() -> None:
    """French counts 0 and 1 as singular; German only 1."""
    headers = {
        language: next(
            e for e in po_entries(LOCALE / language / "LC_MESSAGES" / "django.po") if not e.msgid
        ).strings[0]
        for language in TRANSLATED
    }
    plural_forms = {
        language: re.search(r"Plural-Forms: (.*)\n", header).group(1)  # type: ignore[union-attr]
        for language, header in headers.items()
    }

    assert plural_forms == {
        "de": "nplurals=2; plural=(n != 1);",
        "fr": "nplurals=2; plural=(n > 1);",
    }


def test_catalog_up_to_date_with_the_source(tmp_path: Path) -> None:
    """makemessages, run on a copy of the source tree as it stands, finds exactly the entries of
    the catalogs: a new or changed string in the code or a template without its translation, or
    a translation left over from a string that is gone, fails here. (Takes some seconds: xgettext
    reads every Python file and template.)"""
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "source"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns(*IGNORED, ".*", "__pycache__", "*.pyc", "*.mo"),
    )
    environment = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "diam.settings"}
    command = [sys.executable, "manage.py", "makemessages", "--keep-pot", "-l", "de", "-l", "fr"]
    result = subprocess.run(
        command + [f"--ignore={folder}" for folder in IGNORED],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    extracted = {e.key for e in po_entries(copy / "locale" / "django.pot") if e.msgid}

    for language in TRANSLATED:
        present = {e.key for e in catalog(language)}
        missing = sorted(str(key) for key in extracted - present)
        left_over = sorted(str(key) for key in present - extracted)
        assert (language, missing, left_over) == (language, [], []), (
            "Run the makemessages command of the README and translate the new entries."
        )


# The pages in German and French --------------------------------------------------------------

H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
BUTTON = re.compile(r"<button\b[^>]*>(.*?)</button>", re.S)
HTML_LANG = re.compile(r'<html lang="([^"]+)">')


def texts(pattern: re.Pattern[str], html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in pattern.findall(html)]


def page(client: Client, url: str, language: str) -> tuple[str, list[str]]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    lang = HTML_LANG.search(html)
    return (lang.group(1) if lang else "", texts(H1, html))


@pytest.fixture
def lead_client(catalog: object) -> tuple[Client, object]:
    lead = UserFactory()
    assessment = assessment_with_areas(["radiology", "cardiology"])
    MembershipFactory(user=lead, organization=assessment.organization, role=Role.LEAD)
    client = Client()
    client.force_login(lead)
    return client, assessment


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Your organizations"), ("de", "Ihre Organisationen"), ("fr", "Vos organisations")],
)
def test_home_page_in_the_browsers_language(lead_client, language: str, heading: str) -> None:  # type: ignore[no-untyped-def]
    client, _assessment = lead_client

    assert page(client, reverse("home"), language) == (language, [heading])


@pytest.mark.parametrize(
    ("language", "heading", "save"),
    [
        ("de", "Stufe 1: Spezialisierte Bildgebungssysteme", "Stufe 1 speichern"),
        ("fr", "Niveau 1 : Systèmes d’imagerie spécialisés", "Enregistrer Niveau 1"),
    ],
)
def test_section_page_in_the_browsers_language(  # type: ignore[no-untyped-def]
    lead_client, language: str, heading: str, save: str
) -> None:
    client, assessment = lead_client
    url = reverse("assessment_section", args=[assessment.pk, "stage-1"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert page(client, url, language) == (language, [heading])
    assert save in texts(BUTTON, html)


@pytest.mark.parametrize(
    ("language", "heading", "summary"),
    [("de", "Ergebnisse", "Zusammenfassung"), ("fr", "Résultats", "Synthèse")],
)
def test_results_page_in_the_browsers_language(  # type: ignore[no-untyped-def]
    lead_client, language: str, heading: str, summary: str
) -> None:
    client, assessment = lead_client
    url = reverse("assessment_results", args=[assessment.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert page(client, url, language) == (language, [heading])
    assert summary in texts(re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S), html)


@pytest.mark.parametrize(
    ("language", "heading", "claim"),
    [
        ("de", "Prüfwarteschlange", "Übernehmen {title} von {name}"),
        ("fr", "File d’examen", "Prendre en charge {title} de {name}"),
    ],
)
def test_review_queue_in_the_browsers_language(  # type: ignore[no-untyped-def]
    catalog, language: str, heading: str, claim: str
) -> None:
    assessment = assessment_with_areas(["radiology"], status=AssessmentStatus.SUBMITTED)
    assessment.submitted_at = assessment.created_at
    assessment.save(update_fields=["submitted_at"])
    client = Client()
    client.force_login(assessor_user())
    html = client.get(reverse("review_queue"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    button = claim.format(title=assessment.title, name=assessment.organization.name)

    assert page(client, reverse("review_queue"), language) == (language, [heading])
    assert button in texts(BUTTON, html)


def test_organization_profile_country_names_in_each_requests_language(lead_client) -> None:  # type: ignore[no-untyped-def]
    """The country list is made per request: a process that served English first still names
    the countries in German for a German request."""
    client, assessment = lead_client
    url = reverse("organization_edit", args=[assessment.organization.slug])
    option = re.compile(r'<option value="DE"[^>]*>(.*?)</option>')

    names = [
        option.findall(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())
        for language in ["en", "de", "fr"]
    ]

    assert names == [["Germany"], ["Deutschland"], ["Allemagne"]]
