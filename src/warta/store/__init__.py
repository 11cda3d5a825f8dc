"""The DuckDB store: schema, the single writer, reads and exports."""

from warta.store.duck import LAYER_TABLES, Store

__all__ = ["LAYER_TABLES", "Store"]
