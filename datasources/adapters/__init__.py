"""Adapters: how each source is reached. Named in settings.DATASOURCE_ADAPTERS."""

from datasources.adapters.gateway import GatewayAdapter

__all__ = ["GatewayAdapter"]
