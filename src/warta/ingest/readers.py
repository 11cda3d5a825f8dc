"""File readers: .txt (front matter), .html, .jsonl, .warc[.gz], directories, stdin."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from warta.errors import InputError
from warta.model import Article

__all__ = ["MAX_RECORD_BYTES", "ReadResult", "parse_published", "read_inputs", "read_path"]

#: one article (or one JSONL line) larger than this is refused
MAX_RECORD_BYTES = 10 * 1024 * 1024

ReadResult = Article | InputError

_FIELDS = ("id", "source", "url", "title", "published", "language")
_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")


def parse_published(value: Any) -> str | None:
    """An ISO date ``YYYY-MM-DD`` from a date or datetime string; ValueError if not one."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"'published' must be a string, got {type(value).__name__}")
    s = value.strip()
    m = re.match(r"(\d{4}-\d{2}-\d{2})", s)
    if m:
        return dt.date.fromisoformat(m.group(1)).isoformat()
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError):
        raise ValueError(f"'published' is not a date: {value!r}") from None


def _decode(data: bytes, source: str, record: int | None = None) -> str | InputError:
    if not data.strip():
        return InputError(source, "empty input", record)
    if b"\x00" in data[:8192]:
        return InputError(source, "binary data (NUL bytes), not text", record)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(
            source,
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
            record,
        )


def _article(text: str, meta: Mapping[str, Any], source: str, record: int | None) -> ReadResult:
    if not text.strip():
        return InputError(source, "no article text", record)
    fields: dict[str, str | None] = {}
    for key in _FIELDS:
        val = meta.get(key)
        if val is not None and not isinstance(val, str):
            if key == "id" and isinstance(val, int):
                val = str(val)
            else:
                return InputError(source, f"'{key}' must be a string or null", record)
        fields[key] = val or None
    try:
        fields["published"] = parse_published(fields["published"])
    except ValueError as exc:
        return InputError(source, str(exc), record)
    origin = source if record is None else f"{source}:{record}"
    return Article.create(
        text,
        id=fields["id"],
        source=fields["source"],
        url=fields["url"],
        title=fields["title"],
        published=fields["published"],
        language=fields["language"],
        origin=origin,
    )


_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$")


def parse_txt(text: str, source: str) -> ReadResult:
    """A .txt article, with optional ``key: value`` front matter closed by ``---``."""
    meta: dict[str, str] = {}
    lines = text.split("\n")
    if lines and _FRONT_KEY.match(lines[0].strip()):
        for i, line in enumerate(lines[:50]):
            if line.strip() == "---":
                for fm in lines[:i]:
                    m = _FRONT_KEY.match(fm.strip())
                    if m:
                        meta[m.group(1).lower()] = m.group(2).strip()
                text = "\n".join(lines[i + 1 :])
                break
            if not _FRONT_KEY.match(line.strip()):
                break
    if "date" in meta and "published" not in meta:
        meta["published"] = meta.pop("date")
    return _article(text.strip(), meta, source, None)


def parse_html(
    html: str, source: str, record: int | None = None, url: str | None = None
) -> ReadResult:
    """Main text and metadata of an HTML page (boilerplate removed by trafilatura)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return InputError(source, "no article text found in HTML", record)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    meta = {
        "title": data.get("title"),
        "url": data.get("url") or url,
        "source": data.get("sitename") or data.get("hostname"),
        "published": data.get("date"),
        "language": data.get("language"),
    }
    return _article(text, meta, source, record)


def _read_jsonl(stream: IO[bytes], source: str) -> Iterator[ReadResult]:
    for lineno, (raw, size) in enumerate(_lines(stream), start=1):
        if size > MAX_RECORD_BYTES:
            yield InputError(
                source, f"record too large ({size:,} bytes > {MAX_RECORD_BYTES:,})", lineno
            )
            continue
        if not raw.strip():
            continue
        text = _decode(raw, source, lineno)
        if isinstance(text, InputError):
            yield text
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield InputError(source, f"broken JSON: {exc.msg} (column {exc.colno})", lineno)
            continue
        if not isinstance(obj, dict):
            yield InputError(source, "a JSONL line must be an object", lineno)
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(source, "missing or empty 'text'", lineno)
            continue
        yield _article(body, obj, source, lineno)


def _lines(stream: IO[bytes]) -> Iterator[tuple[bytes, int]]:
    """(line, size) pairs; a line over the cap is skipped unread and yields (b"", size)."""
    while True:
        line = stream.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            size = len(line)
            while True:  # skip the rest of the huge line in bounded chunks
                rest = stream.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield b"", size
            continue
        yield line, len(line)


def _read_warc(path: Path, source: str) -> Iterator[ReadResult]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    index = found = 0
    try:
        with path.open("rb") as fh:
            for index, rec in enumerate(ArchiveIterator(fh), start=1):
                if rec.rec_type not in ("response", "resource"):
                    continue
                ctype = (
                    rec.http_headers.get_header("Content-Type") if rec.http_headers else None
                ) or (rec.rec_headers.get_header("Content-Type") or "")
                if "html" not in ctype and "text/plain" not in ctype:
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI")
                found += 1
                data = rec.content_stream().read(MAX_RECORD_BYTES + 1)
                if len(data) > MAX_RECORD_BYTES:
                    yield InputError(source, "record too large", index)
                    continue
                text = _decode(data, source, index)
                if isinstance(text, InputError):
                    yield text
                    continue
                if "html" in ctype:
                    yield parse_html(text, source, index, url=url)
                else:
                    yield _article(text, {"url": url}, source, index)
    except (ArchiveLoadFailed, OSError, EOFError) as exc:
        yield InputError(source, f"unreadable WARC: {exc}", index or None)
        return
    if found == 0:
        yield InputError(source, "no HTML or text response records in WARC")


def read_path(path: str | Path) -> Iterator[ReadResult]:
    """Articles (or per-record errors) from a file or a directory, recursively."""
    p = Path(path)
    source = str(p)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        for f in files:
            yield from read_path(f)
        return
    if not p.exists():
        yield InputError(source, "no such file or directory")
        return
    name = p.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        yield from _read_warc(p, source)
        return
    if name.endswith(".jsonl"):
        try:
            with p.open("rb") as fh:
                yield from _read_jsonl(fh, source)
        except OSError as exc:
            yield InputError(source, f"cannot read: {exc}")
        return
    if not name.endswith((".txt", ".html", ".htm")):
        yield InputError(source, f"unsupported file type (expected one of {', '.join(_SUFFIXES)})")
        return
    try:
        size = p.stat().st_size
        if size > MAX_RECORD_BYTES:
            yield InputError(source, f"file too large ({size:,} bytes > {MAX_RECORD_BYTES:,})")
            return
        data = p.read_bytes()
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc}")
        return
    text = _decode(data, source)
    if isinstance(text, InputError):
        yield text
    elif name.endswith(".txt"):
        yield parse_txt(text, source)
    else:
        yield parse_html(text, source)


def read_inputs(inputs: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[ReadResult]:
    """Articles from several paths; ``-`` reads JSONL from standard input."""
    for item in inputs:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_jsonl(stream, "<stdin>")
        else:
            yield from read_path(item)


def read_jsonl_text(text: str, source: str = "<string>") -> Iterator[ReadResult]:
    """Articles from JSONL held in a string (tests, the API)."""
    yield from _read_jsonl(io.BytesIO(text.encode("utf-8")), source)
