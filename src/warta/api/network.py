"""The actor network and the entity table of the web UI.

Nodes are named for a reader: ``by="actor"`` makes one node per named actor (a person
or organisation the coder linked, keyed by its Wikidata id or canonical name and
country) labelled with the entity's canonical name; an actor with no entity, or whose
entity is a pronoun or a bare title ("saya", "Ketua"), joins its country-and-sector node
("Indonesia · government"). ``by="sector"`` aggregates everything by country and sector,
``by="country"`` by country. The entity table leaves out names that are currency,
time-zone or legal-article words (``resources/web/not_names.txt``), pronouns and bare
titles, whatever the entity stage made of them.
"""

from __future__ import annotations

import functools
from typing import Any

from warta import resources
from warta.api.db import StoreAccess
from warta.api.queries import EventFilter, where_events
from warta.geoinfo import country_name

__all__ = [
    "NETWORK_BY",
    "entity_table",
    "network",
    "not_name_params",
    "readable_name",
    "sector_label",
]

NETWORK_BY = ("actor", "sector", "country")

_SIDE = '[{"text":"VARCHAR","entity":"VARCHAR","country":"VARCHAR","sector":"VARCHAR"}]'


@functools.cache
def _not_names() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in resources.load_lines("web/not_names.txt"):
        kind, *words = line.split()
        out.setdefault(kind, set()).update(words)
    titles = {
        r["phrase"].lower()
        for lang in ("id", "en")
        for r in resources.load_tsv(f"{lang}/roles.tsv")
        if r.get("kind") in ("title", "group", "inst", "former")
    }
    out["title"] = titles
    return {k: frozenset(v) for k, v in out.items()}


def readable_name(name: str | None) -> bool:
    """Whether ``name`` can name an entity for a reader: not a unit word (Rp, WIB,
    Pasal ...) or a phrase starting with one, not a pronoun, not a bare title."""
    if not name or not name.strip():
        return False
    low = " ".join(name.lower().split())
    words = _not_names()
    first = low.split()[0].strip(".,")
    return first not in words["unit"] and low not in words["pronoun"] and low not in words["title"]


def not_name_params() -> tuple[str, list[Any]]:
    """A SQL condition on ``name`` (with its parameters) that keeps readable names."""
    words = _not_names()
    cond = (
        "lower(split_part(trim(name), ' ', 1)) NOT IN (SELECT unnest(?::VARCHAR[]))"
        " AND lower(trim(name)) NOT IN (SELECT unnest(?::VARCHAR[]))"
    )
    return cond, [sorted(words["unit"]), sorted(words["pronoun"] | words["title"])]


#: short names where the codebook's first words are long
_SHORT_SECTORS = {
    "MIL": "military",
    "COP": "police",
    "PTY": "political party",
    "OPP": "opposition",
    "ELI": "elite",
    "SPY": "intelligence",
    "PRM": "militia",
    "UAF": "armed group",
    "REL": "religious",
    "HLH": "health",
    "NGO": "NGOs",
    "IGO": "IGOs",
}


@functools.cache
def _sector_names() -> dict[str, str]:
    data = resources.load_json("plover/sectors.json")["sectors"]
    names = {code: str(text).split(",")[0].strip() for code, text in data.items()}
    return {**names, **_SHORT_SECTORS}


def sector_label(country: str | None, sector: str | None) -> str:
    """A reader's name for a country-and-sector code: "Indonesia · government"."""
    place = country_name(country) or country
    what = _sector_names().get(sector or "", sector)
    if place and what and what != place:
        return f"{place} · {what}"
    return place or what or "?"


def _node(by: str, side: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(key, description) of the node one actor or recipient belongs to."""
    country, sector = side.get("country"), side.get("sector")
    if by == "country":
        return (
            (
                country,
                {"kind": "country", "label": country_name(country) or country, "country": country},
            )
            if country
            else None
        )
    name, kb = side.get("name"), side.get("kb_id")
    if by == "actor" and side.get("etype") in ("PER", "ORG", "NORP") and readable_name(name):
        key = f"kb:{kb}" if kb else f"name:{(name or '').lower()}|{country or ''}"
        return key, {"kind": "entity", "label": name, "country": country, "sector": sector}
    if not country and not sector:
        return None
    key = " ".join(x for x in (country, sector) if x)
    return key, {
        "kind": "sector",
        "label": sector_label(country, sector),
        "country": country,
        "sector": sector,
    }


def network(access: StoreAccess, f: EventFilter, by: str) -> dict[str, Any]:
    """Nodes and actor -> recipient edges with counts per type and quad class."""
    where, params = where_events(access, f)
    rows = access.query(
        f"""WITH ev AS (SELECT e.article_id, e.type, e.actors, e.recipients FROM events e{where}),
        pairs AS (
          SELECT article_id, type, unnest(from_json(coalesce(actors, '[]'), '{_SIDE}')) AS a,
                 recipients FROM ev),
        flat AS (
          SELECT article_id, type, a,
                 unnest(from_json(coalesce(recipients, '[]'), '{_SIDE}')) AS r FROM pairs)
        SELECT flat.type,
          a.country AS a_country, a.sector AS a_sector, na.name AS a_name,
          na.kb_id AS a_kb_id, na.type AS a_etype,
          r.country AS r_country, r.sector AS r_sector, nr.name AS r_name,
          nr.kb_id AS r_kb_id, nr.type AS r_etype, count(*) AS n
        FROM flat
        LEFT JOIN entities na ON na.article_id = flat.article_id AND na.entity_id = a.entity
        LEFT JOIN entities nr ON nr.article_id = flat.article_id AND nr.entity_id = r.entity
        GROUP BY ALL""",
        params,
    )
    quad: dict[str, str] = resources.load_json("plover/quad.json")["types"]
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        keys = ("country", "sector", "name", "kb_id", "etype")
        a_end = _node(by, {k: r[f"a_{k}"] for k in keys})
        r_end = _node(by, {k: r[f"r_{k}"] for k in keys})
        if a_end is None or r_end is None:
            continue
        (src, src_desc), (tgt, tgt_desc) = a_end, r_end
        for key, desc in ((src, src_desc), (tgt, tgt_desc)):
            entry = nodes.setdefault(
                key, {"id": key, **desc, "as_actor": 0, "as_recipient": 0, "labels": {}}
            )
            entry["labels"][desc["label"]] = entry["labels"].get(desc["label"], 0) + r["n"]
        nodes[src]["as_actor"] += r["n"]
        nodes[tgt]["as_recipient"] += r["n"]
        edge = edges.setdefault(
            (src, tgt), {"source": src, "target": tgt, "n": 0, "types": {}, "quads": {}}
        )
        edge["n"] += r["n"]
        edge["types"][r["type"]] = edge["types"].get(r["type"], 0) + r["n"]
        q = quad.get(r["type"], "other")
        edge["quads"][q] = edge["quads"].get(q, 0) + r["n"]
    for node in nodes.values():
        node["events"] = node["as_actor"] + node["as_recipient"]
        labels = node.pop("labels")
        node["label"] = max(labels, key=lambda t: (labels[t], t))
    for edge in edges.values():
        edge["quad"] = max(edge["quads"], key=lambda k: (edge["quads"][k], k))
    return {
        "by": by,
        "nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"])),
        "edges": sorted(edges.values(), key=lambda e: (-e["n"], e["source"], e["target"])),
    }


def entity_table(
    access: StoreAccess,
    type_: str | None,
    country: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """Named entities grouped by name, type, country and sector, with counts; names that
    are not names (:func:`readable_name`) are left out."""
    cond, params = not_name_params()
    conds = [cond]
    if type_:
        conds.append("type = ?")
        params.append(type_.upper())
    if country:
        conds.append("country = ?")
        params.append(country.upper())
    if q:
        conds.append("name ILIKE ? ESCAPE '\\'")
        params.append("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    where = " WHERE " + " AND ".join(conds)
    base = (
        "SELECT name, type, country, sector, count(DISTINCT article_id) AS articles, "
        f"sum(n_mentions) AS mentions FROM entities{where} GROUP BY ALL"
    )
    total = access.scalar(f"SELECT count(*) FROM ({base})", params)
    rows = access.query(
        f"{base} ORDER BY mentions DESC, articles DESC, name LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    for r in rows:
        r["mentions"] = int(r["mentions"] or 0)
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": rows}
