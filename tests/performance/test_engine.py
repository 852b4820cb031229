from assessments import engine
from assessments.scoring import catalog_rules
from criteria.models import CatalogVersion
from performance.engine import engine_figures, reference_mismatches, synthetic_assessments
from performance.reference_engine import reference_score

AREAS = ["radiology", "cardiology", "oncology", "pathology", "nuclear-medicine"]


def test_reference_engine_agrees_with_the_engine_on_mixed_answers(
    catalog: CatalogVersion,
) -> None:
    rules = catalog_rules(catalog.pk)
    areas = [engine.Area(code, 1000 * (i + 1)) for i, code in enumerate(AREAS)]
    batch = synthetic_assessments(rules, areas, 200, seed=3)

    assert reference_mismatches(rules, areas, batch) == 0


def test_reference_engine_all_met_reaches_stage_7(catalog: CatalogVersion) -> None:
    rules = catalog_rules(catalog.pk)
    areas = [engine.Area(code, 1000) for code in AREAS]
    answers = [
        engine.Answer(rule.code, "met", area.code if rule.scope == engine.AREA else None)
        for rule in rules.answerable
        for area in (areas if rule.scope == engine.AREA else areas[:1])
    ]

    assert reference_score(rules, areas, answers).stage == 7


def test_engine_figures_print_the_ratio_against_the_reference(catalog: CatalogVersion) -> None:
    rules = catalog_rules(catalog.pk)

    names = [f.name for f in engine_figures(rules, AREAS, count=20, repeat=1)]

    assert names[-1] == "engine: ratio engine / reference engine"
