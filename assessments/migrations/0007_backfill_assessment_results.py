"""Store the results of the assessments submitted or validated before results were stored.

Historical models only: the rules, areas and answers are read here and handed, as plain data,
to the pure engine through `result_rows` (the function the life cycle uses). The self-assessed
result keeps the stage recorded at submission and the validated one the validated stage; their
rows come from the answers as they are now (and, for the validated one, their verdicts).
"""

from django.db import migrations

from assessments import engine
from assessments.result_rows import result_rows

SELF_ASSESSED = "self_assessed"
VALIDATED = "validated"


def _catalog(apps, catalog_id):
    Criterion = apps.get_model("criteria", "Criterion")
    criteria = list(
        Criterion.objects.filter(catalog_id=catalog_id)
        .select_related("stage", "group")
        .order_by("order")
    )
    rules = engine.Catalog.build(
        engine.CriterionRule(
            code=c.code,
            scope=c.scope,
            kind=c.rule_kind,
            required=c.required,
            stage=c.stage.number if c.stage is not None else None,
            group=c.group.code if c.group is not None else None,
            min_areas=c.rule_min_areas,
            volume_share_percent=c.rule_volume_share_percent,
        )
        for c in criteria
    )
    criterion_ids = {c.code: c.pk for c in criteria}
    group_ids = {c.group.code: c.group_id for c in criteria if c.group is not None}
    return rules, criterion_ids, group_ids


def backfill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    AssessmentArea = apps.get_model("assessments", "AssessmentArea")
    Answer = apps.get_model("assessments", "Answer")
    AssessmentResult = apps.get_model("assessments", "AssessmentResult")
    GroupResult = apps.get_model("assessments", "GroupResult")
    CriterionResult = apps.get_model("assessments", "CriterionResult")
    AreaCriterionResult = apps.get_model("assessments", "AreaCriterionResult")
    catalogs = {}
    for assessment in Assessment.objects.exclude(status="draft").filter(submitted_at__isnull=False):
        if assessment.catalog_id not in catalogs:
            catalogs[assessment.catalog_id] = _catalog(apps, assessment.catalog_id)
        rules, criterion_ids, group_ids = catalogs[assessment.catalog_id]
        active = list(
            AssessmentArea.objects.filter(assessment=assessment).select_related("service_area")
        )
        areas = [
            engine.Area(code=a.service_area.code, annual_volume=a.annual_volume) for a in active
        ]
        area_ids = {a.service_area.code: a.service_area_id for a in active}
        answers = list(
            Answer.objects.filter(assessment=assessment).values_list(
                "criterion__code", "service_area__code", "status", "verdict__accepted"
            )
        )
        kinds = [(SELF_ASSESSED, assessment.self_assessed_stage, assessment.submitted_at)]
        if assessment.status == "validated":
            kinds.append((VALIDATED, assessment.validated_stage, assessment.validated_at))
        for kind, stage, recorded_at in kinds:
            # A validated result counts only accepted answers (assessments.scoring.accepted_status).
            rows = result_rows(
                catalog=rules,
                areas=areas,
                answers=[
                    engine.Answer(
                        criterion=code,
                        area=area,
                        status=status if kind == SELF_ASSESSED or accepted else engine.NOT_MET,
                    )
                    for code, area, status, accepted in answers
                ],
            )
            result = AssessmentResult.objects.create(
                assessment=assessment,
                kind=kind,
                stage=rows.computed_stage if stage is None else stage,
                computed_stage=rows.computed_stage,
                annual_volume=rows.annual_volume,
                recorded_at=recorded_at or assessment.submitted_at,
            )
            GroupResult.objects.bulk_create(
                GroupResult(result=result, group_id=group_ids[code], met=met)
                for code, met in rows.groups.items()
            )
            CriterionResult.objects.bulk_create(
                CriterionResult(
                    result=result,
                    criterion_id=criterion_ids[row.criterion],
                    met=row.met,
                    areas_met=row.areas_met,
                    areas_counted=row.areas_counted,
                )
                for row in rows.criteria
            )
            AreaCriterionResult.objects.bulk_create(
                AreaCriterionResult(
                    result=result,
                    criterion_id=criterion_ids[row.criterion],
                    service_area_id=area_ids[row.area],
                    status=row.status,
                    met=row.met,
                )
                for row in rows.areas
            )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_assessment_results"),
        ("criteria", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
