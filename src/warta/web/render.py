"""The article view: the record's text with its annotations as nested, escaped HTML.

Every piece of article text and every attribute value goes through
:func:`markupsafe.escape`, so the result is safe to insert as ``Markup`` into a template
(an article containing ``<script>`` shows as text). Annotations that cross each other
are split so the HTML nests; each element carries ``data-ann`` (``layer:index``) so a
split annotation is still counted once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

__all__ = ["LAYERS", "event_label", "highlight", "http_url"]

#: layer -> (css class, nesting rank: lower is outer)
LAYERS: dict[str, tuple[str, int]] = {
    "sentence": ("sent", 0),
    "quote": ("hl-quote", 1),
    "trigger": ("hl-trigger", 2),
    "actor": ("hl-role hl-actor", 3),
    "recipient": ("hl-role hl-recipient", 3),
    "entity": ("hl-entity", 4),
    "place": ("hl-place", 5),
    "time": ("hl-time", 6),
}


@dataclass
class _Span:
    start: int
    end: int
    layer: str
    key: str  # layer:index
    title: str
    attrs: dict[str, str]


#: what browsers skip before a URL's scheme
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def http_url(url: object) -> str | None:
    """``url`` when it is an ``http``/``https`` URL with a host, else ``None``: only those
    become links (``javascript:``, ``data:``, ``vbscript:`` and relative URLs stay text).

    Browsers drop tabs and newlines inside a URL and ignore leading control characters and
    spaces, so the scheme is read after removing them (``java\tscript:`` is refused too)."""
    if not isinstance(url, str):
        return None
    probe = "".join(ch for ch in url if ch not in "\t\n\r").lstrip(_C0_AND_SPACE)
    scheme, sep, rest = probe.partition(":")
    if not sep or scheme.lower() not in ("http", "https") or not rest.startswith("//"):
        return None
    if not rest[2:].split("/", 1)[0].strip():
        return None
    return probe


def _actors(actors: list[dict[str, Any]]) -> str:
    parts = []
    for a in actors or []:
        code = " ".join(x for x in (a.get("country"), a.get("sector")) if x)
        parts.append(f"{a.get('text') or '?'}" + (f" [{code}]" if code else ""))
    return ", ".join(parts) or "-"


def event_label(ev: dict[str, Any]) -> str:
    flags = [k for k in ("historical", "future", "hypothetical", "negated") if ev.get(k)]
    return (
        f"{ev.get('type')}: {_actors(ev.get('actors') or [])} -> "
        f"{_actors(ev.get('recipients') or [])}; date {ev.get('date') or '?'}"
        f" ({ev.get('date_precision') or 'unknown'})" + (f"; {', '.join(flags)}" if flags else "")
    )


def _spans(rec: dict[str, Any]) -> list[_Span]:
    spans: list[_Span] = []
    for i, s in enumerate(rec.get("sentences") or []):
        spans.append(_Span(s["start"], s["end"], "sentence", f"sentence:{i}", "", {"id": f"s-{i}"}))
    ents = {e.get("id"): e for e in rec.get("entities") or []}
    for e in rec.get("entities") or []:
        code = " ".join(x for x in (e.get("country"), e.get("sector")) if x)
        title = f"{e.get('type')} {e.get('name')}" + (f" [{code}]" if code else "")
        if e.get("role"):
            title += f" - {e['role']}"
        if e.get("kb_id"):
            title += f" ({e['kb_id']})"
        for j, m in enumerate(e.get("mentions") or []):
            spans.append(
                _Span(m["start"], m["end"], "entity", f"entity:{e.get('id')}:{j}", title, {})
            )
    for i, t in enumerate(rec.get("times") or []):
        title = f"TIME {t.get('value') or '?'} ({t.get('granularity') or 'unknown'})"
        spans.append(_Span(t["start"], t["end"], "time", f"time:{i}", title, {}))
    for i, p in enumerate(rec.get("places") or []):
        title = f"PLACE {p.get('name') or p.get('text')}"
        if p.get("country"):
            title += f" [{p['country']}]"
        if p.get("geonameid"):
            title += f" GeoNames {p['geonameid']}"
        spans.append(_Span(p["start"], p["end"], "place", f"place:{i}", title, {}))
    for i, q in enumerate(rec.get("quotes") or []):
        spk = ents.get(q.get("speaker"), {}).get("name") or q.get("speaker_text") or "?"
        title = f"QUOTE speaker {spk}" + (f", cue {q['cue']}" if q.get("cue") else "")
        title += "" if q.get("direct", True) else " (indirect)"
        spans.append(_Span(q["start"], q["end"], "quote", f"quote:{i}", title, {}))
    for ev in rec.get("events") or []:
        trig = ev.get("trigger") or {}
        if trig.get("end", 0) > trig.get("start", 0):
            spans.append(
                _Span(
                    trig["start"],
                    trig["end"],
                    "trigger",
                    f"trigger:{ev.get('id')}",
                    event_label(ev),
                    {"id": f"t-{ev.get('id')}", "data-event": str(ev.get("id"))},
                )
            )
    spans += _role_spans(rec)
    n = len(rec.get("text") or "")
    return [s for s in spans if 0 <= s.start < s.end <= n]


def _role_spans(rec: dict[str, Any]) -> list[_Span]:
    """The words naming each event's actors and recipients, shown when the event is
    selected (``data-event``); an actor without offsets is looked up in its sentence."""
    text: str = rec.get("text") or ""
    out: list[_Span] = []
    for ev in rec.get("events") or []:
        sent = ev.get("sentence") or {}
        s0, s1 = sent.get("start", 0), sent.get("end", 0)
        for role, key in (("actor", "actors"), ("recipient", "recipients")):
            for i, a in enumerate(ev.get(key) or []):
                start, end = a.get("start"), a.get("end")
                if start is None or end is None:
                    words = a.get("text") or ""
                    at = text.find(words, s0, s1) if words else -1
                    if at < 0:
                        continue
                    start, end = at, at + len(words)
                code = " ".join(x for x in (a.get("country"), a.get("sector")) if x)
                title = f"{role} of {ev.get('type')} {ev.get('id')}" + (f" [{code}]" * bool(code))
                out.append(
                    _Span(
                        start,
                        end,
                        role,
                        f"{role}:{ev.get('id')}:{i}",
                        title,
                        {"data-event": str(ev.get("id"))},
                    )
                )
    return out


def _order(s: _Span) -> tuple[int, int, int]:
    return (s.start, -s.end, LAYERS[s.layer][1])


def highlight(rec: dict[str, Any]) -> Markup:
    """The text of ``rec`` as HTML with every annotation layer as an element."""
    text: str = rec.get("text") or ""
    seen_ids: set[str] = set()
    out: list[str] = []

    def render(start: int, end: int, spans: list[_Span]) -> None:
        pos = start
        todo = sorted(spans, key=_order)
        while todo:
            s = todo.pop(0)
            if s.start >= end:
                break
            out.append(str(escape(text[pos : s.start])))
            inner: list[_Span] = []
            rest: list[_Span] = []
            for o in todo:
                if o.start >= s.end:
                    rest.append(o)
                elif o.end <= s.end:
                    inner.append(o)
                else:  # crosses the end of s: split it
                    inner.append(_Span(o.start, s.end, o.layer, o.key, o.title, o.attrs))
                    rest.append(_Span(s.end, o.end, o.layer, o.key, o.title, {}))
            out.append(_open(s, seen_ids))
            render(s.start, s.end, inner)
            out.append("</span>")
            pos = s.end
            todo = sorted(rest, key=_order)
        out.append(str(escape(text[pos:end])))

    render(0, len(text), _spans(rec))
    return Markup("".join(out))


def _open(s: _Span, seen_ids: set[str]) -> str:
    cls = LAYERS[s.layer][0]
    attrs = {"class": cls, "data-ann": s.key}
    for k, v in s.attrs.items():
        if k == "id":
            if v in seen_ids:  # ids stay unique when a span was split
                continue
            seen_ids.add(v)
        attrs[k] = v
    if s.title:
        attrs["title"] = s.title
    return "<span " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items()) + ">"
