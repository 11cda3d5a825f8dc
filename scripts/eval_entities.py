"""Score warta.entities on a gold JSONL file (see warta._entity_eval for the matching).

Usage: PYTHONPATH=src python scripts/eval_entities.py ../shared/eval/dev/gold.jsonl [-v] [--no-ner]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from warta._entity_eval import score_gold_file
from warta.stages.entities import EntityStage


def main() -> None:
    stage = EntityStage(use_ner="--no-ner" not in sys.argv)
    score_gold_file(Path(sys.argv[1]), stage)  # warm-up: loads lexicons and the model
    acc = score_gold_file(Path(sys.argv[1]), stage)
    if "-v" in sys.argv:
        print("\n".join(acc.errors))
    print(json.dumps(acc.summary(), indent=1))


if __name__ == "__main__":
    main()
