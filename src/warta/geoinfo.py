"""What a resolved place means for an analyst: how precise it is, where to draw it, and
its GeoNames feature class.

The gazetteer gives a country the coordinates of its capital (``docs/places.md``); a map
or an export that uses them puts "Indonesia" on Jakarta. :func:`point` answers the
country's centroid instead (``resources/geo/centroids.tsv``, made by
``scripts/build_centroids.py`` from the vendored Natural Earth countries), and
:func:`geo_precision` says what a point stands for.
"""

from __future__ import annotations

import functools

from warta import resources
from warta.resources import read_text

__all__ = [
    "GEO_PRECISIONS",
    "centroid",
    "country_name",
    "feature_class",
    "geo_precision",
    "point",
    "resolution",
]

#: geo_precision values, finest first (docs/data-dictionary.md)
GEO_PRECISIONS = ("exact", "city", "admin2", "admin1", "country", "region")

#: warta place kind -> (GeoNames feature class, feature code)
_FEATURE = {
    "country": ("A", "PCLI"),
    "admin1": ("A", "ADM1"),
    "admin2": ("A", "ADM2"),
    "city": ("P", "PPL"),
    "region": ("L", "RGN"),
}


@functools.cache
def _centroid_rows() -> dict[str, tuple[float, float, str]]:
    out: dict[str, tuple[float, float, str]] = {}
    for line in read_text("geo/centroids.tsv").splitlines():
        if not line or line.startswith(("#", "iso3\t")):
            continue
        code, lat, lon, name = line.split("\t")
        out[code] = (float(lat), float(lon), name)
    return out


@functools.cache
def _country_names() -> dict[str, str]:
    return {r["iso3"]: r["name"] for r in resources.load_tsv("geo/countries.tsv")}


def country_name(code: str | None) -> str | None:
    """The English name of an ISO 3166-1 alpha-3 code (``None`` for IGO, NGO ...)."""
    if code in _SHORT:
        return _SHORT[code]
    row = _centroid_rows().get(code or "")  # Natural Earth's short names ("North Korea")
    return row[2] if row else _country_names().get(code or "")


_SHORT = {"USA": "United States", "GBR": "United Kingdom", "ARE": "UAE", "COD": "DR Congo"}


def centroid(country: str | None) -> tuple[float, float] | None:
    """(lat, lon) of a country's centroid (its largest polygon's), or ``None`` for a
    country too small for the 1:110m map."""
    row = _centroid_rows().get(country or "")
    return (row[0], row[1]) if row else None


def geo_precision(kind: str | None, country: str | None) -> str | None:
    """How precise a place of this kind is: ``exact`` (a landmark), ``city`` (a town,
    village or city district), ``admin2`` (regency, county), ``admin1`` (province, state,
    island, part of a country), ``country``, ``region`` (wider than one country: the
    Middle East, a sea)."""
    if not kind:
        return None
    if kind in ("city", "admin2", "admin1", "country"):
        return kind
    if kind == "region":
        return "admin1" if country else "region"
    return "exact" if country else "region"  # "other": landmarks; seas have no country


def point(
    kind: str | None, country: str | None, lat: float | None, lon: float | None
) -> tuple[float | None, float | None]:
    """Where to draw a place: a country's centroid (never its capital), else the place's
    own coordinates."""
    if kind == "country":
        c = centroid(country)
        if c:
            return c
    return lat, lon


def feature_class(kind: str | None, country: str | None) -> tuple[str | None, str | None]:
    """GeoNames feature class and code of a place of this kind (A area, P populated
    place, L region, S spot/building, H water)."""
    if not kind:
        return None, None
    if kind in _FEATURE:
        return _FEATURE[kind]
    return ("S", None) if country else ("H", None)


def resolution(precision: str | None) -> int | None:
    """PLOVER's location ``resolution``: 5 sub-city, 4 city, 3 district, 2 province,
    1 country (a multi-country region counts as a country)."""
    return {"exact": 5, "city": 4, "admin2": 3, "admin1": 2, "country": 1, "region": 1}.get(
        precision or ""
    )
