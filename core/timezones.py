"""Time zones: which names are real, and the zone of a country.

Offices carry a country, not a zone: ``country_time_zone`` gives the zone
of its capital or largest city, from the IANA table installed with the
system's time-zone data (``zone1970.tab``, ``zone.tab``), with the zones of
the offices the site starts with written out in case that table is absent.
"""

import functools
import zoneinfo
from pathlib import Path

# Checked first: the demo offices and headquarters, whatever is installed.
KNOWN_COUNTRY_ZONES = {
    "CH": "Europe/Zurich",  # Geneva shares Zurich's clock
    "PE": "America/Lima",
    "CO": "America/Bogota",
    "EC": "America/Guayaquil",
    "CL": "America/Santiago",
    "US": "America/New_York",
    "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City",
    "AR": "America/Argentina/Buenos_Aires",
    "BE": "Europe/Brussels",
    "TH": "Asia/Bangkok",
    "SN": "Africa/Dakar",
    "KE": "Africa/Nairobi",
    "ZA": "Africa/Johannesburg",
    "EG": "Africa/Cairo",
    "AT": "Europe/Vienna",
    "PH": "Asia/Manila",
}


@functools.cache
def available_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine knows ("Europe/Geneva"
    is not one: it is "Europe/Zurich")."""
    return bool(name) and name in available_zones()


@functools.cache
def _table_zones() -> dict[str, str]:
    """Country code → its first zone in the IANA tables (the most populous
    region's, as the tables order them)."""
    zones: dict[str, str] = {}
    for folder in zoneinfo.TZPATH:
        for table in ("zone1970.tab", "zone.tab"):
            path = Path(folder) / table
            if not path.is_file():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or not line.strip():
                    continue
                columns = line.split("\t")
                if len(columns) < 3:
                    continue
                # zone1970.tab lists the main country of a zone first.
                for code in columns[0].split(",")[:1]:
                    zones.setdefault(code, columns[2])
    return zones


def country_time_zone(code: str) -> str:
    """The IANA zone for a country code, or "" when none is known."""
    code = (code or "").upper()
    zone = KNOWN_COUNTRY_ZONES.get(code) or _table_zones().get(code, "")
    return zone if is_known_zone(zone) else ""
