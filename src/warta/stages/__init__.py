"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import entities, events, language, text

__all__ = ["entities", "events", "language", "text"]
