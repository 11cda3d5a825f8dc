"""``warta bench``: throughput and memory on a fixed corpus built from IndoSum.

The corpus is the IndoSum dev folds in ``../shared/data/indosum`` (tokenised news from
Shortir.com, CC BY-SA 4.0), turned back into text by :func:`detokenize`, in file order,
each article id once. ``published`` comes from the Unix timestamp that prefixes each id
(read in UTC+7, Western Indonesian Time). Nothing here is a test: the numbers are for
the report, and depend on the machine and on the stages the config lists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from warta.model import Article

__all__ = ["detokenize", "find_indosum", "indosum_articles", "run_bench"]

_WIB = dt.timezone(dt.timedelta(hours=7))
_NO_SPACE_BEFORE = frozenset(".,;:!?)]}%")
_NO_SPACE_AFTER = frozenset("([{")


def detokenize(tokens: Iterable[str]) -> str:
    """Join word tokens into text: no space before closing punctuation or after opening
    brackets, straight double quotes alternate opening/closing, ``/`` binds both sides
    (``27 / 3`` -> ``27/3``)."""
    out: list[str] = []
    glue = True  # no space before the next token
    open_quote = False
    for tok in tokens:
        if tok == '"':
            if open_quote:
                out.append(tok)
                glue = False
            else:
                if not glue:
                    out.append(" ")
                out.append(tok)
                glue = True
            open_quote = not open_quote
            continue
        if tok == "/":
            out.append(tok)
            glue = True
            continue
        if not glue and not (len(tok) == 1 and tok in _NO_SPACE_BEFORE):
            out.append(" ")
        out.append(tok)
        glue = len(tok) == 1 and tok in _NO_SPACE_AFTER
    return "".join(out)


def find_indosum(shared: str | Path | None = None) -> Path | None:
    """The IndoSum folder under ``shared`` (default: the shared folder of
    :func:`warta.corpus.shared_root`, $WARTA_SHARED or ``../shared`` beside the checkout,
    else ``../shared`` beside the current directory)."""
    from warta.corpus import shared_root

    cands = []
    if shared:
        cands.append(Path(shared))
    root = shared_root()
    if root is not None:
        cands.append(root)
    cands.append(Path.cwd().parent / "shared")
    for c in cands:
        d = c / "data" / "indosum" if (c / "data").is_dir() else c
        if sorted(d.glob("*.jsonl")):
            return d
    return None


def indosum_articles(folder: Path, limit: int | None = None) -> Iterator[Article]:
    """IndoSum articles as warta Articles, file order, each id once."""
    seen: set[str] = set()
    for f in sorted(folder.glob("*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and len(seen) >= limit:
                    return
                obj = json.loads(line)
                sid = str(obj["id"])
                if sid in seen:
                    continue
                seen.add(sid)
                paras = [detokenize(t for s in para for t in s) for para in obj["paragraphs"]]
                published = None
                head = sid.split("-", 1)[0]
                if head.isdigit():
                    published = dt.datetime.fromtimestamp(int(head), _WIB).date().isoformat()
                yield Article.create(
                    "\n\n".join(paras),
                    id=sid,
                    source=obj.get("source"),
                    url=obj.get("source_url"),
                    published=published,
                    language="id",
                    origin=f"{f.name}:{sid}",
                )


def write_jsonl(articles: Iterable[Article], out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for a in articles:
            keys = ("id", "source", "url", "published", "language", "text")
            rec = {k: getattr(a, k) for k in keys}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_bench(
    n: int,
    *,
    engine: str = "local",
    sizes: list[int] | None = None,
    config_path: str | None = None,
    folder: Path | None = None,
    address: str | None = None,
) -> dict[str, Any]:
    from warta._api import load_pipeline
    from warta.config import load_config
    from warta.model import Doc
    from warta.scale import link_store
    from warta.store import Store

    folder = folder or find_indosum()
    if folder is None:
        raise FileNotFoundError("IndoSum not found: ../shared/data/indosum is absent")
    config = load_config(config_path)
    arts = list(indosum_articles(folder, max([n, *(sizes or [])])))
    words = sum(len(a.text.split()) for a in arts[:n]) / max(1, min(n, len(arts)))
    res: dict[str, Any] = {
        "corpus": str(folder),
        "articles": min(n, len(arts)),
        "mean_words": round(words, 1),
        "stages": list(config.stages),
        "engine": engine,
    }
    # warm-up: the first article loads lazy resources; reported, not counted
    t = time.perf_counter()
    load_pipeline(config).run(Doc.from_article(arts[0]))
    res["warmup_s"] = round(time.perf_counter() - t, 3)
    rss0 = _peak_mb()

    # the run loop of `warta run --store`: code, write in batches, then dedup+cluster;
    # memory stays flat (no list of coded docs), as in a real run
    pipe = load_pipeline(config)
    coding = writing = 0.0
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        pending: list[Doc] = []
        for a in arts[:n]:
            t = time.perf_counter()
            pending.append(pipe.run(Doc.from_article(a)))
            coding += time.perf_counter() - t
            if len(pending) >= config.store_batch_size:
                t = time.perf_counter()
                store.write(pending)
                writing += time.perf_counter() - t
                pending = []
        t = time.perf_counter()
        store.write(pending)
        writing += time.perf_counter() - t
        t = time.perf_counter()
        link = link_store(store, config.raw)
        t_link = time.perf_counter() - t
        row = store.con.execute(
            "SELECT count(DISTINCT event_cluster), count(*) FROM events"
        ).fetchone()
        stored = store.count()
    done = min(n, len(arts))
    wall = coding
    res["pipeline"] = {
        "seconds": round(coding, 3),
        "articles_per_s": round(done / coding, 1),
        "per_stage": {
            tm.name: {
                "seconds": round(tm.seconds, 3),
                "articles_per_s": round(tm.docs / tm.seconds, 1) if tm.seconds else None,
                "share": round(tm.seconds / coding, 3),
            }
            for tm in pipe.timings()
        },
    }
    total = coding + writing + t_link
    res["store"] = {
        "stored": stored,
        "write_articles_per_s": round(done / writing, 1) if writing else None,
        "dedup_cluster_seconds": round(t_link, 3),
        "near_duplicates": link.duplicates,
        "events": row[1] if row else 0,
        "event_clusters": row[0] if row else 0,
        "run_articles_per_s": round(done / total, 1),
    }
    res["peak_rss_mb"] = round(_peak_mb(), 1)
    res["rss_before_coding_mb"] = round(rss0, 1)
    if sizes:
        growth = {}
        for size in sizes:
            sub = arts[:size]
            pipe = load_pipeline(config)
            t = time.perf_counter()
            for a in sub:
                pipe.run(Doc.from_article(a))
            dt_ = time.perf_counter() - t
            growth[str(len(sub))] = {
                "seconds": round(dt_, 3),
                "articles_per_s": round(len(sub) / dt_, 1),
                "ms_per_article": round(1000 * dt_ / len(sub), 2),
            }
        res["growth"] = growth
    if engine == "ray":
        import ray

        from warta.scale.ray_engine import ray_results, start_ray

        t = time.perf_counter()
        start_ray(address)
        res["ray_start_s"] = round(time.perf_counter() - t, 3)
        # as `warta run --engine ray --store`: the driver writes batches while the
        # actors code. Timed from the first article on, like the local run (whose
        # pipeline loads before its clock starts); the actors' start-up (process start,
        # imports, pipeline and resources) is timed apart, and counted in "end to end".
        count = 0
        ready: list[float] = []
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "ray.duckdb") as store:
            t = time.perf_counter()
            pending = []
            for _, doc in ray_results(
                iter(arts[:n]),
                config,
                address=address,
                on_ready=lambda: ready.append(time.perf_counter()),
            ):
                count += 1
                pending.append(doc)
                if len(pending) >= config.store_batch_size:
                    store.write(pending)
                    pending = []
            store.write(pending)
            end = time.perf_counter()
        t0 = ready[0] if ready else t
        rwall, e2e = end - t0, end - t
        res["ray"] = {
            "articles": count,
            "actors": int(config.raw.get("ray", {}).get("concurrency", 0))
            or int(ray.cluster_resources().get("CPU", 1)),  # type: ignore[no-untyped-call]
            "actor_start_s": round(t0 - t, 3),
            "seconds": round(rwall, 3),
            "articles_per_s": round(count / rwall, 1),
            "speedup_vs_local": round(wall / rwall, 2),
            "speedup_vs_local_with_store": round((wall + writing) / rwall, 2),
            "end_to_end_seconds": round(e2e, 3),
            "end_to_end_articles_per_s": round(count / e2e, 1),
            "end_to_end_speedup_vs_local_with_store": round(
                (wall + writing + res["warmup_s"]) / e2e, 2
            ),
        }
    return res


def _print(res: dict[str, Any]) -> None:
    p = res["pipeline"]
    print(f"corpus: {res['corpus']} ({res['articles']} articles, {res['mean_words']} words avg)")
    print(f"stages: {', '.join(res['stages'])}; warm-up {res['warmup_s']} s")
    print(f"pipeline: {p['articles_per_s']} articles/s ({p['seconds']} s)")
    for name, st in p["per_stage"].items():
        print(
            f"  {name:<24} {st['articles_per_s'] or 0:>10} articles/s  "
            f"{100 * st['share']:5.1f}% of time"
        )
    s = res["store"]
    print(
        f"store: write {s['write_articles_per_s']} articles/s; dedup+cluster "
        f"{s['dedup_cluster_seconds']} s; {s['near_duplicates']} near-duplicates; "
        f"{s['events']} events in {s['event_clusters']} clusters"
    )
    print(f"whole run (code + store + dedup/cluster): {s['run_articles_per_s']} articles/s")
    print(f"peak RSS: {res['peak_rss_mb']} MB (before coding {res['rss_before_coding_mb']} MB)")
    for size, g in res.get("growth", {}).items():
        print(
            f"  {size:>6} articles: {g['articles_per_s']} articles/s, {g['ms_per_article']} ms each"
        )
    if "ray" in res:
        r = res["ray"]
        print(
            f"ray, {r['actors']} actors: {r['articles_per_s']} articles/s ({r['seconds']} s, "
            f"store written as it goes), {r['speedup_vs_local']}x one process coding, "
            f"{r['speedup_vs_local_with_store']}x one process coding + storing"
        )
        print(
            f"ray end to end: {r['end_to_end_articles_per_s']} articles/s "
            f"({r['end_to_end_seconds']} s, of which actor start-up {r['actor_start_s']} s; "
            f"ray.init {res['ray_start_s']} s not counted), "
            f"{r['end_to_end_speedup_vs_local_with_store']}x one process coding + storing "
            "+ warm-up"
        )


def cmd_bench(args: argparse.Namespace) -> int:
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else None
    folder = find_indosum(args.shared)
    if folder is None:
        print(
            "warta bench: skipped: IndoSum not found (expected ../shared/data/indosum; "
            "set --shared or $WARTA_SHARED)",
            file=sys.stderr,
        )
        return 0
    if args.write_corpus:
        n = write_jsonl(indosum_articles(folder, args.articles), Path(args.write_corpus))
        print(f"warta bench: wrote {n} articles to {args.write_corpus}", file=sys.stderr)
        return 0
    res = run_bench(
        args.articles,
        engine=args.engine,
        sizes=sizes,
        config_path=args.config,
        folder=folder,
        address=args.address,
    )
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        _print(res)
    return 0


def add_parser(sub: Any) -> None:
    b = sub.add_parser("bench", help="throughput and peak memory on an IndoSum corpus")
    b.add_argument("--articles", type=int, default=1000, help="articles to code (max 3463)")
    b.add_argument("--engine", choices=["local", "ray"], default="local")
    b.add_argument("--address", help="Ray cluster to join (with --engine ray)")
    b.add_argument("--sizes", help="comma-separated corpus sizes for the growth table")
    b.add_argument("--json", action="store_true", help="print the numbers as JSON")
    b.add_argument("--config", help="TOML file overriding the default configuration")
    b.add_argument("--shared", help="the shared folder (default ../shared)")
    b.add_argument("--write-corpus", metavar="FILE", help="write the corpus as JSONL and exit")
    b.set_defaults(func=cmd_bench)
