#!/usr/bin/env bash
# CI step (.ci/run): install warta the way a new user does -- a fresh `python3 -m venv`
# with the pip that ships with Python (no upgrade, no constraints file), then plain
# `pip install .` -- and code one input of each kind: a .txt, an .html, a .jsonl, a
# .warc.gz, a directory and standard input. Prints the versions pip resolved on one line.
# Fails when any input does not come back as a coded record (e.g. an ImportError from a
# dependency that a newer or older pip resolved differently).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
say() { echo "check-plain-install: $*"; }

"$PY" -m venv "$WORK/venv"
BIN="$WORK/venv/bin"
say "$("$BIN/pip" --version | cut -d' ' -f1-2) (as shipped with $("$PY" --version))"
# build from a copy of the tree, so the checkout gets no build/ or egg-info
mkdir "$WORK/src"
cp -r "$ROOT/pyproject.toml" "$ROOT/README.md" "$ROOT/src" "$WORK/src/"
find "$WORK/src" \( -name '*.egg-info' -o -name __pycache__ \) -prune -exec rm -rf {} +
if ! "$BIN/pip" install --quiet --disable-pip-version-check "$WORK/src" >"$WORK/pip.log" 2>&1; then
  grep -v "^WARNING: Location" "$WORK/pip.log" >&2 || true
  say "FAILED: pip install ."
  exit 1
fi
say "resolved: $("$BIN/pip" freeze --disable-pip-version-check 2>/dev/null | grep -v '^warta' | tr '\n' ' ')"

# inputs of every kind
IN="$WORK/in"
mkdir -p "$IN/dir"
TEXT="Jakarta, Warta Uji – Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Australia di Jakarta pada hari Selasa untuk membahas kerja sama maritim. Keduanya sepakat membentuk kelompok kerja bersama."
cp "$ROOT/src/warta/resources/samples/purna-warta-irak-as-2024-01-26.txt" "$IN/article.txt"
cat >"$IN/page.html" <<HTML
<!doctype html><html><head><title>Indonesia dan Australia sepakat</title></head><body>
<nav><a href="/">Beranda</a> | <a href="/politik">Politik</a></nav>
<article><h1>Indonesia dan Australia sepakat</h1>
<p>$TEXT</p>
<p>Pertemuan itu berlangsung selama dua jam di gedung Kementerian Luar Negeri, kata juru bicara kementerian kepada wartawan di Jakarta.</p>
</article><footer>Hak cipta Warta Uji</footer></body></html>
HTML
printf '{"id": "a1", "text": "%s", "published": "2024-03-05"}\n{"id": "a2", "text": "Presiden Joko Widodo mengunjungi Malaysia pada hari Senin.", "published": "2024-03-04"}\n' "$TEXT" >"$IN/articles.jsonl"
cp "$IN/article.txt" "$IN/dir/one.txt"
cp "$IN/page.html" "$IN/dir/two.html"
"$BIN/python" - "$IN/page.html" "$IN/crawl.warc.gz" <<'PY'
import io, sys
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
html = open(sys.argv[1], "rb").read()
with open(sys.argv[2], "wb") as fh:
    writer = WARCWriter(fh, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    rec = writer.create_warc_record("http://warta.example/berita/1", "response", payload=io.BytesIO(html), http_headers=headers)
    writer.write_record(rec)
PY

# one process for the files (loading the pipeline is most of the time), one for stdin;
# warta names any file or record it cannot code on stderr and exits 1
W="$BIN/warta"
if ! "$W" run "$IN/article.txt" "$IN/page.html" "$IN/articles.jsonl" "$IN/crawl.warc.gz" "$IN/dir" \
  --format jsonl -q >"$WORK/out.jsonl" 2>"$WORK/err.txt"; then
  cat "$WORK/err.txt" >&2
  say "FAILED: warta run on the txt, html, jsonl, warc.gz and directory inputs"
  exit 1
fi
if ! "$W" run - --format jsonl -q <"$IN/articles.jsonl" >"$WORK/stdin.jsonl" 2>"$WORK/err.txt"; then
  cat "$WORK/err.txt" >&2
  say "FAILED: warta run - (stdin)"
  exit 1
fi
"$BIN/python" - "$WORK/out.jsonl" "$WORK/stdin.jsonl" <<'PY'
import json, sys
files = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
stdin = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
kinds = {
    "txt": [r for r in files if r["source"] == "Purna Warta" and r["title"] is None],
    "html": [r for r in files if r["title"] == "Indonesia dan Australia sepakat" and not r["url"]],
    "jsonl": [r for r in files if r["id"] in ("a1", "a2")],
    "warc.gz": [r for r in files if r["url"] == "http://warta.example/berita/1"],
    "stdin": stdin,
}
want = {"txt": 2, "html": 2, "jsonl": 2, "warc.gz": 1, "stdin": 2}  # txt, html: file + dir copy
bad = [k for k, recs in kinds.items() if len(recs) != want[k] or not all(r["sentences"] for r in recs)]
for k, recs in kinds.items():
    print(f"check-plain-install: {k}: {len(recs)} coded records (want {want[k]})")
print(f"check-plain-install: directory: {len(files) - 5} of its 2 files coded")
if bad or len(files) != 7:
    sys.exit(f"check-plain-install: FAILED: {', '.join(bad) or 'record count'}")
PY
say "all inputs coded"
