"""axe-core on a page, the one rule for every browser test: no violation at any impact level.

Minor and moderate violations block as much as serious and critical ones (issue 13, WCAG 2.2 AA):
`axe_violations` lists them all, one readable entry each, so a test asserts it is empty and a
failure shows what to fix. axe runs its default rule set (WCAG 2.0-2.2 A and AA, best practices).
"""

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE = Axe()


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
    return [describe_one(violation) for violation in AXE.run(page).response["violations"]]
