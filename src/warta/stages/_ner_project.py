"""Silver English NER sentences projected from the Indonesian tagger over parallel news.

Training-time only (``scripts/train_ner.py --lang en --project``). The English news text
the lexicon may use (NTREX-128 less the reserved documents, id-mt-news) comes with its
Indonesian translation, line by line. The Indonesian CRF tags the Indonesian side; each
tagged name is looked for in the English line, as written (names are copied across
languages: "Joko Widodo", "Baghdad") or through the entity lexicons (a country or a known
actor: "Amerika Serikat" -> "United States"). A sentence is kept only when every
capitalised English word past the first is inside a projected name or is a word that is
not a name (a title, a demonym, a month, a word usually written in lower case), so that
the silver sentences do not teach the model to miss names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from warta.stages._ner_lexicon import TOKEN_RE, reserved_ntrex_docs

if TYPE_CHECKING:  # pragma: no cover
    from warta.stages._crf_ner import CrfNer, Lexicon

__all__ = ["english_tokens", "parallel_lines", "project", "projected_sentences"]

Sentence = tuple[list[str], list[str]]
_CLITICS = ("'s", "’s")


def english_tokens(line: str) -> list[str]:
    """Tokens as warta's English entity stage sees them (possessive "'s" cut off)."""
    out: list[str] = []
    for tok in TOKEN_RE.findall(line):
        if len(tok) > 2 and tok.endswith(_CLITICS) and tok[-3].isalnum():
            out += [tok[:-2], tok[-2:]]
        else:
            out.append(tok)
    return out


def parallel_lines(data: Path) -> Iterator[tuple[str, str]]:
    """(Indonesian, English) line pairs of the parallel news, reserved NTREX documents left
    out."""
    reserved = reserved_ntrex_docs(data)
    ntrex = data / "ntrex128-id"
    docs = (ntrex / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    ind = (ntrex / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    eng = (ntrex / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    for doc, i_line, e_line in zip(docs, ind, eng, strict=True):
        if doc.strip() not in reserved:
            yield i_line, e_line
    for part in ("valid", "test"):
        ind = (data / "id-mt-news" / f"news_{part}.id").read_text(encoding="utf-8").splitlines()
        eng = (data / "id-mt-news" / f"news_{part}.en").read_text(encoding="utf-8").splitlines()
        yield from zip(ind, eng, strict=True)


_LABELS = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": ""}


def _english_forms() -> dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]]:
    """Lower-cased Indonesian alias of a known entity -> (its label, lower-cased English
    aliases of the same entity). The label is ``""`` for a group (NORP), which Universal
    NER does not tag."""
    from warta import resources
    from warta.stages._gazetteer import get_lexicon, split_tokens

    # demonyms share their country's key ("Australians"), but name no place: not projected
    demonyms = {
        tuple(w.lower() for w in split_tokens(d))
        for row in resources.load_tsv("en/countries.tsv")
        for d in (row.get("demonyms") or "").split("|")
        if d
    }
    by_key: dict[str, list[tuple[str, ...]]] = {}
    for words, entries in get_lexicon("en").aliases.items():
        if words in demonyms:
            continue
        for e in entries:
            by_key.setdefault(e.key, []).append(words)
    out: dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]] = {}
    for words, entries in get_lexicon("id").aliases.items():
        forms = {f for e in entries[:1] for f in by_key.get(e.key, [])}
        out[words] = (_LABELS[entries[0].label], sorted(forms, key=lambda f: (-len(f), f)))
    return out


def project(
    id_toks: Sequence[str],
    spans: Sequence[tuple[int, int, str]],
    en_toks: Sequence[str],
    forms: Mapping[tuple[str, ...], tuple[str, list[tuple[str, ...]]]],
) -> list[str]:
    """BIO tags of ``en_toks`` from the Indonesian ``spans`` (every occurrence is tagged).

    A name the lexicons know takes their label (a country is LOC, "Uni Eropa" ORG) and
    its English aliases; a group (NORP) is not tagged.
    """
    tags = ["O"] * len(en_toks)
    lower = [t.lower() for t in en_toks]
    for a, b, tagged in spans:
        src = tuple(t.lower() for t in id_toks[a:b])
        label, english = forms.get(src, (tagged, []))
        if not label:
            continue
        for form in [src, *english]:
            n = len(form)
            for i in range(len(en_toks) - n + 1):
                if (
                    tuple(lower[i : i + n]) == form
                    and en_toks[i][:1].isupper()
                    and all(t == "O" for t in tags[i : i + n])
                ):
                    tags[i : i + n] = [f"B-{label}"] + [f"I-{label}"] * (n - 1)
    return tags


def _complete(
    toks: Sequence[str], tags: Sequence[str], lexicon: Lexicon, nonname: frozenset[str]
) -> bool:
    """Whether every capitalised word past the first is tagged or is not a name."""
    for i in range(1, len(toks)):
        t = toks[i]
        if tags[i] != "O" or not t[:1].isupper() or toks[i - 1] in (".", "“", '"', ":"):
            continue
        low = t.lower()
        if low in nonname:
            continue
        cls = lexicon.gaz.get(low, "")
        if any(c in cls for c in "TDN") or lexicon.caps.get(low) in ("0", "1", "2"):
            continue
        return False
    return True


def projected_sentences(
    data: Path, id_ner: CrfNer, en_lexicon: Lexicon, exclude: set[str]
) -> tuple[list[Sentence], dict[str, int]]:
    """Silver English sentences and counts (pairs read, kept, kept with a name)."""
    from warta.stages._gazetteer import get_lexicon
    from warta.stages._ner_corpus import dedup_key

    forms = _english_forms()
    nonname = get_lexicon("en").nonname
    out: list[Sentence] = []
    stats = {"pairs": 0, "kept": 0, "kept_with_names": 0}
    for id_line, en_line in parallel_lines(data):
        stats["pairs"] += 1
        id_toks = TOKEN_RE.findall(id_line)
        en_toks = english_tokens(en_line)
        if not id_toks or not en_toks or dedup_key(en_toks) in exclude:
            continue
        tags = project(id_toks, id_ner.spans(id_toks), en_toks, forms)
        if not _complete(en_toks, tags, en_lexicon, nonname):
            continue
        out.append((en_toks, tags))
        stats["kept"] += 1
        stats["kept_with_names"] += any(t != "O" for t in tags)
    return out, stats
