"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import entities, language, places, quotes, text

__all__ = ["entities", "language", "places", "quotes", "text"]
