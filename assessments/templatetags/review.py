"""Template helpers of the review: the verdicts an organization sees on its results page."""

from django import template

from assessments.review.selectors import VerdictRow, verdict_rows
from assessments.workspace import Workspace

register = template.Library()


@register.simple_tag
def assessment_verdicts(workspace: Workspace, not_accepted_only: bool = False) -> list[VerdictRow]:
    """The verdicts of the workspace in survey order (no query)."""
    return verdict_rows(workspace, not_accepted_only=not_accepted_only)
