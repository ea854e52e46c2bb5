"""HTML attributes that Dash takes only as hyphenated keyword names (``aria-*``, ``data-*``).

Python cannot spell them as keywords, so they are passed as ``**{...}``. Dash's generated component
signatures list only the declared props, against which a ``dict[str, str]`` does not type-check; Dash
accepts these wildcard attributes through ``**kwargs`` at run time, so the dict is typed ``Any``-valued.
"""

from typing import Any


def _hyphenated(prefix: str, attrs: dict[str, str]) -> dict[str, Any]:
    return {f"{prefix}-{name.replace('_', '-')}": value for name, value in attrs.items()}


def aria(**attrs: str) -> dict[str, Any]:
    """``aria(hidden="true")`` is ``{"aria-hidden": "true"}``."""
    return _hyphenated("aria", attrs)


def data(**attrs: str) -> dict[str, Any]:
    """``data(file_prefix="x")`` is ``{"data-file-prefix": "x"}``."""
    return _hyphenated("data", attrs)
