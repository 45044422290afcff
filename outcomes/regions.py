"""UN geoscheme (M49) regions of the world, from an ISO 3166 country code.

django-countries knows no regions, so this small table does: the five M49 regions, with
each country listed once. It is used to filter and count signatories, nothing more.
"""

from django.utils.translation import gettext_lazy as _

REGIONS = {
    "africa": _("Africa"),
    "americas": _("Americas"),
    "asia": _("Asia"),
    "europe": _("Europe"),
    "oceania": _("Oceania"),
}

_COUNTRIES = {
    "africa": (
        "DZ EG LY MA SD TN EH "  # Northern Africa
        "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW IO TF "  # Eastern
        "AO CM CF TD CG CD GQ GA ST "  # Middle
        "BW SZ LS NA ZA "  # Southern
        "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"  # Western
    ),
    "americas": (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI "
        "BZ CR SV GT HN MX NI PA "  # Central America
        "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE "  # South America
        "BM CA GL PM US"  # Northern America
    ),
    "asia": (
        "KZ KG TJ TM UZ "  # Central
        "CN HK MO KP JP MN KR TW "  # Eastern
        "BN KH ID LA MY MM PH SG TH TL VN "  # South-eastern
        "AF BD BT IN IR MV NP PK LK "  # Southern
        "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"  # Western
    ),
    "europe": (
        "BY BG CZ HU PL MD RO RU SK UA "  # Eastern
        "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB "  # Northern
        "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES "  # Southern
        "AT BE FR DE LI LU MC NL CH"  # Western
    ),
    "oceania": (
        "AU NZ NF HM CC CX FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF"
    ),
}
COUNTRY_REGION: dict[str, str] = {
    code: region for region, codes in _COUNTRIES.items() for code in codes.split()
}


def region_of(country_code: str) -> str:
    """The region key ("africa"…) of an ISO country code; "" when it has none (Antarctica)."""
    return COUNTRY_REGION.get(str(country_code).upper(), "")


def region_countries(region: str) -> list[str]:
    return [code for code, r in COUNTRY_REGION.items() if r == region]
