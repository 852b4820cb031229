import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from assessments import engine
from assessments.management.commands._exchange import catalog_or_error, read_document
from assessments.scoring import catalog_rules
from criteria.models import Criterion, Group


class Command(BaseCommand):
    help = "Score a diam-assessment/1 file without writing anything."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print the score result as JSON")
        parser.add_argument("--catalog", default="diam")

    def handle(self, *args: Any, file: str, json: bool, catalog: str, **options: Any) -> None:
        version = catalog_or_error(catalog)
        document = read_document(file, version)
        result = engine.score(
            catalog_rules(version.pk),
            [engine.Area(a.code, a.annual_volume) for a in document.service_areas],
            [engine.Answer(a.criterion, a.status, a.service_area) for a in document.answers],
        )
        if json:
            self.stdout.write(_json_dumps(result.as_dict()))
            return
        titles = dict(Criterion.objects.filter(catalog=version).values_list("code", "title"))
        group_names = dict(Group.objects.filter(catalog=version).values_list("code", "name"))
        self.stdout.write(summary_lines(result, titles, group_names))


def _json_dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def summary_lines(
    result: engine.ScoreResult, titles: dict[str, str], group_names: dict[str, str]
) -> str:
    lines = [_("Stage %(stage)d") % {"stage": result.stage}]
    met = [
        f"{code} ({group_names.get(code, code)})" for code, held in result.groups.items() if held
    ]
    lines.append(_("Groups met: %(groups)s") % {"groups": ", ".join(met) if met else _("none")})
    if result.next_stage is None:
        lines.append(_("Highest stage reached."))
    else:
        lines.append(_("Blocking stage %(stage)d:") % {"stage": result.next_stage})
        lines.extend(f"  {code} {titles.get(code, '')}".rstrip() for code in result.missing)
    lines.append(
        _("Answered %(answered)d of %(required)d required answers.")
        % {"answered": result.answered, "required": result.required}
    )
    return "\n".join(lines)
