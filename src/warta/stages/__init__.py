"""Built-in pipeline stages; importing this package registers them."""

from warta.stages import entities, events, language, loaded, places, quantities, text, times

__all__ = ["entities", "events", "language", "loaded", "places", "quantities", "text", "times"]
