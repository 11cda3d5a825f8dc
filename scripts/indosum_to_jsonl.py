#!/usr/bin/env python3
"""IndoSum (tokenised paragraphs) -> warta article JSONL.

    python scripts/indosum_to_jsonl.py [--shared ../shared] [--limit N] -o indosum.jsonl

Tokens are joined back into text and ``published`` is taken from the id's Unix
timestamp (UTC+7) by :func:`warta.bench.indosum_articles`; each IndoSum id once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warta.bench import find_indosum, indosum_articles, write_jsonl


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", help="the shared folder (default: ../shared or $WARTA_SHARED)")
    ap.add_argument("--limit", type=int, help="at most this many articles")
    ap.add_argument("-o", "--output", required=True, help="output JSONL file")
    args = ap.parse_args()
    folder = find_indosum(args.shared)
    if folder is None:
        print("indosum_to_jsonl: IndoSum not found under ../shared/data/indosum", file=sys.stderr)
        return 2
    n = write_jsonl(indosum_articles(folder, args.limit), Path(args.output))
    print(f"indosum_to_jsonl: {n} articles -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
