"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import events, language, text

__all__ = ["events", "language", "text"]
