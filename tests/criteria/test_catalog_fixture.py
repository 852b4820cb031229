"""Checks of the DIAM catalog fixture (fixtures/catalog/diam.json) against the domain spec.

The expected values below are transcribed from shared/DIAM.md (the catalog's source of truth);
criterion texts must be the seed's bullet sentences, verbatim.
"""

import json
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_PATH = REPO_ROOT / "fixtures" / "catalog" / "diam.json"
SEED_PATH = REPO_ROOT.parent / "shared" / "seeds" / "000_4a2e1e2a8db006e7.txt"
BULLET_PREFIX = "  \u2022 "

CATALOG_ORDER = [
    "0.1",
    "1.1",
    "1.2",
    "2.1",
    "2.2",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "3.5",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "4.6",
    "A.1",
    "A.2",
    "A.3",
    "A.4",
    "B.1",
    "B.2",
    "B.3",
    "B.4",
    "B.5",
    "C.1",
    "C.2",
    "C.3",
    "C.4",
]

# code -> a substring that identifies exactly one seed bullet (per the DIAM.md mapping).
SEED_SUBSTRINGS = {
    "0.1": "The organization has not installed key enterprise",
    "1.1": "Key specialized medical imaging information systems are installed",
    "1.2": "A supply and inventory management system",
    "2.1": "are accessed via multiple, unique links within the EMR",
    "2.2": "External images can be imported",
    "3.1": "An enterprise imaging strategy in place",
    "3.2": "Clinical image acquisition and communication workflows are formalized",
    "3.3": "Quality, safety and operational parameters across multiple imaging services",
    "3.4": "from a single point of entry",
    "3.5": "External referrers can access and view images",
    "4.1": "enterprise-centralized repository",
    "4.2": "capture and storage processes are standardized",
    "4.3": "Internationally recognized standards, protocols or profiles",
    "4.4": "via mobile platforms",
    "4.5": "can be ingested and stored electronically",
    "4.6": "access medical images and reports securely from remote locations",
    "A.1": "The majority of image-producing service areas are exchanging",
    "A.2": "support multidisciplinary interactive collaboration",
    "A.3": "Patients can make appointments",
    "A.4": "Patients are able to electronically upload, download and share",
    "B.1": "feedback about the appropriateness to perform an examination",
    "B.2": "Alternative examinations and suggestions",
    "B.3": "Imaging reports/notes are in a structured format",
    "B.4": "correlated in near time with evidence-based information sources",
    "B.5": "participates in regional, national or international registries",
    "C.1": "Clinical, organizational and financial parameters are systematically tracked",
    "C.2": "uses internal and external data for making predictions",
    "C.3": "Genetic information from patients is correlated with imaging biomarkers",
    "C.4": "Technology use is captured and analyzed",
}

# code, stage, group, scope, rule kind, min_areas, volume_share_percent, required
CRITERIA_TABLE = [
    ("0.1", 0, None, "baseline", "baseline", None, None, False),
    ("1.1", 1, None, "area", "at_least", 2, None, True),
    ("1.2", 1, None, "area", "informational", None, None, False),
    ("2.1", 2, None, "area", "at_least_or_volume", 3, 80, True),
    ("2.2", 2, None, "enterprise", "answer", None, None, True),
    ("3.1", 3, None, "enterprise", "answer", None, None, True),
    ("3.2", 3, None, "enterprise", "answer", None, None, True),
    ("3.3", 3, None, "area", "at_least", 2, None, True),
    ("3.4", 3, None, "enterprise", "answer", None, None, True),
    ("3.5", 3, None, "enterprise", "answer", None, None, True),
    ("4.1", 4, None, "enterprise", "answer", None, None, True),
    ("4.2", 4, None, "enterprise", "answer", None, None, True),
    ("4.3", 4, None, "enterprise", "answer", None, None, True),
    ("4.4", 4, None, "enterprise", "answer", None, None, True),
    ("4.5", 4, None, "enterprise", "answer", None, None, True),
    ("4.6", 4, None, "enterprise", "answer", None, None, True),
    ("A.1", None, "A", "area", "majority", None, None, True),
    ("A.2", None, "A", "enterprise", "answer", None, None, True),
    ("A.3", None, "A", "enterprise", "answer", None, None, True),
    ("A.4", None, "A", "enterprise", "answer", None, None, True),
    ("B.1", None, "B", "enterprise", "answer", None, None, True),
    ("B.2", None, "B", "enterprise", "answer", None, None, True),
    ("B.3", None, "B", "enterprise", "answer", None, None, True),
    ("B.4", None, "B", "area", "at_least", 2, None, True),
    ("B.5", None, "B", "enterprise", "answer", None, None, True),
    ("C.1", None, "C", "enterprise", "answer", None, None, True),
    ("C.2", None, "C", "enterprise", "answer", None, None, True),
    ("C.3", None, "C", "enterprise", "answer", None, None, True),
    ("C.4", None, "C", "enterprise", "answer", None, None, True),
]

EXPECTED_GROUPS = [
    ("A", "External image exchange and patient engagement", 1),
    ("B", "Clinical decision support", 2),
    ("C", "Analytics and personalised medicine", 3),
]

EXPECTED_SERVICE_AREA_CODES = [
    "radiology",
    "nuclear-medicine",
    "cardiology",
    "pathology",
    "endoscopy",
    "ophthalmology",
    "dermatology",
    "radiation-oncology",
    "pocus",
    "obstetrics",
    "surgery",
    "wound-care",
    "dentistry",
    "ent",
    "physical-medicine",
]


def _load_fixture() -> dict[str, Any]:
    return json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))


def _criteria_by_code() -> dict[str, dict[str, Any]]:
    return {criterion["code"]: criterion for criterion in _load_fixture()["criteria"]}


def _seed_bullets() -> list[str]:
    if not SEED_PATH.is_file():
        pytest.fail(
            f"Seed file not found at {SEED_PATH}; the shared folder must sit beside the repository."
        )
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix(BULLET_PREFIX) for line in lines if line.startswith(BULLET_PREFIX)]


def test_seed_file_has_one_bullet_per_criterion():
    assert len(_seed_bullets()) == len(CATALOG_ORDER)


def test_seed_substrings_identify_each_bullet_exactly_once():
    bullets = _seed_bullets()
    matched = []
    for code, substring in SEED_SUBSTRINGS.items():
        hits = [bullet for bullet in bullets if substring in bullet]
        assert len(hits) == 1, f"{code}: substring {substring!r} matches {len(hits)} bullets"
        matched.append(hits[0])
    assert sorted(matched) == sorted(bullets)


@pytest.mark.parametrize("code", CATALOG_ORDER)
def test_criterion_text_equals_seed_bullet_verbatim(code):
    substring = SEED_SUBSTRINGS[code]
    hits = [bullet for bullet in _seed_bullets() if substring in bullet]
    assert len(hits) == 1
    assert _criteria_by_code()[code]["text"] == hits[0]


def test_fixture_texts_are_exactly_the_seed_bullets():
    texts = [criterion["text"] for criterion in _load_fixture()["criteria"]]
    assert sorted(texts) == sorted(_seed_bullets())


def test_catalog_header_is_diam():
    catalog = _load_fixture()["catalog"]
    assert catalog["slug"] == "diam"
    assert catalog["name"] == "HIMSS Digital Imaging Adoption Model (DIAM)"
    assert catalog["description"].strip() != ""


def test_criteria_count_is_29():
    assert len(_load_fixture()["criteria"]) == 29


def test_criteria_order_is_catalog_order():
    codes = [criterion["code"] for criterion in _load_fixture()["criteria"]]
    assert codes == CATALOG_ORDER


def test_criteria_codes_are_unique():
    codes = [criterion["code"] for criterion in _load_fixture()["criteria"]]
    assert len(codes) == len(set(codes))


def test_stages_are_numbered_0_to_7():
    stages = _load_fixture()["stages"]
    assert [stage["number"] for stage in stages] == list(range(8))
    for stage in stages:
        assert stage["title"].strip() != ""
        assert stage["description"].strip() != ""


def test_groups_are_a_b_c_with_spec_names():
    groups = _load_fixture()["groups"]
    assert [(group["code"], group["name"], group["order"]) for group in groups] == EXPECTED_GROUPS
    for group in groups:
        assert group["description"].strip() != ""


def test_service_areas_have_spec_codes_in_order():
    areas = _load_fixture()["service_areas"]
    assert [area["code"] for area in areas] == EXPECTED_SERVICE_AREA_CODES
    for area in areas:
        assert area["name"].strip() != ""
        assert area["description"].strip() != ""


def test_criteria_table_covers_all_codes():
    assert [row[0] for row in CRITERIA_TABLE] == CATALOG_ORDER


@pytest.mark.parametrize(
    ("code", "stage", "group", "scope", "kind", "min_areas", "volume_share_percent", "required"),
    CRITERIA_TABLE,
)
def test_criterion_attributes_equal_spec_table(
    code, stage, group, scope, kind, min_areas, volume_share_percent, required
):
    criterion = _criteria_by_code()[code]
    assert criterion["stage"] == stage
    assert criterion["group"] == group
    assert criterion["scope"] == scope
    assert criterion["rule"] == {
        "kind": kind,
        "min_areas": min_areas,
        "volume_share_percent": volume_share_percent,
    }
    assert criterion["required"] == required


@pytest.mark.parametrize("code", CATALOG_ORDER)
def test_criterion_title_is_non_empty_and_short(code):
    title = _criteria_by_code()[code]["title"]
    assert title.strip() != ""
    assert len(title) <= 80


@pytest.mark.parametrize("code", [code for code in CATALOG_ORDER if code != "0.1"])
def test_criterion_guidance_is_non_empty_when_answerable(code):
    assert _criteria_by_code()[code]["guidance"].strip() != ""


@pytest.mark.parametrize("code", CATALOG_ORDER)
def test_criterion_stage_and_group_are_exclusive(code):
    criterion = _criteria_by_code()[code]
    assert (criterion["stage"] is None) != (criterion["group"] is None)
    if criterion["group"] is not None:
        assert criterion["group"] == code.split(".")[0]
    else:
        assert str(criterion["stage"]) == code.split(".")[0]


def test_criterion_keys_are_exactly_the_fixture_shape():
    expected = {"code", "stage", "group", "title", "text", "guidance", "scope", "rule", "required"}
    for criterion in _load_fixture()["criteria"]:
        assert set(criterion) == expected, criterion["code"]


def test_fixture_file_is_formatted_json():
    raw = FIXTURE_PATH.read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n"
