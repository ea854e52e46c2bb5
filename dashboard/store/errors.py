"""What the store refuses, each with a message fit to show a user."""

from __future__ import annotations


class StoreError(Exception):
    """A refused change; ``str(error)`` is the message for the user."""


class Conflict(StoreError):
    """Someone else changed the plan since it was read (optimistic version check)."""


class NotFound(StoreError):
    """No such record, or one the user may not see (the two look the same, on purpose)."""


class Forbidden(StoreError):
    """The user's role does not allow this."""


class Invalid(StoreError):
    """A value the store cannot keep (an empty name, an unknown role...)."""
