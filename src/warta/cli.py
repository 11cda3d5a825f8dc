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
from typing import IO, Any

from warta import __version__
from warta.errors import InputError, PipelineError, WartaError

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


def _progress(enabled: bool) -> Any:
    if not enabled:
        return None
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("coding"),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        console=__import__("rich.console", fromlist=["Console"]).Console(stderr=True),
        transient=True,
    )


def cmd_run(args: argparse.Namespace) -> int:
    from warta._api import load_pipeline
    from warta.config import load_config
    from warta.ingest import read_inputs
    from warta.model import Doc
    from warta.store import Store
    from warta.summary import summarize

    config = load_config(args.config)
    pipeline = load_pipeline(config)
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
        progress = _progress(sys.stderr.isatty() and not args.quiet and fmt != "summary")
        task = None
        if progress is not None:
            stack.enter_context(progress)
            task = progress.add_task("coding", total=None, rate=0.0)
        pending: list[Doc] = []

        def flush() -> None:
            if store is not None and pending:
                stats.stored += store.write(pending)
                pending.clear()

        for item in _articles(read_inputs(args.inputs), store, stats, config.store_batch_size):
            if isinstance(item, InputError):
                stats.failed += 1
                _err(str(item))
                if store is not None:
                    store.write_error(item)
                continue
            try:
                doc = pipeline.run(Doc.from_article(item))
            except PipelineError as exc:
                stats.failed += 1
                _err(f"{item.origin}: {exc}")
                if store is not None:
                    store.write_error(InputError(item.origin or "?", str(exc)))
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
    elapsed = time.perf_counter() - t0
    if not args.quiet:
        parts = [f"{stats.coded} coded", f"{stats.failed} failed"]
        if store is not None:
            parts += [f"{stats.stored} stored", f"{stats.skipped} already stored"]
        rate = stats.coded / elapsed if elapsed > 0 else 0.0
        print(
            f"warta: {', '.join(parts)} in {elapsed:.1f}s ({rate:.1f} articles/s)",
            file=sys.stderr,
        )
    return 1 if stats.failed else 0


def _articles(items: Iterator[Any], store: Any, stats: RunStats, chunk: int) -> Iterator[Any]:
    """Pass items through, dropping articles the store already has (resume)."""
    if store is None:
        yield from items
        return
    buf: list[Any] = []

    def drain() -> Iterator[Any]:
        known = store.known(a.id for a in buf if not isinstance(a, InputError))
        for a in buf:
            if not isinstance(a, InputError) and a.id in known:
                stats.skipped += 1
                continue
            yield a
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
    with Store(args.store, read_only=True) as store:
        if args.format == "plover":
            from warta.export import write_plover

            n = write_plover(store.records(), args.output)
        else:
            n = store.export(args.output, args.format, args.table)
    print(f"warta: wrote {n} rows to {args.output}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from warta.evaluate import evaluate, format_report, load_jsonl, run_pipeline_on_gold

    gold = load_jsonl(args.gold)
    pred = load_jsonl(args.pred) if args.pred else run_pipeline_on_gold(gold, args.config)
    rep = evaluate(gold, pred)
    if args.json:
        print(json.dumps(rep.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_report(rep, errors=args.errors))
    return 0


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
    r.set_defaults(func=cmd_run)

    e = sub.add_parser("export", help="export a store as JSONL, Parquet, CSV or PLOVER v2 JSONL")
    e.add_argument("--store", required=True, help="DuckDB store file")
    e.add_argument("--format", choices=["jsonl", "parquet", "csv", "plover"], default="jsonl")
    e.add_argument("--table", default="events", help="table for parquet/csv (default events)")
    e.add_argument("-o", "--output", required=True, help="output file")
    e.set_defaults(func=cmd_export)

    v = sub.add_parser("eval", help="score predictions (or a fresh run) against gold data")
    v.add_argument("gold", help="gold JSONL (design.md section 7)")
    v.add_argument(
        "--pred", help="warta JSONL records; without it the pipeline codes the gold text"
    )
    v.add_argument("--config", help="TOML config for the pipeline run (without --pred)")
    v.add_argument("--json", action="store_true", help="machine-readable scores")
    v.add_argument("--errors", action="store_true", help="list missed and spurious events")
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
