"""Corpus scale: near-duplicate articles, event clusters, the Ray engine, feeds support.

:func:`link_store` is the store-level step that ``warta run --store`` runs after the
last batch (and ``warta dedup --store`` runs on demand): it marks near-duplicate
articles, then clusters events across articles. Both steps work on what is still
pending in the store, in transactions, so they resume after a crash like the run does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["LinkStats", "link_store"]


@dataclass
class LinkStats:
    articles: int = 0  # articles given a signature in this call
    duplicates: int = 0  # of which near-duplicates of an earlier article
    events: int = 0  # events given a cluster in this call
    clusters: int = 0  # new clusters started in this call


def link_store(store: Any, settings: Mapping[str, Any] | None = None) -> LinkStats:
    """Dedup then cluster everything the store has not linked yet; returns counts."""
    from warta.scale.cluster import ClusterSettings, cluster_events
    from warta.scale.dedup import DedupSettings, dedup_store

    settings = settings or {}
    dstats = dedup_store(store, DedupSettings.from_mapping(settings.get("dedup", {})))
    cstats = cluster_events(store, ClusterSettings.from_mapping(settings.get("cluster", {})))
    return LinkStats(articles=dstats[0], duplicates=dstats[1], events=cstats[0], clusters=cstats[1])
