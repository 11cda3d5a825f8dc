"""The ``warta`` command."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from warta import __version__
from warta.errors import InputError, PipelineError, WartaError

if TYPE_CHECKING:
    from warta.store import Store

__all__ = ["main"]

EPILOG_RUN = """examples:
  warta run samples/                          readable summary of each article
  warta run in.jsonl -o out.jsonl --format jsonl
  cat in.jsonl | warta run - --store warta.duckdb
  warta run corpus/ --store warta.duckdb      re-run to resume: stored articles are skipped
"""

EPILOG_MAIN = """examples:
  warta run ../shared/samples/
  warta run articles.jsonl --format jsonl -o coded.jsonl
  warta run articles.jsonl --store warta.duckdb
  warta export --store warta.duckdb --format parquet -o events.parquet
  warta export --store warta.duckdb --format csv | head      (no -o: standard output)
  warta serve --store warta.duckdb            web UI and JSON API on 127.0.0.1:8000
"""


@dataclass
class RunStats:
    read: int = 0
    coded: int = 0
    skipped: int = 0
    stored: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _err(msg: str) -> None:
    print(f"warta: error: {msg}", file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    from warta.config import load_config
    from warta.ingest import read_inputs
    from warta.store import Store
    from warta.summary import summarize

    config = load_config(args.config)
    engine = getattr(args, "engine", "local")
    fmt = args.format or ("jsonl" if args.output and str(args.output).endswith(".jsonl") else None)
    fmt = fmt or ("none" if args.store and not args.output else "summary")
    stats = RunStats()
    t0 = time.perf_counter()
    with ExitStack() as stack:
        out: IO[str] = (
            stack.enter_context(open(args.output, "w", encoding="utf-8"))
            if args.output
            else sys.stdout
        )
        store = stack.enter_context(Store(args.store)) if args.store else None
        progress = None
        task = None
        if sys.stderr.isatty() and not args.quiet and fmt != "summary":
            from warta.scale.progress import count_records, make_progress

            progress = stack.enter_context(make_progress())
            task = progress.add_task("coding", total=count_records(args.inputs), rate=0.0)
        pending: list[Any] = []

        def flush() -> None:
            if store is not None and pending:
                stats.stored += store.write(pending)
                pending.clear()

        def skipped(n: int) -> None:
            if progress is not None:
                progress.update(task, advance=n)

        items = _articles(
            read_inputs(args.inputs), store, stats, config.store_batch_size, on_skip=skipped
        )
        if engine == "ray":
            from warta.scale.ray_engine import ray_results

            results = ray_results(items, config, address=args.address)
        else:
            results = _local_results(items, config)
        for item, doc in results:
            if isinstance(item, InputError):
                stats.failed += 1
                _err(str(item))
                if store is not None:
                    store.write_error(item)
                continue
            if isinstance(doc, Exception):
                stats.failed += 1
                _err(f"{item.origin}: {doc}")
                if store is not None:
                    store.write_error(InputError(item.origin or "?", str(doc)))
                continue
            stats.coded += 1
            if fmt == "jsonl":
                out.write(json.dumps(doc.to_record(), ensure_ascii=False) + "\n")
            elif fmt == "summary":
                out.write(summarize(doc, sentences=not args.brief) + "\n\n")
            if store is not None:
                pending.append(doc)
                if len(pending) >= config.store_batch_size:
                    flush()
            if progress is not None:
                rate = stats.coded / max(time.perf_counter() - t0, 1e-9)
                progress.update(task, advance=1, rate=rate)
        flush()
        link = None
        if store is not None and not getattr(args, "no_dedup", False):
            from warta.scale import link_store

            link = link_store(store, config.raw)
    elapsed = time.perf_counter() - t0
    if not args.quiet:
        parts = [f"{stats.coded} coded", f"{stats.failed} failed"]
        if store is not None:
            parts += [f"{stats.stored} stored", f"{stats.skipped} already stored"]
        if link is not None:
            parts += [f"{link.duplicates} near-duplicates", f"{link.clusters} new event clusters"]
        rate = stats.coded / elapsed if elapsed > 0 else 0.0
        print(
            f"warta: {', '.join(parts)} in {elapsed:.1f}s ({rate:.1f} articles/s)",
            file=sys.stderr,
        )
    return 1 if stats.failed else 0


def _local_results(items: Iterator[Any], config: Any) -> Iterator[tuple[Any, Any]]:
    """(item, coded Doc or PipelineError) in input order, in this process."""
    from warta._api import load_pipeline
    from warta.model import Doc

    pipeline = load_pipeline(config)
    for item in items:
        if isinstance(item, InputError):
            yield item, None
            continue
        try:
            yield item, pipeline.run(Doc.from_article(item))
        except PipelineError as exc:
            yield item, exc


def _articles(
    items: Iterator[Any],
    store: Any,
    stats: RunStats,
    chunk: int,
    on_skip: Any = None,
) -> Iterator[Any]:
    """Pass items through, dropping articles the store already has (resume)."""
    if store is None:
        yield from items
        return
    buf: list[Any] = []

    def drain() -> Iterator[Any]:
        known = store.known(a.id for a in buf if not isinstance(a, InputError))
        kept = 0
        for a in buf:
            if not isinstance(a, InputError) and a.id in known:
                stats.skipped += 1
                continue
            kept += 1
            yield a
        if on_skip is not None:
            on_skip(len(buf) - kept)
        buf.clear()

    for it in items:
        buf.append(it)
        if len(buf) >= chunk:
            yield from drain()
    yield from drain()


def cmd_export(args: argparse.Namespace) -> int:
    from warta.store import Store

    if not Path(args.store).exists():
        _err(f"{args.store}: no such store")
        return 2
    to_stdout = args.output in (None, "-")
    if to_stdout and args.format == "parquet" and sys.stdout.isatty():
        _err("refusing to write Parquet to a terminal: pass -o FILE or pipe the output")
        return 2
    with Store(args.store, read_only=True) as store:
        if to_stdout:
            n = _export_stdout(store, args)
        elif args.format == "plover":
            from warta.export import write_plover

            n = write_plover(store.records(include_duplicates=args.include_duplicates), args.output)
        else:
            n = store.export(args.output, args.format, args.table, **_export_options(args))
    print(f"warta: wrote {n} rows to {'<stdout>' if to_stdout else args.output}", file=sys.stderr)
    return 0


def _export_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "include_duplicates": args.include_duplicates,
        "clusters": args.clusters,
        "include_unrealised": args.include_unrealised,
        "layout": "dyad" if args.dyads else "event",
    }


def _export_stdout(store: Store, args: argparse.Namespace) -> int:
    """``warta export`` without ``-o`` (or ``-o -``): the same bytes on standard output.

    JSONL and PLOVER records stream; DuckDB writes Parquet and CSV only to files, so those
    go through a temporary file that is copied to stdout and removed."""
    import shutil
    import tempfile

    if args.format == "plover":
        from warta.export import write_plover

        n = write_plover(store.records(include_duplicates=args.include_duplicates), sys.stdout)
        sys.stdout.flush()
        return n
    with tempfile.TemporaryDirectory(prefix="warta-export-") as tmp:
        path = Path(tmp) / f"export.{args.format}"
        if args.format == "jsonl" and not args.clusters:
            n = store.export(
                sys.stdout, "jsonl", args.table, include_duplicates=args.include_duplicates
            )
            sys.stdout.flush()
            return n
        n = store.export(path, args.format, args.table, **_export_options(args))
        sys.stdout.flush()
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return n


def cmd_dedup(args: argparse.Namespace) -> int:
    from warta.config import load_config
    from warta.scale import link_store
    from warta.store import Store

    if not Path(args.store).exists():
        _err(f"{args.store}: no such store")
        return 2
    config = load_config(args.config)
    with Store(args.store) as store:
        st = link_store(store, config.raw)
        dups = store.con.execute(
            "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
        ).fetchone()
        ncl = store.con.execute("SELECT count(DISTINCT event_cluster) FROM events").fetchone()
    print(
        f"warta: signed {st.articles} articles ({st.duplicates} near-duplicates), "
        f"clustered {st.events} events ({st.clusters} new clusters); store totals: "
        f"{dups[0] if dups else 0} near-duplicate articles, {ncl[0] if ncl else 0} event clusters",
        file=sys.stderr,
    )
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from warta._api import load_pipeline
    from warta.config import load_config
    from warta.ingest.feeds import Fetcher, FetchPolicy, poll, read_feed_list
    from warta.store import Store

    config = load_config(args.config)
    pipeline = load_pipeline(config)
    feeds = list(read_feed_list(args.feeds))
    policy = FetchPolicy(
        allow_private=args.allow_private,
        min_interval=args.rate,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
    )
    seen: set[str] = set()

    def emit(doc: Any) -> None:
        if args.store is None:
            print(json.dumps(doc.to_record(), ensure_ascii=False), flush=True)

    with ExitStack() as stack:
        store = stack.enter_context(Store(args.store)) if args.store else None
        fetcher = stack.enter_context(Fetcher(policy))
        while True:
            st = poll(feeds, fetcher, pipeline, store, seen, emit)
            if store is not None and st.stored:
                from warta.scale import link_store

                link_store(store, config.raw)
            for msg in st.errors:
                _err(msg)
            if not args.quiet:
                print(
                    f"warta: polled {len(feeds)} feeds: {st.items} items, {st.new} new, "
                    f"{st.stored} stored, {st.failed} failed",
                    file=sys.stderr,
                    flush=True,
                )
            if args.once:
                return 1 if st.failed else 0
            time.sleep(args.interval)


def cmd_eval(args: argparse.Namespace) -> int:
    from warta.evaluate import evaluate, format_report, load_jsonl, run_pipeline_on_gold

    gold = load_jsonl(args.gold)
    if args.errors and any(g.get("split") == "test" for g in gold):
        print(
            f"warta: error: {args.gold} holds sealed test articles: totals only, no error list",
            file=sys.stderr,
        )
        return 2
    pred = load_jsonl(args.pred) if args.pred else run_pipeline_on_gold(gold, args.config)
    rep = evaluate(gold, pred)
    spread = _bootstrap(gold, pred, args.bootstrap) if args.bootstrap else None
    if args.json:
        out = rep.to_dict()
        if spread is not None:
            out["events"]["intervals_95"] = {k: list(v) for k, v in spread.items()}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(format_report(rep, errors=args.errors))
        if spread is not None:
            print(f"\n95% intervals of the event scores ({args.bootstrap} bootstrap resamples "
                  f"of the {rep.articles} articles):")  # fmt: skip
            for k, (lo, hi) in spread.items():
                print(f"  {k:<20} {lo:.3f} - {hi:.3f}")
    return 0


def _bootstrap(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], resamples: int
) -> dict[str, tuple[float, float]]:
    from warta._eval_bootstrap import article_scores, intervals

    return intervals(article_scores(gold, pred), resamples=resamples)


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="warta",
        description="Political event data (PLOVER v2) from Indonesian and English news.",
        epilog=EPILOG_MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"warta {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser(
        "run",
        help="code articles: print a summary, write JSONL, or store them",
        epilog=EPILOG_RUN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files, directories, or - for stdin JSONL"
    )
    r.add_argument("-o", "--output", help="write output to this file instead of stdout")
    r.add_argument("--format", choices=["summary", "jsonl", "none"], help="output format")
    r.add_argument("--store", help="DuckDB file to store the coded articles in")
    r.add_argument("--config", help="TOML file overriding the default configuration")
    r.add_argument("--brief", action="store_true", help="summary without the sentence list")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bar or totals")
    r.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="local: this process (default); ray: a Ray cluster (pip install warta[ray])",
    )
    r.add_argument("--address", help="Ray cluster to join (default: start a local Ray)")
    r.add_argument(
        "--no-dedup",
        action="store_true",
        help="skip marking near-duplicates and clustering events after storing",
    )
    r.set_defaults(func=cmd_run)

    d = sub.add_parser(
        "dedup",
        help="mark near-duplicate articles and cluster events in a store (resumable)",
    )
    d.add_argument("--store", required=True, help="DuckDB store file")
    d.add_argument("--config", help="TOML file overriding the default configuration")
    d.set_defaults(func=cmd_dedup)

    e = sub.add_parser("export", help="export a store as JSONL, Parquet, CSV or PLOVER v2 JSONL")
    e.add_argument("--store", required=True, help="DuckDB store file")
    e.add_argument("--format", choices=["jsonl", "parquet", "csv", "plover"], default="jsonl")
    e.add_argument("--table", default="events", help="table for parquet/csv (default events)")
    e.add_argument(
        "-o", "--output", help="output file (default, or '-': standard output)", default=None
    )
    e.add_argument(
        "--clusters",
        action="store_true",
        help="one row per event cluster (real-world event) instead of per event mention",
    )
    e.add_argument(
        "--include-duplicates",
        action="store_true",
        help="keep articles marked as near-duplicates (left out by default)",
    )
    e.add_argument(
        "--include-unrealised",
        action="store_true",
        help="--clusters: also planned, conditional and denied mentions (left out by default)",
    )
    e.add_argument(
        "--dyads",
        action="store_true",
        help="events table: one row per actor-recipient pair instead of one per event",
    )
    e.set_defaults(func=cmd_export)

    from warta.api.serve import add_parser as add_serve

    add_serve(sub)
    w = sub.add_parser(
        "watch",
        help="poll RSS/Atom feeds and article URLs politely, code new articles",
        epilog="FEEDS are URLs or files listing one URL a line. robots.txt is honoured; "
        "private, loopback and link-local addresses are refused unless --allow-private.",
    )
    w.add_argument("feeds", nargs="+", metavar="FEEDS", help="feed/article URLs or URL files")
    w.add_argument("--store", help="DuckDB store (else JSONL records go to stdout)")
    w.add_argument("--interval", type=float, default=900.0, help="seconds between polls")
    w.add_argument("--once", action="store_true", help="poll once and exit")
    w.add_argument("--allow-private", action="store_true", help="allow private addresses")
    w.add_argument("--rate", type=float, default=2.0, help="seconds between requests per host")
    w.add_argument("--timeout", type=float, default=15.0, help="request timeout in seconds")
    w.add_argument(
        "--max-bytes", type=int, default=5 * 1024 * 1024, help="response size cap in bytes"
    )
    w.add_argument("--config", help="TOML file overriding the default configuration")
    w.add_argument("-q", "--quiet", action="store_true", help="no per-poll totals")
    w.set_defaults(func=cmd_watch)

    from warta.bench import add_parser as _add_bench

    _add_bench(sub)

    v = sub.add_parser("eval", help="score predictions (or a fresh run) against gold data")
    v.add_argument("gold", help="gold JSONL (design.md section 7)")
    v.add_argument(
        "--pred", help="warta JSONL records; without it the pipeline codes the gold text"
    )
    v.add_argument("--config", help="TOML config for the pipeline run (without --pred)")
    v.add_argument("--json", action="store_true", help="machine-readable scores")
    v.add_argument("--errors", action="store_true", help="list missed and spurious events")
    v.add_argument(
        "--bootstrap",
        type=_positive_int,
        metavar="N",
        help="also give 95%% intervals of the event scores from N resamples of the articles",
    )
    v.set_defaults(func=cmd_eval)

    for extra in _EXTRA_COMMANDS:
        extra(sub)
    return p


#: other modules add subcommands here (eval, serve, bench, watch)
_EXTRA_COMMANDS: list[Any] = []


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except WartaError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        _err("interrupted; stored batches are kept, re-run the same command to resume")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
