from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warta.errors import InputError
from warta.ingest import MAX_RECORD_BYTES, read_inputs, read_path
from warta.ingest.readers import parse_published
from warta.model import Article, article_id


def _ok(items: list) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _bad(items: list) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def test_txt_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("source: Purna Warta\npublished: 2024-01-26\ntitle: Judul\n---\nIsi berita.\n")
    (art,) = list(read_path(p))
    assert isinstance(art, Article)
    assert (art.source, art.published, art.title, art.text) == (
        "Purna Warta",
        "2024-01-26",
        "Judul",
        "Isi berita.",
    )
    assert art.id == article_id("Isi berita.")
    assert art.origin == str(p)


def test_txt_without_front_matter_keeps_colon_lines(tmp_path: Path) -> None:
    p = tmp_path / "b.txt"
    p.write_text("Catatan: ini bukan front matter.\nBaris kedua.\n")
    (art,) = list(read_path(p))
    assert isinstance(art, Article) and art.text.startswith("Catatan: ini")


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Satu.", "published": "2024-01-26T08:00:00+07:00"}),
        "{broken json",
        json.dumps({"title": "no text"}),
        json.dumps([1, 2]),
        "",
        json.dumps({"text": "Dua.", "published": "kemarin"}),
        json.dumps({"text": "Tiga.", "source": 5}),
        json.dumps({"text": "Empat.", "source": "X"}),
    ]
    p.write_text("\n".join(lines) + "\n")
    items = list(read_path(p))
    good = _ok(items)
    assert [a.id for a in good] == ["a1", article_id("Empat.")]
    assert good[0].published == "2024-01-26"
    errors = {e.record: e.reason for e in _bad(items)}
    assert set(errors) == {2, 3, 4, 6, 7}
    assert "broken JSON" in errors[2]
    assert "'text'" in errors[3]
    assert "object" in errors[4]
    assert "not a date" in errors[6]
    assert "'source'" in errors[7]
    assert all(str(e).startswith(f"{p}:") for e in _bad(items))


def test_empty_binary_and_undecodable_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 di Bandung.".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Berita yang baik.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = list(read_path(tmp_path))
    assert [a.text for a in _ok(items)] == ["Berita yang baik."]
    reasons = {Path(e.source).name: e.reason for e in _bad(items)}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["bin.txt"]
    assert "UTF-8" in reasons["latin.txt"] and "0xe9" in reasons["latin.txt"]
    assert "unsupported" in reasons["notes.pdf"]


def test_huge_single_line_is_refused_and_later_lines_still_read(tmp_path: Path) -> None:
    p = tmp_path / "huge.jsonl"
    with p.open("wb") as fh:
        fh.write(b'{"text": "' + b"a" * (MAX_RECORD_BYTES + 10) + b'"}\n')
        fh.write(json.dumps({"text": "Setelah baris besar."}).encode() + b"\n")
    items = list(read_path(p))
    (err,) = _bad(items)
    assert err.record == 1 and "too large" in err.reason
    assert [a.text for a in _ok(items)] == ["Setelah baris besar."]


def test_huge_txt_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    p.write_bytes(b"a" * (MAX_RECORD_BYTES + 1))
    (err,) = list(read_path(p))
    assert isinstance(err, InputError) and "too large" in err.reason


def test_stdin_and_missing_path(tmp_path: Path) -> None:
    stream = io.BytesIO(b'{"text": "Dari stdin."}\n')
    items = list(read_inputs(["-", str(tmp_path / "nope.txt")], stdin=stream))
    assert _ok(items)[0].text == "Dari stdin." and _ok(items)[0].origin == "<stdin>:1"
    assert "no such file" in _bad(items)[0].reason


def test_html_boilerplate_removed(tmp_path: Path) -> None:
    body = " ".join(["Pemerintah Indonesia mengecam serangan itu dengan keras."] * 6)
    html = f"""<html><head><title>Kecaman keras</title>
    <meta property="article:published_time" content="2024-01-26"></head>
    <body><nav>Beranda | Politik | Ekonomi</nav><article><h1>Kecaman keras</h1>
    <p>{body}</p><p>{body}</p></article><footer>Hak cipta 2024</footer></body></html>"""
    p = tmp_path / "a.html"
    p.write_text(html)
    (art,) = list(read_path(p))
    assert isinstance(art, Article), art
    assert "mengecam serangan" in art.text
    assert "Beranda" not in art.text and "Hak cipta" not in art.text
    assert art.title == "Kecaman keras" and art.published == "2024-01-26"


def test_warc_records(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = " ".join(["Polisi menangkap dua tersangka di Jakarta pada hari Senin."] * 5)
    html = f"<html><head><title>Penangkapan</title></head><body><article><p>{body}</p>"
    html += f"<p>{body}</p></article></body></html>"
    p = tmp_path / "crawl.warc.gz"
    with p.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url in ("http://example.test/a", "http://example.test/b"):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
            )
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(rec)
    items = list(read_path(p))
    arts = _ok(items)
    assert len(arts) == 2 and all("menangkap" in a.text for a in arts)
    assert arts[0].url == "http://example.test/a"
    assert arts[0].id == arts[1].id  # same text, same content-hash id

    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(gzip.compress(b"not a warc at all"))
    assert isinstance(next(iter(read_path(broken))), InputError)


def test_parse_published_forms() -> None:
    assert parse_published("2024-01-26") == "2024-01-26"
    assert parse_published("Fri, 26 Jan 2024 10:00:00 +0700") == "2024-01-26"
    assert parse_published(None) is None
