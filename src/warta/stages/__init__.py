"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import language, places, quotes, text

__all__ = ["language", "places", "quotes", "text"]
