"""Diagnostic: score the event coder with ORACLE entity and time layers taken from gold.

This isolates the event logic (triggers, arguments, modality, dates, coreference) from
entity and time recognition errors. It is a development aid, not the product number:
`warta eval GOLD` runs the real pipeline.

    PYTHONPATH=src python scripts/eval_events_oracle.py ../shared/eval/dev/gold.jsonl [--errors]
"""

from __future__ import annotations

import re
import sys

from warta.evaluate import evaluate, format_report, load_jsonl
from warta.events import make_backend
from warta.model import Article, Doc, Entity, Mention, Time
from warta.stages.text import find_dateline, split_sentences, tokenize


def oracle_doc(g: dict) -> Doc:
    art = Article.create(g["text"], id=g["id"], published=g.get("published"), language="id")
    doc = Doc.from_article(art)
    dl = find_dateline(doc.text)
    sents = tuple(split_sentences(doc.text, dl.end if dl else 0))
    toks = tuple(t for s in sents for t in tokenize(doc.text, s.start, s.end))
    ents = []
    taken: set[int] = set()
    for n, e in enumerate(sorted(g.get("entities", []), key=lambda e: -len(e["text"]))):
        ms = []
        for m in re.finditer(r"(?<!\w)" + re.escape(e["text"]) + r"(?!\w)", doc.text):
            if any(k in taken for k in range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            ms.append(Mention(m.start(), m.end()))
        sector = "GOV" if e["type"] == "GPE" else None
        ents.append(Entity(f"e{n}", e["text"], e["type"], tuple(ms), e.get("country"), sector))
    times = []
    for t in g.get("times", []):
        i = doc.text.find(t["text"])
        if i < 0 or not t.get("value"):
            continue
        v = t["value"]
        gran = {10: "day", 7: "month", 4: "year"}.get(len(v), "unknown")
        times.append(Time(i, i + len(t["text"]), value=v, granularity=gran))
    return doc.replace(
        sentences=sents,
        tokens=toks,
        entities=tuple(ents),
        times=tuple(sorted(times, key=lambda t: t.start)),
    )


def main() -> None:
    gold = load_jsonl(sys.argv[1])
    backend = make_backend("rules")
    pred = []
    for g in gold:
        doc = oracle_doc(g)
        pred.append(doc.replace(events=backend.code(doc)).to_record())
    rep = evaluate(gold, pred)
    print(format_report(rep, errors="--errors" in sys.argv))


if __name__ == "__main__":
    main()
