"""Plain-language descriptions of the rules that are data on each criterion."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from criteria.enums import RuleKind
from criteria.models import Criterion


def rule_text(criterion: Criterion) -> str:
    kind = criterion.rule_kind
    n = criterion.rule_min_areas or 1
    if kind == RuleKind.ANSWER:
        return _("Answered once for the organization; met when the answer is “met”.")
    if kind == RuleKind.AT_LEAST:
        return ngettext(
            "Met when at least %(n)d service area meets it.",
            "Met when at least %(n)d service areas meet it.",
            n,
        ) % {"n": n}
    if kind == RuleKind.MAJORITY:
        return _(
            "Met when more than half of the service areas meet it (areas marked not applicable "
            "are left out)."
        )
    if kind == RuleKind.AT_LEAST_OR_VOLUME:
        return _(
            "Met when at least %(n)d service areas meet it, or when the areas that meet it "
            "produce at least %(percent)d%% of the annual image volume (areas marked not "
            "applicable are left out)."
        ) % {"n": n, "percent": criterion.rule_volume_share_percent or 100}
    if kind == RuleKind.INFORMATIONAL:
        return _("For information only: it does not affect the stage.")
    return _("Describes the starting point; not answered.")
