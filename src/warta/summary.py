"""The readable summary ``warta run`` prints for people."""

from __future__ import annotations

from warta.model import Actor, Doc

__all__ = ["format_actor", "format_event_line", "summarize"]

_WIDTH = 110


def _clip(s: str, width: int = _WIDTH) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def format_actor(actors: tuple[Actor, ...]) -> str:
    if not actors:
        return "-"
    parts = []
    for a in actors:
        code = " ".join(x for x in (a.country, a.sector) if x) or "?"
        parts.append(code)
    return "+".join(dict.fromkeys(parts))


def format_event_line(doc: Doc, index: int) -> str:
    ev = doc.events[index]
    flags = [f for f in ("historical", "future", "hypothetical", "negated") if getattr(ev, f)]
    date = ev.date or "?"
    if ev.date_precision == "unknown":
        date += "~"
    loc = f"  @{ev.location.name}" if ev.location and ev.location.name else ""
    return (
        f"{ev.type:<9} {format_actor(ev.actors):<15} -> {format_actor(ev.recipients):<15} "
        f"{date:<11} {doc.span_text(ev.trigger)!r}{loc}"
        + (f"  [{', '.join(flags)}]" if flags else "")
    )


def summarize(doc: Doc, *, sentences: bool = True) -> str:
    """A few screens of text: article header, then each layer the pipeline assigned."""
    lines: list[str] = []
    title = doc.title or _clip(doc.text, 70)
    lines.append(f"== {doc.id}  {title}")
    meta = [
        f"source: {doc.source or '-'}",
        f"published: {doc.published or '-'}",
        f"language: {doc.language or '-'}",
    ]
    lines.append("   " + "   ".join(meta))
    if doc.dateline:
        lines.append(
            f"   dateline: {doc.span_text(doc.dateline)!r} "
            f"(place {doc.dateline.place or '-'}, source {doc.dateline.source or '-'})"
        )
    lines.append(f"   {len(doc.sentences)} sentences, {len(doc.tokens)} tokens")
    if sentences:
        for i, s in enumerate(doc.sentences, 1):
            lines.append(f"   {i:>3}. {_clip(doc.span_text(s), _WIDTH - 8)}")
    if doc.entities:
        lines.append(f"-- entities ({len(doc.entities)})")
        for e in doc.entities:
            code = " ".join(x for x in (e.country, e.sector) if x) or "-"
            extra = f"  role: {e.role}" if e.role else ""
            lines.append(f"   {e.type:<4} {e.name:<40} {code:<9} x{len(e.mentions)}{extra}")
    if doc.times:
        lines.append(f"-- times ({len(doc.times)})")
        for t in doc.times:
            anchor = f"anchor {t.anchor}" if t.anchor else ""
            extra = ", ".join(x for x in (t.direction, anchor) if x)
            lines.append(
                f"   {doc.span_text(t)!r:<40} -> {t.value or '?'} ({t.granularity}"
                + (f"; {extra})" if extra else ")")
            )
    if doc.places:
        lines.append(f"-- places ({len(doc.places)})")
        for p in doc.places:
            lines.append(
                f"   {doc.span_text(p)!r:<25} -> {p.name or '?'} {p.country or ''} "
                f"geonames:{p.geonameid or '-'} {p.kind or ''}"
            )
    if doc.quotes:
        lines.append(f"-- quotes ({len(doc.quotes)})")
        for q in doc.quotes:
            who = q.speaker_text or (doc.entity(q.speaker).name if doc.entity(q.speaker) else "?")  # type: ignore[union-attr]
            kind = "direct" if q.direct else "indirect"
            lines.append(f"   {who}: {_clip(doc.span_text(q), 80)!r} ({kind}, {q.cue or '-'})")
    if doc.quantities:
        lines.append(f"-- quantities ({len(doc.quantities)})")
        for n in doc.quantities:
            approx = "~" if n.approximate else ""
            lines.append(
                f"   {doc.span_text(n)!r:<35} -> {approx}{n.value:g} {n.unit or ''}"
                if n.value is not None
                else f"   {doc.span_text(n)!r}"
            )
    if doc.loaded_language:
        words = ", ".join(
            repr(doc.span_text(t)) + (f" ({t.category})" if t.category else "")
            for t in doc.loaded_language
        )
        lines.append(f"-- loaded language (lexicon flags, {len(doc.loaded_language)}): {words}")
    if doc.events:
        lines.append(f"-- events ({len(doc.events)})")
        for i in range(len(doc.events)):
            lines.append("   " + format_event_line(doc, i))
    return "\n".join(lines)
