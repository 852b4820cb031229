"""What the accessibility statement says: the target, the date of the last check, the known gaps.

LAST_CHECKED is the day the automated checks (axe on every page state the browser tests reach,
in English, German and French; target size; focus not obscured; PDF/UA-1 of the scorecard and the
blank questionnaire) last ran in full and passed. Update it when you run them again.
"""

from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CONFORMANCE_TARGET = "WCAG 2.2 AA"
LAST_CHECKED = date(2026, 11, 30)

# Honest: what the automated checks do not cover yet.
KNOWN_LIMITATIONS = [
    _(
        "Only automated checks have been run (axe, target size, focus not obscured, PDF/UA-1). "
        "No audit by an accessibility expert and no test with people who use assistive "
        "technology has been done yet."
    ),
    _("The pages have not been tested with screen readers (NVDA, JAWS, VoiceOver, TalkBack)."),
    _("Zoom to 400 %, text spacing and high-contrast modes have not been checked systematically."),
    _(
        "Evidence files uploaded by organizations, and the spreadsheets (CSV, XLSX) the "
        "application exports, are not checked for accessibility."
    ),
    _("The administration site (Django admin) and the API documentation pages are not checked."),
    _(
        "The single sign-on pages are provided by your organization's identity provider and "
        "are outside this application."
    ),
]


def contact_address() -> str:
    return getattr(settings, "DIAM_ACCESSIBILITY_CONTACT", settings.DEFAULT_FROM_EMAIL)
