"""Regions, size bands and the minimum peer group: pure, no database."""

import pytest
from django_countries.data import COUNTRIES

from benchmarks.peers import REGIONS, min_peers, region_of, size_band_of


def test_region_of_every_country_but_antarctica() -> None:
    without = sorted(code for code in COUNTRIES if region_of(code) is None)

    assert without == ["AQ"]


def test_regions_do_not_overlap() -> None:
    codes = [code for region in REGIONS for code in region.countries]

    assert len(codes) == len(set(codes))


def test_region_of_examples() -> None:
    examples = ["DE", "TR", "AE", "EG", "JP", "BR", "NZ"]

    assert [region_of(code).code for code in examples] == [  # type: ignore[union-attr]
        "europe",
        "europe",
        "middle-east",
        "africa",
        "asia",
        "americas",
        "oceania",
    ]


@pytest.mark.parametrize(
    ("volume", "low"),
    [
        (0, 0),
        (49_999, 0),
        (50_000, 50_000),
        (199_999, 50_000),
        (200_000, 200_000),
        (999_999, 200_000),
        (1_000_000, 1_000_000),
        (40_000_000, 1_000_000),
    ],
)
def test_size_band_of_boundaries(volume: int, low: int) -> None:
    assert size_band_of(volume).low == low


@pytest.mark.parametrize(
    ("setting", "expected"), [(None, 5), ("x", 5), (0, 5), (4, 5), (5, 5), (8, 8)]
)
def test_min_peers_never_below_5(setting: object, expected: int) -> None:
    assert min_peers(setting) == expected
