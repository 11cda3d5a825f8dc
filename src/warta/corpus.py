"""The project's annotated event corpus: annotations in ``corpus/``, texts from ``../shared``.

An annotation file holds one article's gold layers as strings *and* offsets into the
article text rebuilt by ``../shared/eval/build_articles.py``; the text itself is never
stored in the project (IndoSum is CC BY-SA and stays in ``../shared``). This module

- turns an annotator's draft (strings only, as in ``ANNOTATION.md``) into an annotation
  with offsets (:func:`resolve_draft`), refusing strings that are not verbatim;
- checks an annotation against its text and the codebooks (:func:`validate`);
- assigns each article its split by a hash of its id (:func:`split_of`);
- writes gold lines in the format of design.md section 7 (:func:`gold_line`), with the
  offsets kept beside the strings.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from warta import resources
from warta.errors import InputError

__all__ = [
    "AGREEMENT_SIZE",
    "SPLITS",
    "agreement_ids",
    "annotation_to_record",
    "build_articles_module",
    "countries",
    "gold_line",
    "load_annotation",
    "modes",
    "published_of",
    "resolve_draft",
    "sectors",
    "sentence_gold_line",
    "shared_missing",
    "shared_root",
    "split_of",
    "validate",
]

SPLITS = ("train", "dev", "test")
AGREEMENT_SIZE = 40
ENTITY_TYPES = frozenset({"PER", "ORG", "GPE", "NORP"})
PRECISIONS = frozenset({"day", "month", "year", "unknown"})
_DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
_TIME_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

Json = dict[str, Any]


# -- codebooks --------------------------------------------------------------------------


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes plus PLOVER's IGO, NGO and MNC."""
    rows = resources.load_tsv("geo/countries.tsv")
    return frozenset({r["iso3"] for r in rows} | {"IGO", "NGO", "MNC"})


@cache
def sectors() -> frozenset[str]:
    return frozenset(resources.load_json("plover/sectors.json")["sectors"])


@cache
def modes() -> dict[str, frozenset[str]]:
    types = resources.load_json("plover/types.json")["types"]
    return {t: frozenset(v["modes"]) for t, v in types.items()}


# -- where things are -------------------------------------------------------------------


def _shared_candidate(repo_root: Path | None) -> Path:
    env = os.environ.get("WARTA_SHARED")
    root = repo_root or Path(__file__).resolve().parents[2]
    return Path(env) if env else root.parent / "shared"


def shared_root(repo_root: Path | None = None) -> Path | None:
    """The shared folder (holding ``data/`` and ``eval/``): ``$WARTA_SHARED`` or ``../shared``.

    This is the one meaning of ``WARTA_SHARED`` everywhere (tests, scripts, ``warta bench``):
    the folder that holds ``data/`` and ``eval/``, not ``data/`` itself."""
    cand = _shared_candidate(repo_root)
    return cand if (cand / "eval").is_dir() else None


def shared_missing(repo_root: Path | None = None) -> str:
    """Why :func:`shared_root` found no shared folder, in one line (for skip messages)."""
    cand = _shared_candidate(repo_root)
    if os.environ.get("WARTA_SHARED"):
        if not cand.is_dir():
            return f"WARTA_SHARED={cand} is not a folder"
        return (
            f"WARTA_SHARED={cand} has no eval/ folder: it must name the shared folder "
            "that holds data/ and eval/"
        )
    return f"{cand} is not present (set WARTA_SHARED to the shared folder with data/ and eval/)"


def build_articles_module(shared: Path) -> Any:
    """``shared/eval/build_articles.py`` imported as a module (the one way texts are rebuilt)."""
    script = shared / "eval" / "build_articles.py"
    spec = importlib.util.spec_from_file_location("_warta_build_articles", script)
    if spec is None or spec.loader is None:
        raise InputError(str(script), "cannot import the article builder")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def published_of(article_id: str) -> str:
    """An IndoSum article's publication date: its id's Unix time read in UTC+7."""
    ts = int(article_id.split("-", 1)[0])
    wib = datetime.timezone(datetime.timedelta(hours=7))
    return datetime.datetime.fromtimestamp(ts, wib).date().isoformat()


def _hash(salt: str, article_id: str) -> int:
    return int(hashlib.sha256(f"{salt}:{article_id}".encode()).hexdigest(), 16)


def split_of(article_id: str) -> str:
    """``train``, ``dev`` or ``test``, fixed by a hash of the id (about 4 : 1 : 1)."""
    bucket = _hash("warta-corpus-split", article_id) % 6
    return "train" if bucket < 4 else ("dev" if bucket == 4 else "test")


def ntrex_part(doc_id: str) -> str:
    """``train`` or ``check``: the half of the open (unreserved) NTREX documents that may
    be annotated and trained on, and the half kept for the cross-lingual check."""
    return "train" if _hash("warta-ntrex-part", doc_id) % 2 == 0 else "check"


def agreement_ids(pool_ids: Sequence[str]) -> list[str]:
    """The articles annotated twice, independently, to measure agreement."""
    ranked = sorted(pool_ids, key=lambda i: _hash("warta-corpus-agreement", i))
    return sorted(ranked[:AGREEMENT_SIZE])


def load_annotation(path: Path) -> Json:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"unreadable annotation: {exc}") from exc
    if not isinstance(data, dict) or "id" not in data:
        raise InputError(str(path), "an annotation is a JSON object with an 'id'")
    return data


# -- drafts to offsets ------------------------------------------------------------------


class _Finder:
    """Locates verbatim strings in one text; every failure becomes a message."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.errors: list[str] = []
        self._used: dict[tuple[str, str], int] = {}

    def all(self, s: str) -> list[int]:
        """Occurrences of ``s`` that do not start or end inside a word ("Y" is not found in
        "Yusri"), unless it only occurs inside words."""
        out, i = [], self.text.find(s)
        while i >= 0 and s:
            out.append(i)
            i = self.text.find(s, i + 1)
        whole = [i for i in out if self._bounded(i, i + len(s))]
        return whole or out

    def _bounded(self, i: int, j: int) -> bool:
        t = self.text
        before = i > 0 and t[i - 1].isalnum() and t[i].isalnum()
        after = j < len(t) and t[j].isalnum() and t[j - 1].isalnum()
        return not (before or after)

    def nth(self, s: str, n: int, what: str) -> tuple[int, int] | None:
        hits = self.all(s) if isinstance(s, str) else []
        if not hits:
            self.errors.append(f"{what}: {s!r} is not in the text")
            return None
        if n >= len(hits):
            self.errors.append(f"{what}: {s!r} occurs {len(hits)} times, not {n + 1}")
            return None
        return hits[n], hits[n] + len(s)

    def next_unused(self, s: str, what: str) -> tuple[int, int] | None:
        """The first occurrence not yet taken by an earlier item of the same layer."""
        key = (what.split("[", 1)[0], s)
        n = self._used.get(key, 0)
        self._used[key] = n + 1
        hits = self.all(s)
        if hits and n >= len(hits):
            n = len(hits) - 1
        return self.nth(s, n, what)

    def near(self, s: str, start: int, end: int, what: str) -> tuple[int, int] | None:
        """Inside [start, end) if there, else the nearest occurrence before, else after."""
        hits = self.all(s)
        if not hits:
            self.errors.append(f"{what}: {s!r} is not in the text")
            return None
        inside = [h for h in hits if start <= h and h + len(s) <= end]
        before = [h for h in hits if h < start]
        h = inside[0] if inside else (before[-1] if before else hits[0])
        return h, h + len(s)


def _span(found: tuple[int, int] | None, text: str) -> Json:
    if found is None:
        return {"text": text, "start": None, "end": None}
    return {"text": text, "start": found[0], "end": found[1]}


def _resolve_party(f: _Finder, party: Mapping[str, Any], sent: tuple[int, int], what: str) -> Json:
    text = party.get("text")
    span: Json = {"text": None, "start": None, "end": None}
    if isinstance(text, str) and text:
        span = _span(f.near(text, *sent, what), text)
    return {**span, "country": party.get("country"), "sector": party.get("sector")}


def _resolve_event(f: _Finder, ev: Mapping[str, Any], k: int) -> Json:
    what = f"events[{k}]"
    occurrence = int(ev.get("sentence_occurrence", 0))
    sent = f.nth(ev.get("sentence") or "", occurrence, f"{what}.sentence")
    sent_span = sent or (0, len(f.text))
    trig_text = ev.get("trigger") or ""
    trig = f.near(trig_text, *sent_span, f"{what}.trigger")
    if sent and trig and not (sent[0] <= trig[0] and trig[1] <= sent[1]):
        f.errors.append(f"{what}.trigger: {trig_text!r} is not inside its sentence")
    return {
        "type": ev.get("type"),
        "mode": ev.get("mode"),
        "actors": [
            _resolve_party(f, a, sent_span, f"{what}.actors[{i}]")
            for i, a in enumerate(ev.get("actors") or [])
        ],
        "recipients": [
            _resolve_party(f, a, sent_span, f"{what}.recipients[{i}]")
            for i, a in enumerate(ev.get("recipients") or [])
        ],
        "date": ev.get("date"),
        "date_precision": ev.get("date_precision"),
        "historical": ev.get("historical"),
        "required": ev.get("required"),
        "trigger": _span(trig, trig_text),
        "sentence": {"start": sent[0], "end": sent[1]} if sent else None,
    }


def _resolve_quote(f: _Finder, q: Mapping[str, Any], k: int) -> Json:
    what = f"quotes[{k}]"
    body = f.next_unused(q.get("text") or "", f"{what}.text")
    at = body or (0, len(f.text))
    spk = q.get("speaker")
    where = f.near(spk, max(0, at[0] - 400), at[1] + 400, f"{what}.speaker") if spk else None
    return {
        "speaker": spk,
        "speaker_start": where[0] if where else None,
        "speaker_end": where[1] if where else None,
        **_span(body, q.get("text") or ""),
        "direct": q.get("direct"),
    }


def resolve_draft(draft: Mapping[str, Any], text: str) -> tuple[Json, list[str]]:
    """An annotation with offsets from a draft of verbatim strings, and what went wrong."""
    f = _Finder(text)
    out: Json = {"id": draft.get("id"), "annotator": draft.get("annotator")}
    if draft.get("second_reading"):
        out["second_reading"] = draft["second_reading"]
    out["events"] = [_resolve_event(f, ev, k) for k, ev in enumerate(draft.get("events") or [])]
    out["entities"] = [
        {
            **_span(f.next_unused(e.get("text") or "", f"entities[{k}]"), e.get("text") or ""),
            "type": e.get("type"),
            "country": e.get("country"),
        }
        for k, e in enumerate(draft.get("entities") or [])
    ]
    out["places"] = [
        {
            **_span(f.next_unused(p.get("text") or "", f"places[{k}]"), p.get("text") or ""),
            "name": p.get("name"),
            "country": p.get("country"),
            "geonameid": p.get("geonameid"),
        }
        for k, p in enumerate(draft.get("places") or [])
    ]
    out["times"] = [
        {
            **_span(f.next_unused(t.get("text") or "", f"times[{k}]"), t.get("text") or ""),
            "value": t.get("value"),
        }
        for k, t in enumerate(draft.get("times") or [])
    ]
    out["quotes"] = [_resolve_quote(f, q, k) for k, q in enumerate(draft.get("quotes") or [])]
    return out, f.errors


# -- validation -------------------------------------------------------------------------


def _check_span(
    text: str | None, item: Mapping[str, Any], what: str, key: str = "text"
) -> list[str]:
    s, e, t = item.get("start"), item.get("end"), item.get(key)
    if not isinstance(s, int) or not isinstance(e, int) or not isinstance(t, str) or not t:
        return [f"{what}: needs {key}, start and end"]
    if not 0 <= s < e:
        return [f"{what}: bad offsets {s}:{e}"]
    if text is not None and text[s:e] != t:
        return [f"{what}: text[{s}:{e}] is {text[s:e]!r}, not {t!r}"]
    return []


def _check_party(text: str | None, a: Mapping[str, Any], what: str) -> list[str]:
    errs = []
    if a.get("country") is not None and a["country"] not in countries():
        errs.append(f"{what}: country {a['country']!r} is not ISO 3166-1 alpha-3 or IGO/NGO/MNC")
    if a.get("sector") not in sectors():
        errs.append(f"{what}: sector {a.get('sector')!r} is not a PLOVER sector")
    if a.get("text") is not None:
        errs += _check_span(text, a, what)
    return errs


def _check_date(ev: Mapping[str, Any], published: str, what: str) -> list[str]:
    prec, date = ev.get("date_precision"), ev.get("date")
    if prec not in PRECISIONS or not isinstance(date, str):
        return [f"{what}: date_precision {prec!r} / date {date!r}"]
    if prec == "unknown":
        return [] if date == published else [f"{what}: unknown precision needs the published date"]
    if not re.fullmatch(_DATE_FORMS[prec], date):
        return [f"{what}: date {date!r} does not have precision {prec}"]
    try:
        datetime.date.fromisoformat((date + "-01-01")[:10])
    except ValueError:
        return [f"{what}: {date!r} is not a date"]
    return []


def _check_event(text: str | None, ev: Mapping[str, Any], published: str, what: str) -> list[str]:
    errs: list[str] = []
    type_modes = modes()
    if ev.get("type") not in type_modes:
        return [f"{what}: type {ev.get('type')!r} is not a PLOVER type"]
    if ev.get("mode") is not None and ev["mode"] not in type_modes[ev["type"]]:
        errs.append(f"{what}: mode {ev['mode']!r} is not a mode of {ev['type']}")
    for key in ("historical", "required"):
        if not isinstance(ev.get(key), bool):
            errs.append(f"{what}: {key} must be true or false")
    errs += _check_date(ev, published, what)
    sent, trig = ev.get("sentence") or {}, ev.get("trigger") or {}
    errs += _check_span(text, trig, f"{what}.trigger")
    s, e = sent.get("start"), sent.get("end")
    limit = len(text) if text is not None else float("inf")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= limit):
        errs.append(f"{what}.sentence: bad offsets")
    elif isinstance(trig.get("start"), int) and not (s <= trig["start"] and trig["end"] <= e):
        errs.append(f"{what}.trigger: outside its sentence")
    for role in ("actors", "recipients"):
        for i, a in enumerate(ev.get(role) or []):
            errs += _check_party(text, a, f"{what}.{role}[{i}]")
    return errs


def validate(ann: Mapping[str, Any], text: str | None, published: str) -> list[str]:
    """Every problem of one annotation; an empty list when it is sound.

    With ``text`` None (the shared folder absent), spans are checked for shape only."""
    errs: list[str] = []
    if not ann.get("annotator"):
        errs.append("annotator tag missing")
    for k, ev in enumerate(ann.get("events") or []):
        errs += _check_event(text, ev, published, f"events[{k}]")
    for k, e in enumerate(ann.get("entities") or []):
        errs += _check_span(text, e, f"entities[{k}]")
        if e.get("type") not in ENTITY_TYPES:
            errs.append(f"entities[{k}]: type {e.get('type')!r}")
        if e.get("country") is not None and e["country"] not in countries():
            errs.append(f"entities[{k}]: country {e['country']!r}")
    for k, p in enumerate(ann.get("places") or []):
        errs += _check_span(text, p, f"places[{k}]")
        if p.get("country") is not None and p["country"] not in countries():
            errs.append(f"places[{k}]: country {p['country']!r}")
        if p.get("geonameid") is not None and not isinstance(p["geonameid"], int):
            errs.append(f"places[{k}]: geonameid must be an integer or null")
    for k, t in enumerate(ann.get("times") or []):
        errs += _check_span(text, t, f"times[{k}]")
        v = t.get("value")
        if v is not None and not (isinstance(v, str) and _TIME_VALUE.fullmatch(v)):
            errs.append(f"times[{k}]: value {v!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    for k, q in enumerate(ann.get("quotes") or []):
        errs += _check_span(text, q, f"quotes[{k}]")
        if not isinstance(q.get("direct"), bool):
            errs.append(f"quotes[{k}]: direct must be true or false")
        if q.get("speaker_start") is not None:
            sp = {"text": q.get("speaker"), "start": q["speaker_start"], "end": q["speaker_end"]}
            errs += _check_span(text, sp, f"quotes[{k}].speaker")
    return errs


# -- gold lines -------------------------------------------------------------------------


def _party_out(a: Mapping[str, Any]) -> Json:
    out: Json = {"country": a.get("country"), "sector": a.get("sector"), "text": a.get("text")}
    if a.get("start") is not None:
        out["offsets"] = [a["start"], a["end"]]
    return out


def _event_out(ev: Mapping[str, Any], text: str) -> Json:
    s, e = ev["sentence"]["start"], ev["sentence"]["end"]
    trig = ev["trigger"]
    return {
        "type": ev["type"],
        "mode": ev.get("mode"),
        "actors": [_party_out(a) for a in ev["actors"]],
        "recipients": [_party_out(a) for a in ev["recipients"]],
        "date": ev["date"],
        "date_precision": ev["date_precision"],
        "historical": ev["historical"],
        "future": False,
        "negated": False,
        "trigger": trig["text"],
        "trigger_offsets": [trig["start"], trig["end"]],
        "sentence": text[s:e],
        "sentence_offsets": [s, e],
        "required": ev["required"],
    }


def _with_offsets(item: Mapping[str, Any]) -> Json:
    out = {k: v for k, v in item.items() if k not in ("start", "end")}
    out["offsets"] = [item["start"], item["end"]]
    return out


def gold_line(ann: Mapping[str, Any], article: Mapping[str, Any]) -> Json:
    """The gold line (design.md section 7) of one annotation, with its rebuilt text."""
    text = article["text"]
    return {
        "id": article["id"],
        "published": article["published"],
        "text": text,
        "split": split_of(article["id"]),
        "annotator": ann.get("annotator"),
        "events": [_event_out(ev, text) for ev in ann.get("events") or []],
        "entities": [_with_offsets(e) for e in ann.get("entities") or []],
        "places": [_with_offsets(p) for p in ann.get("places") or []],
        "times": [_with_offsets(t) for t in ann.get("times") or []],
        "quotes": [_with_offsets(q) for q in ann.get("quotes") or []],
    }


def annotation_to_record(ann: Mapping[str, Any], article: Mapping[str, Any]) -> Json:
    """One annotation as a warta prediction record, to score annotator against annotator."""
    text = article["text"]
    events = []
    for k, ev in enumerate(ann.get("events") or []):
        trig = ev["trigger"]
        events.append(
            {
                "id": f"ev{k + 1}",
                "type": ev["type"],
                "mode": ev.get("mode"),
                "actors": [dict(_party_out(a)) for a in ev["actors"]],
                "recipients": [dict(_party_out(a)) for a in ev["recipients"]],
                "date": ev["date"],
                "date_precision": ev["date_precision"],
                "historical": ev["historical"],
                "future": False,
                "hypothetical": False,
                "negated": False,
                "trigger": {"start": trig["start"], "end": trig["end"], "text": trig["text"]},
                "sentence": dict(ev["sentence"]),
            }
        )
    return {
        "id": article["id"],
        "published": article["published"],
        "language": "id",
        "text": text,
        "entities": [
            {
                "name": e["text"],
                "type": e["type"],
                "country": e.get("country"),
                "mentions": [{"start": e["start"], "end": e["end"], "text": e["text"]}],
            }
            for e in ann.get("entities") or []
        ],
        "places": [dict(p) for p in ann.get("places") or []],
        "times": [dict(t) for t in ann.get("times") or []],
        "quotes": [
            {
                "text": q["text"],
                "start": q["start"],
                "end": q["end"],
                "speaker_text": q.get("speaker"),
                "direct": q.get("direct"),
            }
            for q in ann.get("quotes") or []
        ],
        "events": events,
    }


def iter_annotations(folder: Path) -> Iterator[tuple[Path, Json]]:
    for path in sorted(folder.glob("*.json")):
        yield path, load_annotation(path)


def pool_articles(shared: Path, ids: set[str]) -> dict[str, Json]:
    """Pool articles rebuilt by the shared article builder, by id."""
    builder = build_articles_module(shared)
    out: dict[str, Json] = {}
    for f in sorted((shared / "data" / "indosum").glob("dev.0*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["id"] in ids and r["id"] not in out:
                    out[r["id"]] = builder.article(r)
    return out


def dev_gold_lines(shared: Path) -> list[Json]:
    """``../shared/eval/dev`` as corpus gold lines (offsets found for its strings); they
    belong to the train split."""
    out = []
    with (shared / "eval" / "dev" / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            ann, errors = resolve_draft({**g, "annotator": "dev"}, g["text"])
            if errors:
                raise InputError(f"dev gold {g['id']}", errors[0])
            gl = gold_line(ann, {"id": g["id"], "published": g["published"], "text": g["text"]})
            gl["split"] = "train"
            out.append(gl)
    return out


def gold_lines(shared: Path, annotations: Path, split: str) -> list[Json]:
    """The gold lines of one split: annotations joined with their rebuilt texts."""
    anns = [a for _p, a in iter_annotations(annotations) if split_of(a["id"]) == split]
    arts = pool_articles(shared, {a["id"] for a in anns})
    lines = [gold_line(a, arts[a["id"]]) for a in anns]
    return (dev_gold_lines(shared) if split == "train" else []) + lines


def _first(text: str, s: str) -> int:
    """Where ``s`` first occurs in ``text`` as whole words ("he" not inside "The"), else
    inside a word; -1 when it does not occur."""
    hits = _Finder(text).all(s)
    return hits[0] if hits else -1


def _synthetic_party(text: str, a: Mapping[str, Any]) -> Json:
    out: Json = {"country": a.get("country"), "sector": a.get("sector"), "text": a.get("text")}
    if a.get("text"):
        i = _first(text, a["text"])
        if i >= 0:
            out["offsets"] = [i, i + len(a["text"])]
    return out


def sentence_gold_line(ident: str, lang: str, text: str, events: Sequence[Json]) -> Json:
    """One sentence coded on its own (a synthetic or a parallel news sentence) as a gold
    line: its events with offsets found in the text, no dates (annotator "synthetic"
    keeps it out of the article-level models)."""
    out = []
    for ev in events:
        i = _first(text, ev["trigger"])
        out.append({
            "type": ev["type"], "mode": ev.get("mode"),
            "actors": [_synthetic_party(text, a) for a in ev.get("actors") or []],
            "recipients": [_synthetic_party(text, a) for a in ev.get("recipients") or []],
            "trigger": ev["trigger"], "trigger_offsets": [i, i + len(ev["trigger"])],
            "sentence": text, "sentence_offsets": [0, len(text)], "required": True,
        })  # fmt: skip
    return {
        "id": ident, "published": "2020-01-01", "language": lang, "text": text,
        "annotator": "synthetic", "split": "train", "events": out,
    }  # fmt: skip


def synthetic_gold_lines(path: Path, lang: str) -> list[Json]:
    """One language's side of the parallel synthetic sentences as gold lines (one
    sentence per article; decoys carry no events)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                side = row[lang]
                ident = f"synthetic-{row['pair']}-{lang}"
                out.append(sentence_gold_line(ident, lang, side["text"], side.get("events") or []))
    return out
