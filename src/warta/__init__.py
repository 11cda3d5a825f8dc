"""warta: political event data (PLOVER v2) from Indonesian and English news.

>>> import warta
>>> doc = warta.code("Baghdad, Purna Warta – ...", published="2024-01-26")
>>> doc.to_record()["events"]                      # doctest: +SKIP

Nothing is loaded at import: models and lexicons load lazily on first use.
"""

from warta._api import code, code_batch, events_table, load_pipeline
from warta.config import Config, load_config
from warta.errors import (
    ConfigError,
    InputError,
    PipelineError,
    ResourceError,
    StoreError,
    WartaError,
)
from warta.model import Article, Doc, Event
from warta.pipeline import Pipeline, build_pipeline, register

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Config",
    "ConfigError",
    "Doc",
    "Event",
    "InputError",
    "Pipeline",
    "PipelineError",
    "ResourceError",
    "StoreError",
    "WartaError",
    "__version__",
    "build_pipeline",
    "code",
    "code_batch",
    "events_table",
    "load_config",
    "load_pipeline",
    "register",
]
