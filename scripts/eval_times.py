"""Score warta.times against a gold file's ``times`` (text + value).

Usage: PYTHONPATH=src python scripts/eval_times.py ../shared/eval/dev/gold.jsonl [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from warta.model import Article, Doc
from warta.pipeline import build_pipeline


def score(gold_path: Path, verbose: bool = False) -> dict[str, Any]:
    pipe = build_pipeline(["warta.dateline", "warta.sentences", "warta.tokens", "warta.times"])
    n = exact = overlap = correct = correct_nonnull = nonnull_found = 0
    misses: list[str] = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        art = Article.create(g["text"], id=g["id"], published=g.get("published"))
        doc = pipe.run(Doc.from_article(art))
        used: set[int] = set()
        pos = 0
        for gt in g.get("times", []):
            n += 1
            i = doc.text.find(gt["text"], pos)
            if i < 0:
                i = doc.text.find(gt["text"])
            pos = max(pos, i + 1) if i >= 0 else pos
            j = i + len(gt["text"])
            hit = None
            for k, t in enumerate(doc.times):
                if t.start == i and t.end == j:
                    hit, is_exact = k, True
                    break
            else:
                for k, t in enumerate(doc.times):
                    if t.start < j and i < t.end and k not in used:
                        hit, is_exact = k, False
                        break
            if hit is None:
                misses.append(f"MISS  {g['published']} {gt['text']!r} -> {gt['value']}")
                continue
            used.add(hit)
            t = doc.times[hit]
            overlap += 1
            exact += is_exact
            ok = t.value == gt["value"]
            correct += ok
            if gt["value"] is not None:
                nonnull_found += 1
                correct_nonnull += ok
            if not ok:
                misses.append(
                    f"VALUE {g['published']} {gt['text']!r} gold {gt['value']} "
                    f"pred {doc.span_text(t)!r} {t.value}"
                )
    out = {
        "gold": n,
        "recall_overlap": overlap / n,
        "recall_exact": exact / n,
        "value_accuracy": correct / max(overlap, 1),
        "value_accuracy_nonnull": correct_nonnull / max(nonnull_found, 1),
        "failures": misses,
    }
    if verbose:
        for m in misses:
            print(m)
    return out


if __name__ == "__main__":
    res = score(Path(sys.argv[1]), verbose="-v" in sys.argv)
    print(json.dumps({k: v for k, v in res.items() if k != "failures"}, indent=1))
