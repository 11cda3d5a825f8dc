"""Score the entity layer on a gold JSONL file, with or without the CRF tagger.

The scoring is `warta eval`'s (warta.evaluate.score_entities); this script adds the
comparison without the statistical tagger and the tagger's speed.

Usage: python scripts/eval_entities.py ../shared/eval/dev/gold.jsonl [-v] [--no-ner]
"""

from __future__ import annotations

import json
import sys
import time

from warta.config import load_config
from warta.evaluate import evaluate, load_jsonl, run_pipeline_on_gold


def main() -> None:
    gold = load_jsonl(sys.argv[1])
    use_ner = "--no-ner" not in sys.argv
    config = load_config(overrides={"stages": {"warta.entities": {"ner": use_ner}}})
    run_pipeline_on_gold(gold[:1], config)  # warm-up: loads lexicons and the model
    t0 = time.perf_counter()
    pred = run_pipeline_on_gold(gold, config)
    seconds = time.perf_counter() - t0
    ent = evaluate(gold, pred).layers["entities"]
    if "-v" in sys.argv:
        print("\n".join(ent.errors))
    out = ent.to_dict()
    out["ner"] = use_ner
    out["pipeline_articles_per_s"] = round(len(gold) / seconds, 1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
