"""The graph layer's errors: all are ``PlanKGError`` (what — why), which the command line prints as one line."""
from loaders.errors import PlanKGError


class StoreError(PlanKGError):
    """A store folder that is missing, not a store, locked, unreadable or from an unfinished build."""


__all__ = ["PlanKGError", "StoreError"]
