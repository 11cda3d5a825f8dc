"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import language, text

__all__ = ["language", "text"]
