"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import language, loaded, quantities, text, times

__all__ = ["language", "loaded", "quantities", "text", "times"]
