"""Checks of the DIAM catalog fixture (fixtures/catalog/diam.json) against the domain spec.

The expected values below are transcribed from the domain specification, DIAM.md (the source
of truth of the catalog);
criterion texts must be the seed's bullet sentences, verbatim. The repository stands alone: the
SHA-256 of each sentence of the source document was recorded here once, and every fixture text is
checked against it, so nothing outside the repository is read.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_PATH = REPO_ROOT / "fixtures" / "catalog" / "diam.json"

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


# code -> SHA-256 of the seed's bullet sentence (UTF-8), recorded from the source document.
SEED_SENTENCE_SHA256 = {
    "0.1": "21960dbcf1e8723e1b8697bb9523033ef34b745217a15dec1173a521c7a10e93",
    "1.1": "9160ecfb835206b654bc9fa4bb19b7392844a4febf4e4ee23c27609639e13367",
    "1.2": "fc27026a18606775de75194f4031f215f2385b54a497c3b1eec3c6402a0fc451",
    "2.1": "dba1b8f7a40f8420bc869f4f79dd65e87cf62f13541e1ccfbed37fd728d98531",
    "2.2": "c4db3a4ab0882a3a92c71f592d4011475715fa86decfa71d3f251f86cecdc45e",
    "3.1": "69fa9b1a964e86d693426c970d6791175830e8403d7453ab70faf639556e500a",
    "3.2": "3a30ed5d621a5fd5be81eae8dff77da334ba18ead2558879d95eb3043cd29af9",
    "3.3": "e7fbdced8c2253937c89fcc589084b509fe3c1effa77e5861bca5ed0d16300d3",
    "3.4": "4f9299217505be1216a72bd3ec745d462dc88cdb877c43713e8ee4e053765183",
    "3.5": "6b39276394719a9da2241636ccbbec07c1cc05bd05697bf3c50d508d61306c87",
    "4.1": "eb297464c9ac6429a856331634e08ed82b9198b35e56f45a65b7e884be3fc048",
    "4.2": "a6005ac51d43cdf24d6c812c09bc586e65caf04a9008eb4f99526a8b3fb8241d",
    "4.3": "5a828e0a1d7880f873e71188d5d6859e48e3789a8fed01c1561a68cf8b5ca5f0",
    "4.4": "5d698613bc6fc4a91db9e7c5b9a35a0e607419701a65baef80685a9cbe87a149",
    "4.5": "0be1db1b03c3d2fb0e7607a3d17bcf6dc3a566888da7c7caa62b784022313194",
    "4.6": "b62eafdd55967cfc3bf708d8a4fb37a0b817fecf890c8e8f85c61e5c0b06531d",
    "A.1": "40c969f83b5472251f6444356eb03cc5535208e7866f3224fbcfe4c523dd0e1b",
    "A.2": "55d0bd72f764b485d5bc7a7c79da6afe02e3044e4307d3cab44e229af3533d68",
    "A.3": "23631a07b76d576281cec4146e265fbc1e2691392f4a89b1cb0d239039a0a85a",
    "A.4": "529732587212517d6ebe6a8b0bbdadc657387a1493d993e84c57bc20befcf580",
    "B.1": "f3b20837ccb958d5deff2f04dc34c1ced37b83d60530e686421b4af350472ad0",
    "B.2": "73dbd52364bf889a1d05564a72878dc401b0a453a55c7289141de61f85b4f256",
    "B.3": "9649c47566563558a1472a9e49dc3735ebd1c594943ab2c26a42a741d95916a6",
    "B.4": "7afc7859c87d60841ebbaf3049309e17be51ce562721f0f57f0cdfb96545c33f",
    "B.5": "53c0cbfe4e9cfc98a71ddd54e220ee29cd565b16126afde5bf1460be2aa18f5c",
    "C.1": "3cfd11929f020f72e1ab1f4ca513eee6f6645429dd321207a92b5a107ea35ce4",
    "C.2": "8ed8e9d38c08a3934fb344d27d82060191fcfd1209a760e67cc8b447fc1aa7ea",
    "C.3": "5161ab7368e3591ae90b7b7f17e98edbb6d6f88921fa0aa36bf9e83a9488734b",
    "C.4": "f62f678e6437eb3d52cd22a279bc78027c4f08c50738f7b4756fcfb452760daa",
}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_fixture() -> dict[str, Any]:
    return json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))


def _criteria_by_code() -> dict[str, dict[str, Any]]:
    return {criterion["code"]: criterion for criterion in _load_fixture()["criteria"]}


@pytest.mark.parametrize("code", CATALOG_ORDER)
def test_criterion_text_matches_recorded_seed_digest(code):
    assert _sha256(_criteria_by_code()[code]["text"]) == SEED_SENTENCE_SHA256[code]


def test_recorded_digests_cover_every_criterion_once():
    assert list(SEED_SENTENCE_SHA256) == CATALOG_ORDER
    assert len(set(SEED_SENTENCE_SHA256.values())) == len(CATALOG_ORDER)


@pytest.mark.parametrize("code", CATALOG_ORDER)
def test_criterion_text_holds_its_identifying_phrase(code):
    assert SEED_SUBSTRINGS[code] in _criteria_by_code()[code]["text"]


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
