"""Peer groups: the regions of the world by country and the size bands by image volume.

Pure data and functions, no Django but gettext: the selectors turn them into filters.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The smallest peer group that shows figures: fewer organizations could be singled out.
# DIAM_BENCHMARK_MIN_PEERS may raise it, never lower it.
MIN_PEERS_FLOOR = 5


def min_peers(setting: object) -> int:
    """The setting as a whole number, never below MIN_PEERS_FLOOR."""
    try:
        value = int(setting)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return MIN_PEERS_FLOOR
    return max(MIN_PEERS_FLOOR, value)


@dataclass(frozen=True)
class Region:
    code: str
    name: Promise
    countries: frozenset[str]  # ISO 3166-1 alpha-2


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Continents, with the Middle East apart, after the UN geoscheme; the Caucasus, Cyprus and
# Turkey go with Europe (Council of Europe), Egypt with Africa, and remote islands and
# territories with the continent the UN puts them in. Antarctica (AQ) has no region.
REGIONS: tuple[Region, ...] = (
    Region(
        "europe",
        _("Europe"),
        _codes(
            "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU "
            "IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR "
            "UA VA"
        ),
    ),
    Region("middle-east", _("Middle East"), _codes("AE BH IL IQ IR JO KW LB OM PS QA SA SY YE")),
    Region(
        "asia",
        _("Asia"),
        _codes(
            "AF BD BN BT CN HK ID IN JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ "
            "TL TM TW UZ VN"
        ),
    ),
    Region(
        "americas",
        _("Americas"),
        _codes(
            "AG AI AR AW BB BL BM BO BQ BR BS BV BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP "
            "GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC "
            "VE VG VI"
        ),
    ),
    Region(
        "africa",
        _("Africa"),
        _codes(
            "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR "
            "LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN "
            "TZ UG YT ZA ZM ZW"
        ),
    ),
    Region(
        "oceania",
        _("Oceania"),
        _codes(
            "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"
        ),
    ),
)


def region_of(country: str) -> Region | None:
    for region in REGIONS:
        if country in region.countries:
            return region
    return None


@dataclass(frozen=True)
class SizeBand:
    low: int  # images a year, included
    high: int | None  # excluded; None: no upper bound
    name: Promise


# By the total annual image volume of the active service areas.
SIZE_BANDS: tuple[SizeBand, ...] = (
    SizeBand(0, 50_000, _("fewer than 50,000 images a year")),
    SizeBand(50_000, 200_000, _("50,000 to 200,000 images a year")),
    SizeBand(200_000, 1_000_000, _("200,000 to 1 million images a year")),
    SizeBand(1_000_000, None, _("more than 1 million images a year")),
)


def size_band_of(volume: int) -> SizeBand:
    for band in SIZE_BANDS:
        if volume >= band.low and (band.high is None or volume < band.high):
            return band
    return SIZE_BANDS[0]
