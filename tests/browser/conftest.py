"""Browser-test helpers; the fixtures themselves (``live_server``, ``browser``, ``page``) live in
``tests/live.py`` and are registered once by the root conftest."""

from tests.live import SCREENSHOTS, screenshot

__all__ = ["SCREENSHOTS", "screenshot"]
