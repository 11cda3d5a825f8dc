#!/usr/bin/env python3
"""Events annotated on real parallel news sentences, English and Indonesian.

The sentences come from ``../shared/data``: the Indonesian-English news MT data
(``id-mt-news``, valid and test) and the translations kept with the Indonesian UD
treebanks PUD (news and Wikipedia) and CSUI (news), the group ``news``; see
:data:`SOURCES` and :data:`GROUPS`. Further groups: ``web`` (UD Indonesian-GSD pairs and
English-only UD English-EWT blogs and news groups), ``idnews`` (Indonesian-only IndoLEM
NER sentences) and ``ntrex`` (the annotated half of the open NTREX-128 documents).

    python scripts/parallel_news.py show news_valid 1 40     # print lines 1-40, both sides
    python scripts/parallel_news.py check [FILE ...]         # check annotation files
    python scripts/parallel_news.py agreement [--json]       # the doubly annotated lines

The annotations live in ``corpus/parallel-news/*.jsonl``, one row per sentence pair and
no text (the sentences stay in ``../shared``; a row names its line)::

    {"pair": "news_valid:17", "annotator": "p03",
     "en": {"events": [{"type": "ACCUSE", "mode": "disapprove", "trigger": "criticised",
            "actors": [{"text": "Human Rights Watch", "country": "NGO", "sector": "NGO"}],
            "recipients": [{"text": "the police", "country": "IDN", "sector": "COP"}]}]},
     "id": {"events": [...]}}

Every line of a block is listed, with empty event lists where nothing is coded, so the
sentences without events teach the coder too. The same events are coded on both sides, in
the same order (``"unaligned": true`` marks a pair whose translation drops or adds one);
triggers and party texts are verbatim in their own side's sentence. Exits 1 naming the
file and line of every problem; prints counts per type and language otherwise.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from check_synthetic import check_side, json_lines
from warta import corpus
from warta.stages._ner_lexicon import reserved_ntrex_docs

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "corpus" / "parallel-news"
#: where each source's sentence pairs are: id-mt-news keeps the two sides in two line-
#: aligned files; the UD treebanks hold each Indonesian sentence with its English
#: translation (``# text`` and ``# text_en``)
SOURCES = {
    "news_valid": "id-mt-news/news_valid",
    "news_test": "id-mt-news/news_test",
    "pud": "ud-indonesian-pud/id_pud-ud-test.conllu",
    "csui_train": "ud-indonesian-csui/id_csui-ud-train.conllu",
    "csui_test": "ud-indonesian-csui/id_csui-ud-test.conllu",
    "gsd_dev": "ud-indonesian-gsd/id_gsd-ud-dev.conllu",
    "gsd_test": "ud-indonesian-gsd/id_gsd-ud-test.conllu",
    "ewt_dev": "ud-english-ewt/en_ewt-ud-dev.conllu",
    "ewt_test": "ud-english-ewt/en_ewt-ud-test.conllu",
    "ugm": "indolem-nerugm/nerugm.txt",
    "ui": "indolem-nerui/nergithub.txt",
    "ntrex": "ntrex128-id/newstest2019",
}
#: NTREX-128 keeps each side in its own line-aligned file; only the lines of the documents
#: of the ``train`` half (``warta.corpus.ntrex_part``) may be annotated: the reserved ones
#: are never read, the ``check`` half is the cross-lingual check's
NTREX_FILES = {"en": "newstest2019-src.eng.txt", "id": "newstest2019-ref.ind.txt"}
#: English-only sources: UD English-EWT has no translation; of its web text only the
#: weblog and newsgroup documents are kept (political blogs and news discussion; the
#: reviews, answers and e-mail rarely hold an event), numbered in file order
ENGLISH_ONLY = {"ewt_dev", "ewt_test"}
EWT_GENRES = ("weblog", "newsgroup")
#: Indonesian-only sources: the news sentences of the IndoLEM NER sets (UGM: political and
#: domestic news; UI: news), one token per line, read as the tokens joined by spaces
INDONESIAN_ONLY = {"ugm", "ui"}
Json = dict[str, Any]


def _data() -> Path:
    """``data/`` of the shared folder (``corpus.shared_root``: ``$WARTA_SHARED`` or
    ``../shared``); a path that does not exist when there is none."""
    root = corpus.shared_root(ROOT)
    return root / "data" if root is not None else ROOT / "missing-shared-folder"


@cache
def lines(source: str, lang: str) -> tuple[str, ...]:
    """The sentences of one side of a source (line n is index n - 1)."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}: one of {', '.join(SOURCES)}")
    if lang not in sides(source):
        raise ValueError(f"source {source!r} has no {lang!r} side")
    path = _side_path(source, lang)
    if source in INDONESIAN_ONLY:
        return _token_lines(path)
    if path.suffix != ".conllu":
        text = path.read_text(encoding="utf-8")
        return tuple(text.rstrip("\n").split("\n"))
    if source in ENGLISH_ONLY:
        return _ewt_lines(path)
    key = "# text = " if lang == "id" else "# text_en = "
    with path.open(encoding="utf-8") as fh:
        return tuple(line[len(key) :].strip() for line in fh if line.startswith(key))


def _side_path(source: str, lang: str) -> Path:
    """The file holding one side of a source: the source's own file (a treebank, a token
    file), or the side's line-aligned file (id-mt-news ``.en``/``.id``, NTREX)."""
    path = _data() / SOURCES[source]
    if source == "ntrex":
        return path.parent / NTREX_FILES[lang]
    if source in INDONESIAN_ONLY or path.suffix == ".conllu":
        return path
    return path.with_name(f"{path.name}.{lang}")


def sides(source: str) -> tuple[str, ...]:
    """The languages a source's sentences are in."""
    if source in ENGLISH_ONLY:
        return ("en",)
    return ("id",) if source in INDONESIAN_ONLY else ("en", "id")


def _token_lines(path: Path) -> tuple[str, ...]:
    """The sentences of a token-per-line file (``token<TAB>tag``, a blank line after each
    sentence), their tokens joined by single spaces."""
    out: list[str] = []
    words: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in [*fh, "\n"]:
            if line.strip():
                words.append(line.split("\t")[0].strip())
            elif words:
                out.append(" ".join(words))
                words = []
    return tuple(out)


def _ewt_lines(path: Path) -> tuple[str, ...]:
    """The sentences of the weblog and newsgroup documents of a UD English-EWT file."""
    out, genre = [], ""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# newdoc id = "):
                genre = line[len("# newdoc id = ") :].partition("-")[0]
            elif line.startswith("# text = ") and genre in EWT_GENRES:
                out.append(line[len("# text = ") :].strip())
    return tuple(out)


def available() -> bool:
    return all(_side_path(s, lang).is_file() for s in SOURCES for lang in sides(s))


@cache
def ntrex_documents() -> tuple[str, ...]:
    """The NTREX document id of every line (line n is index n - 1)."""
    path = _data() / "ntrex128-id" / "DOCUMENT_IDS.tsv"
    return tuple(ln.split("\t")[0] for ln in path.read_text().splitlines())


@cache
def _reserved_ntrex() -> frozenset[str]:
    return frozenset(reserved_ntrex_docs(_data()))


def ntrex_trainable(n: int) -> bool:
    """Whether NTREX line ``n`` is in a document of the annotated half (not reserved)."""
    doc = ntrex_documents()[n - 1]
    return doc not in _reserved_ntrex() and corpus.ntrex_part(doc) == "train"


def sentence(pair: str, lang: str) -> str:
    source, _, n = pair.partition(":")
    return lines(source, lang)[int(n) - 1]


def rows(files: list[Path] | None = None) -> list[Json]:
    out = []
    for f in files if files is not None else sorted(FOLDER.glob("*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh if line.strip()]
    return out


def as_record(gold: Json) -> Json:
    """A gold line as a warta prediction record, to score annotator against annotator."""
    events = []
    for k, ev in enumerate(gold["events"]):
        s, e = ev["trigger_offsets"]
        events.append({
            "id": f"ev{k + 1}", "type": ev["type"], "mode": ev.get("mode"),
            "actors": ev["actors"], "recipients": ev["recipients"],
            "date": gold["published"], "date_precision": "unknown", "historical": False,
            "future": False, "hypothetical": False, "negated": False,
            "trigger": {"start": s, "end": e, "text": ev["trigger"]},
            "sentence": {"start": 0, "end": len(gold["text"]), "text": gold["text"]},
        })  # fmt: skip
    return {"id": gold["id"], "published": gold["published"], "language": gold["language"],
            "text": gold["text"], "events": events}  # fmt: skip


def _line_stem(pair: str) -> str:
    return f"news-{pair.replace(':', '-')}"


def line_id(pair: str, lang: str) -> str:
    """The id of a pair's gold line in one language (``news-news_valid-12-en``)."""
    return f"{_line_stem(pair)}-{lang}"


def held_out_id(stem: str) -> bool:
    """Whether the gold line whose id, less its ``-<lang>`` ending, is ``stem`` is in the
    held-out tenth that the event models are checked on (a hash of the stem, so both
    languages hold out the same pairs). Every model trained on these sentences, the English
    NER included, leaves that tenth out."""
    return int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 10 == 0


def held_out_pair(pair: str) -> bool:
    """Whether a pair (``news_valid:12``) is in that held-out tenth."""
    return held_out_id(_line_stem(pair))


def gold_lines(lang: str, pairs: list[Json] | None = None) -> list[Json]:
    """One language's side as gold lines: one sentence per article, as the synthetic
    sentences are (rows of an English-only source have no Indonesian line)."""
    return [
        corpus.sentence_gold_line(
            line_id(row["pair"], lang),
            lang,
            sentence(row["pair"], lang),
            row[lang].get("events") or [],
        )
        for row in (pairs if pairs is not None else rows())
        if lang in row
    ]


def ntrex_gold_documents(lang: str) -> list[Json]:
    """The annotated NTREX documents (the ``train`` half) of one language as gold
    articles: their lines joined by blank lines, as ``scripts/crosslingual.py`` codes
    them, each line's events with their offsets moved into the document; ids
    ``<document>-<lang>``. Dates are not coded, so they score events, not dates."""
    by_doc: dict[str, list[tuple[int, Json]]] = {}
    for row in rows():
        source, _, n = row["pair"].partition(":")
        if source == "ntrex":
            by_doc.setdefault(ntrex_documents()[int(n) - 1], []).append((int(n), row))
    return [_gold_document(f"{doc}-{lang}", lang, sorted(items, key=lambda t: t[0]))
            for doc, items in sorted(by_doc.items())]  # fmt: skip


def _gold_document(ident: str, lang: str, items: list[tuple[int, Json]]) -> Json:
    text, events = "", []
    for _n, row in items:
        start = len(text) + 2 if text else 0
        line = corpus.sentence_gold_line(ident, lang, sentence(row["pair"], lang),
                                         row[lang].get("events") or [])  # fmt: skip
        text = f"{text}\n\n{line['text']}" if text else line["text"]
        events += [_shifted(ev, start) for ev in line["events"]]
    return {"id": ident, "published": "2019-01-01", "language": lang, "text": text,
            "annotator": "synthetic", "split": "train", "events": events}  # fmt: skip


def _shifted(ev: Json, by: int) -> Json:
    """A gold event of a line with every offset moved ``by`` characters."""

    def move(off: list[int]) -> list[int]:
        return [off[0] + by, off[1] + by]

    parties = {
        key: [{**p, "offsets": move(p["offsets"])} if "offsets" in p else p for p in ev[key]]
        for key in ("actors", "recipients")
    }
    return {**ev, **parties, "trigger_offsets": move(ev["trigger_offsets"]),
            "sentence_offsets": move(ev["sentence_offsets"])}  # fmt: skip


def row_errors(row: Json, where: str, sources: Iterable[str]) -> list[str] | None:
    """What is wrong with a row's ``pair`` and ``annotator``; None when the pair names no
    line of ``sources`` (nothing else of the row can be checked then)."""
    source, _, n = str(row.get("pair")).partition(":")
    if (
        source not in sources
        or not n.isdigit()
        or not 0 < int(n) <= len(lines(source, sides(source)[0]))
    ):
        return None
    return [] if row.get("annotator") else [f"{where}: no annotator tag"]


def check_row(row: Json, where: str) -> list[str]:
    errs = row_errors(row, where, SOURCES)
    if errs is None:
        return [f"{where}: pair {row.get('pair')!r} names no line of {', '.join(SOURCES)}"]
    counts = []
    source, _, n = str(row["pair"]).partition(":")
    if source == "ntrex" and not ntrex_trainable(int(n)):
        return [*errs, f"{where}: NTREX line {n} is not in a document of the annotated half"]
    langs = sides(source)
    errs += [f"{where}: the source has no {lang!r} side" for lang in ("en", "id")
             if lang in row and lang not in langs]  # fmt: skip
    for lang in langs:
        side = row.get(lang)
        if not isinstance(side, dict) or not isinstance(side.get("events"), list):
            errs.append(f"{where}.{lang}: needs an events list")
            continue
        counts.append(len(side["events"]))
        if side["events"]:
            text = sentence(row["pair"], lang)
            errs += check_side({"text": text, "events": side["events"]}, "news", f"{where}.{lang}")
    if len(counts) == 2 and counts[0] != counts[1] and row.get("unaligned") is not True:
        errs.append(f"{where}: {counts[0]} English events but {counts[1]} Indonesian ones")
    return errs


def gaps(pairs: list[str], where: str) -> list[str]:
    """A block lists consecutive lines of one source (sentences without events too)."""
    keys = [p.partition(":") for p in pairs]
    if len({k[0] for k in keys}) > 1:
        return [f"{where}: lines of more than one source"]
    nums = [int(k[2]) for k in keys if k[2].isdigit()]
    if nums and nums != list(range(nums[0], nums[0] + len(nums))):
        return [f"{where}: the lines are not consecutive (every line of a block is listed)"]
    return []


def check_blocks(
    files: list[Path], check_row: Callable[[Json, str], list[str]], tally: Callable[[Json], None]
) -> tuple[int, int]:
    """Check every row of the block files with ``check_row``, plus what every block owes:
    each pair once, consecutive lines of one source. Prints each problem; gives (lines
    with problems, distinct pairs) and hands every readable row to ``tally``."""
    bad, seen = 0, set()
    for f in files:
        pairs: list[str] = []
        for where, row in json_lines(f):
            if row is None:
                bad += 1
                continue
            errs = check_row(row, where)
            pairs.append(str(row.get("pair")))
            if row.get("pair") in seen:
                errs.append(f"{where}: pair {row.get('pair')!r} twice")
            seen.add(row.get("pair"))
            tally(row)
            for e in errs:
                print(e)
            bad += bool(errs)
        for e in gaps(pairs, f.name):
            print(e)
            bad += 1
    return bad, len(seen)


def check(files: list[Path]) -> int:
    types: Counter[tuple[str, str]] = Counter()
    with_events = Counter[bool]()

    def tally(row: Json) -> None:
        for lang in ("en", "id"):
            for ev in (row.get(lang) or {}).get("events") or []:
                types[(lang, str(ev.get("type")))] += 1
        with_events[any((row.get(lang) or {}).get("events") for lang in ("en", "id"))] += 1

    bad, pairs = check_blocks(files, check_row, tally)
    for lang in ("en", "id"):
        counts = {t: c for (la, t), c in sorted(types.items()) if la == lang}
        print(f"{lang}: {sum(counts.values())} events {counts}")
    print(f"pairs: {pairs}, with events: {with_events[True]}; lines with problems: {bad}")
    return 1 if bad else 0


#: agreement is reported apart for the news sentences and for the web text (Wikipedia-
#: like GSD, blogs and news groups), whose few events are harder to agree on
GROUPS = {"news": ("news_valid", "news_test", "pud", "csui_train", "csui_test"),
          "web": ("gsd_dev", "gsd_test", "ewt_dev", "ewt_test"),
          "idnews": ("ugm", "ui"),
          "ntrex": ("ntrex",)}  # fmt: skip


def agreement(as_json: bool) -> int:
    """Event agreement on the lines annotated twice, blind (``agreement/`` holds the
    second annotation): each side scored as gold against the other, both directions, per
    group of sources."""
    second = {r["pair"]: r for r in rows(sorted((FOLDER / "agreement").glob("*.jsonl")))}
    first = [r for r in rows() if r["pair"] in second]
    out: Json = {}
    for group, sources in GROUPS.items():
        mine = [r for r in first if r["pair"].partition(":")[0] in sources]
        if mine:
            out[group] = _agreement(mine, [second[r["pair"]] for r in mine])
    print(json.dumps(out) if as_json else "\n".join(f"{k}: {v}" for k, v in out.items()))
    return 0


def _agreement(first: list[Json], second: list[Json]) -> Json:
    from warta.evaluate import evaluate

    out: Json = {"pairs": len(first)}
    for lang in ("en", "id"):
        a, b = gold_lines(lang, first), gold_lines(lang, second)
        if not a:
            continue
        scores = []
        for gold, pred in ((a, b), (b, a)):
            ev = evaluate(gold, [as_record(g) for g in pred]).events
            scores.append((ev.overall.f1, ev.typed.f1, ev.sector.value))
        out[lang] = {
            k: round(sum(s[i] for s in scores) / 2, 4)
            for i, k in enumerate(("event_f1", "type_f1", "sector_accuracy"))
        }
        out[lang]["events"] = sum(len(g["events"]) for g in a + b)
    return out


def show(source: str, first: int, last: int) -> None:
    langs = sides(source)
    text = {lang: lines(source, lang) for lang in langs}
    for n in range(first, min(last, len(text[langs[0]])) + 1):
        shown = "".join(f"\n  {lang.upper()}: {text[lang][n - 1]}" for lang in langs)
        print(f"[{source}:{n}]{shown}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["show"] and len(argv) == 4:
        show(argv[1], int(argv[2]), int(argv[3]))
        return 0
    if argv[:1] == ["agreement"]:
        return agreement("--json" in argv)
    if argv[:1] == ["check"]:
        return check([Path(f) for f in argv[1:]] or sorted(FOLDER.glob("*.jsonl")))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
