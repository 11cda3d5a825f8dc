"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import entities, language, text

__all__ = ["entities", "language", "text"]
