"""Format adapters, recognised from headers. Each maps one export format to canonical tables."""

from __future__ import annotations

from connectors.formats.adapters import (
    canonical,
    google_ads,
    hubspot,
    maven,
    meta_ads,
    olist,
    salesforce,
    shopify,
)
from connectors.formats.adapters.base import Adapter, Context, Frames

ADAPTERS: dict[str, Adapter] = {
    a.name: a
    for a in (
        google_ads.ADAPTER,
        meta_ads.ADAPTER,
        *hubspot.ADAPTERS,
        salesforce.ADAPTER,
        shopify.ADAPTER,
        *olist.ADAPTERS,
        *maven.ADAPTERS,
        *canonical.ADAPTERS,
    )
}

__all__ = ["ADAPTERS", "Adapter", "Context", "Frames"]
