"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import (
    entities,
    events,
    language,
    loaded,
    places,
    quantities,
    quotes,
    text,
    times,
)

__all__ = [
    "entities",
    "events",
    "language",
    "loaded",
    "places",
    "quantities",
    "quotes",
    "text",
    "times",
]
