"""The English NER word table: Brown paths, capitalisation and frequency bins."""

from __future__ import annotations

import math
from pathlib import Path

from warta.stages._crf_ner import FeatureCache, Lexicon, load_lexicon, sentence_features
from warta.stages._ner_words import bits_of, build_words, load_words, word_features

# spaCy stores a path as int(path[::-1], 2): "01101" -> 22
CLUSTERS = {"Bush": 22, "bush": int("1010010011111"[::-1], 2), "said": int("0010111"[::-1], 2)}
PROBS = {
    "Bush": math.log(0.009),
    "bush": math.log(0.001),
    "said": math.log(0.02),
    "the": math.log(0.05),
    "Widodo": math.log(1e-9),  # rarer than the cut
    "1999": math.log(0.001),  # not a word
}


def _table(tmp_path: Path) -> Path:
    path = tmp_path / "ner-en.words.tsv.gz"
    info = build_words(CLUSTERS, PROBS, path, min_logprob=-18.0)
    assert info["rows"] == 4  # bush, said, the (lower-cased) + Bush (cased form with a path)
    assert info["rows_with_cluster"] == 3
    return path


def test_bits_of_reads_spacys_reversed_integer() -> None:
    assert bits_of(22) == "01101"
    assert bits_of(int("0010111"[::-1], 2)) == "0010111"
    assert bits_of(0) == ""


def test_cased_forms_keep_their_own_path(tmp_path: Path) -> None:
    words = load_words(_table(tmp_path))
    name = word_features("Bush", "bush", words)
    plant = word_features("bush", "bush", words)
    assert name["b4"] == "0110" and name["b6"] == "011010"
    assert plant["b4"] == "1010" and plant["b10"] == "1010010011"
    assert len(name["b20"]) == 20
    # 0.009 of 0.010 capitalised: bin 3 (0.7 <= r < 0.95), on the lower-cased line
    assert name["bcr"] == plant["bcr"] == "3"
    assert word_features("said", "said", words)["bcr"] == "0"
    # an upper-case form falls back to the capitalised path
    assert word_features("BUSH", "bush", words)["b4"] == "0110"


def test_rare_and_unknown_words(tmp_path: Path) -> None:
    words = load_words(_table(tmp_path))
    assert word_features("Widodo", "widodo", words) == {"bcr": "u"}
    assert "b4" not in word_features("the", "the", words)
    assert word_features("the", "the", words)["bf"] == str(int(-math.log(0.05) / 2))


def test_lexicon_reads_the_table_beside_it(tmp_path: Path) -> None:
    _table(tmp_path)
    lex_path = tmp_path / "ner-en.lexicon.tsv"
    lex_path.write_text("bush\t1/2\t3\t\n", encoding="utf-8")
    lex = load_lexicon(lex_path)
    assert lex.words is not None
    tokens = ["President", "Bush", "said", "so", "."]
    feats = sentence_features(tokens, lex)
    assert feats[1]["b6"] == "011010" and feats[1]["-1bcr"] == "u"
    assert feats[2]["-1b6"] == "011010"
    plain = sentence_features(tokens, Lexicon(lex.clusters, lex.caps, lex.gaz))
    assert not any(k.startswith("b") and k != "b" for k in plain[1])
    # the tagger's fast path builds the same attributes
    cache = FeatureCache(lex).items(tokens)
    for want, got in zip(feats, cache, strict=True):
        assert [f"{k}:{v}" if isinstance(v, str) else k for k, v in want.items()] == got
