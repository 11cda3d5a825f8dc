#!/usr/bin/env python3
"""Check the parallel synthetic event sentences in ``corpus/synthetic/*.jsonl``.

    python scripts/check_synthetic.py [FILE ...]

One JSON object per line: a sentence pair written in English and Indonesian with the
same events, labels known by construction::

    {"pair": "ASSAULT-001", "form": "active",
     "en": {"text": "...", "events": [{"type": "ASSAULT", "mode": "aerial",
            "trigger": "bombed",
            "actors": [{"text": "Israeli jets", "country": "ISR", "sector": "MIL"}],
            "recipients": [{"text": "Hamas", "country": "PSE", "sector": "REB"}]}]},
     "id": {"text": "...", "events": [...]}}

``form`` names the construction (active, passive, nominal, reported, joint, negated,
future, hypothetical, ...); negated, future and hypothetical sentences carry no events
(gold codes only realised acts), but name their would-be trigger in ``"decoy"``. Every
trigger, decoy and party text must occur verbatim in its sentence; codes are checked
against the codebooks. Exits 1 naming the file and line of every problem.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warta import corpus

ROOT = Path(__file__).resolve().parents[1]
NON_EVENTS = frozenset({"negated", "future", "hypothetical", "plan", "nonpolitical"})


def check_side(side: Any, form: str, where: str) -> list[str]:
    if not isinstance(side, dict) or not isinstance(side.get("text"), str):
        return [f"{where}: needs text"]
    text, errs = side["text"], []
    events = side.get("events") or []
    if form in NON_EVENTS:
        if events:
            errs.append(f"{where}: a {form} sentence carries no events")
        decoy = side.get("decoy")
        if not decoy or decoy not in text:
            errs.append(f"{where}: decoy {decoy!r} is not in the text")
        return errs
    if not events:
        errs.append(f"{where}: no events")
    modes = corpus.modes()
    for k, ev in enumerate(events):
        w = f"{where}.events[{k}]"
        if ev.get("type") not in modes:
            errs.append(f"{w}: type {ev.get('type')!r}")
            continue
        if ev.get("mode") is not None and ev["mode"] not in modes[ev["type"]]:
            errs.append(f"{w}: mode {ev['mode']!r}")
        if not ev.get("trigger") or ev["trigger"] not in text:
            errs.append(f"{w}: trigger {ev.get('trigger')!r} is not in the text")
        if not ev.get("actors"):
            errs.append(f"{w}: no actors")
        for role in ("actors", "recipients"):
            for i, a in enumerate(ev.get(role) or []):
                if a.get("text") is not None and a["text"] not in text:
                    errs.append(f"{w}.{role}[{i}]: {a['text']!r} is not in the text")
                if a.get("country") is not None and a["country"] not in corpus.countries():
                    errs.append(f"{w}.{role}[{i}]: country {a['country']!r}")
                if a.get("sector") not in corpus.sectors():
                    errs.append(f"{w}.{role}[{i}]: sector {a.get('sector')!r}")
    return errs


def json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """``(where, row)`` for each non-blank line of a JSONL file, ``where`` naming the file
    and line; a broken line is printed and given as ``row`` None."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                yield where, json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{where}: broken JSON: {exc}")
                yield where, None


def main() -> int:
    default = sorted((ROOT / "corpus" / "synthetic").rglob("*.jsonl"))
    files = [Path(f) for f in sys.argv[1:]] or default
    bad = 0
    types: Counter[tuple[str, str]] = Counter()
    forms: Counter[str] = Counter()
    seen: set[str] = set()
    for f in files:
        for where, row in json_lines(f):
            if row is None:
                bad += 1
                continue
            errs = []
            if row.get("pair") in seen:
                errs.append(f"{where}: pair id {row.get('pair')!r} twice")
            seen.add(row.get("pair"))
            form = str(row.get("form") or "")
            for lang in ("en", "id"):
                errs += check_side(row.get(lang), form, f"{where}.{lang}")
                for ev in (row.get(lang) or {}).get("events") or []:
                    types[(lang, str(ev.get("type")))] += 1
            forms[form] += 1
            for e in errs:
                print(e)
            bad += bool(errs)
    for lang in ("en", "id"):
        counts = {t: c for (la, t), c in sorted(types.items()) if la == lang}
        print(f"{lang}: {sum(counts.values())} events {counts}")
    print(f"forms: {dict(forms)}; pairs: {len(seen)}; lines with problems: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
