"""Every HTML page the project serves on GET has an axe check in the browser tests.

The URL patterns are walked from the root resolver; each named pattern is either a page, mapped
below to the browser test that runs axe on it, or excluded with a reason. The test fails when a
new page appears without an axe check, and when a mapping names a test that no longer exists.
No browser needed: this runs with the unit tests.
"""

import importlib
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

AXE_CASES = "tests.browser.test_accessibility::test_pages_have_no_accessibility_violation"
AXE_PAGES = "tests.browser.test_axe_pages::test_page_has_no_accessibility_violation"

# URL name -> the browser test that runs axe on that page (in at least one state).
AXE_CHECKED = {
    "home": AXE_CASES,
    "login": AXE_CASES,
    "password_change": AXE_CASES,
    "password_reset": AXE_CASES,
    "invitation_create": AXE_CASES,
    "invitation_accept": AXE_CASES,
    "organization_edit": AXE_CASES,
    "organization_members": AXE_CASES,
    "assessment_create": AXE_CASES,
    "assessment_areas": AXE_CASES,
    "assessment_section": AXE_CASES,
    "assessment_results": AXE_CASES,
    "assessment_submit": AXE_CASES,
    "assessment_timeline": AXE_CASES,
    "assessment_review": AXE_CASES,
    "assessment_copy": AXE_CASES,
    "assessment_assignments": AXE_CASES,
    "review_queue": AXE_CASES,
    "export_index": AXE_CASES,
    "export_job": AXE_CASES,
    "organization_benchmarks": AXE_CASES,
    "programme": AXE_CASES,
    "organization_history": AXE_CASES,
    "organization_compare": AXE_CASES,
    "organization_plan": AXE_CASES,
    "accessibility_statement": AXE_PAGES,
    "profile": AXE_PAGES,
    "security": AXE_PAGES,
    "twofactor": AXE_PAGES,
    "twofactor_setup": AXE_PAGES,
    "security_sessions": AXE_PAGES,
    "security_data": AXE_PAGES,
    "password_change_done": AXE_PAGES,
    "password_reset_done": AXE_PAGES,
    "password_reset_confirm": AXE_PAGES,  # the invalid-link state only
    "password_reset_complete": AXE_PAGES,
    "login_code": AXE_PAGES,
    "workbook_page": AXE_PAGES,
    "workbook_preview": AXE_PAGES,
    "import_page": AXE_PAGES,
    "import_preview": AXE_PAGES,
}

# URL prefixes that serve no HTML page of this project.
EXCLUDED_PREFIXES = {
    "admin/": "Django's admin: its own templates, outside the project's pages",
    "api/v1/": "JSON endpoints (and drf-spectacular's schema and docs)",
    "fhir/": "FHIR JSON resources",
    "i18n/": "set_language: a POST that redirects",
    "sso/": "OpenID Connect redirects to and from the identity provider",
}

# Named patterns that are not HTML GET pages, each with its reason.
EXCLUDED_NAMES = {
    # POST-only actions (they redirect, or answer a fragment to htmx).
    "logout": "POST only, redirects",
    "language_set": "POST only (require_POST): the language chooser, redirects back",
    "api_token_revoke": "POST only, redirects to the profile",
    "twofactor_disable": "POST only (require_POST)",
    "twofactor_recovery_codes": "POST only (require_POST)",
    "security_sessions_end": "POST only (require_POST)",
    "invitation_resend": "POST only, redirects to the members page",
    "invitation_revoke": "POST only, redirects to the members page",
    "assessment_autosave": "POST only, answers an htmx fragment checked within the section page",
    "evidence_upload": "POST only, fragment within the section page",
    "evidence_delete": "POST only, fragment within the section page",
    "review_verdicts": "POST only, redirects to the review page",
    "review_verdict_autosave": "POST only, fragment within the review page",
    "review_accept_remaining": "POST only, redirects to the review page",
    "review_findings": "POST only, redirects to the review page",
    "review_decide": "POST only, redirects to the review page",
    "review_assign": "POST only, redirects to the review page",
    "review_claim": "POST only, redirects to the review page",
    "answer_message_create": "POST only, fragment within the section and review pages",
    "workbook_upload": "POST only, redirects to the workbook preview",
    # Redirects.
    "assessment_detail": "redirects to the first unfinished section",
    # Fragments loaded into a page that axe checks.
    "evidence_panel": "htmx fragment, checked opened in the section page (section-details-open)",
    "export_job_progress": "htmx fragment, checked within the export job page",
    # File downloads.
    "security_data_download": "JSON download of one's personal data",
    "evidence_download": "file download",
    "evidence_inline": "file shown inline (PDF or image), not an HTML page",
    "assessment_answers_export": "CSV/XLSX download",
    "export_job_download": "ZIP download",
    "scorecard_pdf": "PDF download (PDF/UA-1 checked in tests/reports/test_pdfua.py)",
    "organization_plan_export": "CSV/XLSX download",
    "workbook_download": "XLSX download",
    "questionnaire_pdf_latest": "PDF download (PDF/UA-1 checked in tests/reports/test_pdfua.py)",
    "questionnaire_pdf": "PDF download (PDF/UA-1 checked in tests/reports/test_pdfua.py)",
}


def named_patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(route, name) of every named pattern, the included ones too."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from named_patterns(pattern, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield route, pattern.name


def page_names() -> set[str]:
    return {
        name
        for route, name in named_patterns(get_resolver())
        if not route.startswith(tuple(EXCLUDED_PREFIXES)) and name not in EXCLUDED_NAMES
    }


def test_every_html_page_has_an_axe_check() -> None:
    missing = page_names() - AXE_CHECKED.keys()

    assert missing == set(), "pages without an axe check (map them, or exclude with a reason)"


def test_axe_mapping_names_only_existing_pages() -> None:
    stale = AXE_CHECKED.keys() - page_names()

    assert stale == set()


def test_exclusions_name_only_existing_patterns() -> None:
    names = {name for _, name in named_patterns(get_resolver())}

    assert EXCLUDED_NAMES.keys() - names == set()


def test_axe_mapping_names_existing_tests() -> None:
    missing = set()
    for test in set(AXE_CHECKED.values()):
        module, function = test.split("::")
        if not callable(getattr(importlib.import_module(module), function, None)):
            missing.add(test)

    assert missing == set()
