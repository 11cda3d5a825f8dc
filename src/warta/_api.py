"""The Python API for notebooks and other programs."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warta.config import Config, load_config
from warta.model import Article, Doc
from warta.pipeline import Pipeline, build_pipeline

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["code", "code_batch", "events_table", "load_pipeline"]


def load_pipeline(config: Config | str | Path | None = None) -> Pipeline:
    """Build the pipeline a config names (the packaged default when ``None``)."""
    if not isinstance(config, Config):
        config = load_config(config)
    return build_pipeline(config.stages, config.stage_settings, config.budget)


@functools.cache
def _default_pipeline() -> Pipeline:
    return load_pipeline()


def code(
    text: str | Article,
    *,
    published: str | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    language: str | None = None,
    pipeline: Pipeline | None = None,
) -> Doc:
    """Code one article: the returned Doc holds every layer the pipeline assigns.

    ``text`` is the article body (or a ready :class:`~warta.model.Article`);
    ``published`` (``YYYY-MM-DD``) anchors relative dates such as "pada hari Kamis".
    """
    article = (
        text
        if isinstance(text, Article)
        else Article.create(
            text, published=published, source=source, title=title, url=url, language=language
        )
    )
    return (pipeline or _default_pipeline()).run(Doc.from_article(article))


def code_batch(
    articles: Iterable[str | Article], *, pipeline: Pipeline | None = None
) -> Iterator[Doc]:
    """Code many articles lazily, one Doc at a time (memory stays flat)."""
    pipe = pipeline or _default_pipeline()
    for item in articles:
        art = item if isinstance(item, Article) else Article.create(item)
        yield pipe.run(Doc.from_article(art))


def event_rows(doc: Doc) -> list[dict[str, Any]]:
    """Flat rows, one per event, for tables and CSV."""
    rows = []
    for ev in doc.events:
        rows.append(
            {
                "article_id": doc.id,
                "event_id": ev.id,
                "type": ev.type,
                "mode": ev.mode,
                "context": ";".join(ev.context),
                "actor_text": "; ".join(a.text for a in ev.actors),
                "actor_country": ";".join(sorted({a.country for a in ev.actors if a.country})),
                "actor_sector": ";".join(sorted({a.sector for a in ev.actors if a.sector})),
                "recipient_text": "; ".join(a.text for a in ev.recipients),
                "recipient_country": ";".join(
                    sorted({a.country for a in ev.recipients if a.country})
                ),
                "recipient_sector": ";".join(sorted({a.sector for a in ev.recipients if a.sector})),
                "date": ev.date,
                "date_precision": ev.date_precision,
                "historical": ev.historical,
                "future": ev.future,
                "hypothetical": ev.hypothetical,
                "negated": ev.negated,
                "location": ev.location.name if ev.location else None,
                "location_country": ev.location.country if ev.location else None,
                "geonameid": ev.location.geonameid if ev.location else None,
                "dead": ev.size.dead,
                "injured": ev.size.injured,
                "arrested": ev.size.arrested,
                "trigger": doc.span_text(ev.trigger),
                "sentence": doc.span_text(ev.sentence),
                "confidence": ev.confidence,
                "event_cluster": ev.event_cluster,
                "published": doc.published,
                "source": doc.source,
                "url": doc.url,
            }
        )
    return rows


EVENT_COLUMNS: tuple[str, ...] = (
    "article_id",
    "event_id",
    "type",
    "mode",
    "context",
    "actor_text",
    "actor_country",
    "actor_sector",
    "recipient_text",
    "recipient_country",
    "recipient_sector",
    "date",
    "date_precision",
    "historical",
    "future",
    "hypothetical",
    "negated",
    "location",
    "location_country",
    "geonameid",
    "dead",
    "injured",
    "arrested",
    "trigger",
    "sentence",
    "confidence",
    "event_cluster",
    "published",
    "source",
    "url",
)


def events_table(docs: Iterable[Doc]) -> pd.DataFrame:
    """A pandas DataFrame with one row per event of ``docs``."""
    import pandas as pd

    rows = [row for doc in docs for row in event_rows(doc)]
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
