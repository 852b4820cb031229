"""axe-core on a page, the one rule for every browser test: no violation at any impact level.

Minor and moderate violations block as much as serious and critical ones (issue 13, WCAG 2.2 AA):
`axe_violations` lists them all, one readable entry each, so a test asserts it is empty and a
failure shows what to fix. axe runs its default rule set (WCAG 2.0-2.2 A and AA, best practices)
and the WCAG A and AA rules it leaves out by default (WCAG_RULES_OFF_BY_DEFAULT).
"""

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page

AXE = Axe()
# WCAG A and AA rules of axe 4.12 that axe.run leaves out unless asked: target-size is new in
# WCAG 2.2 (2.5.8), axe tags the others "experimental". The pages pass them all.
WCAG_RULES_OFF_BY_DEFAULT = [
    "target-size",  # 2.5.8 Target Size (Minimum), AA
    "css-orientation-lock",  # 1.3.4 Orientation, AA
    "label-content-name-mismatch",  # 2.5.3 Label in Name, A
    "p-as-heading",  # 1.3.1 Info and Relationships, A
    "table-fake-caption",  # 1.3.1
    "td-has-header",  # 1.3.1
]
OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": True} for rule in WCAG_RULES_OFF_BY_DEFAULT},
}


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's violations as text: impact, rule and help, then each failing node."""
    return "\n".join(describe_one(violation) for violation in violations)


def describe_one(violation: dict[str, Any]) -> str:
    lines = [f"{violation['impact']}: {violation['id']}: {violation['help']}"]
    for node in violation["nodes"]:
        lines.append(f"    {node['target']}: {node.get('failureSummary', '')}".rstrip())
        lines.append(f"        {node['html'][:300]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[str]:
    """Every axe violation on the page as it is now, at every impact level, one entry each."""
    violations = AXE.run(page, options=OPTIONS).response["violations"]
    return [describe_one(violation) for violation in violations]


LANGUAGES = ("en", "de", "fr")


def axe_violations_in_every_language(page: Page) -> dict[str, list[str]]:
    """axe on the page as it is, then on the same address read again in the other languages:
    in a second tab of the same browser context (the same user and session), with the language
    cookie that the footer's chooser sets; the cookie as it was is put back afterwards. The other
    languages see the page as a GET of its address shows it with the same data (a message that
    only a POST's answer shows is checked in the test's own language). Returns the violations
    by language, only for the languages that have some."""
    found: dict[str, list[str]] = {}
    own = page.evaluate("document.documentElement.lang") or "en"
    violations = axe_violations(page)
    if violations:
        found[own] = violations
    context = page.context
    cookie = settings.LANGUAGE_COOKIE_NAME
    before = [c for c in context.cookies(page.url) if c["name"] == cookie]
    try:
        for language in LANGUAGES:
            if language == own:
                continue
            context.add_cookies([{"name": cookie, "value": language, "url": page.url}])
            other = context.new_page()
            try:
                other.goto(page.url)
                shown = other.evaluate("document.documentElement.lang")
                assert shown == language, f"{page.url} in {language}: the page says {shown}"
                violations = axe_violations(other)
                if violations:
                    found[language] = violations
            finally:
                other.close()
    finally:
        context.clear_cookies(name=cookie)
        if before:
            context.add_cookies(before)  # type: ignore[arg-type]
    return found
