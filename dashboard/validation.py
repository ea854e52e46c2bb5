"""A light validation layout, so every page load stays small.

With Dash Pages and callback checking on, Dash puts a *validation layout* (every page's full layout)
into each page's HTML, so the browser can check that callback ids exist. Ours held every page's
figures and tables: about 430 KB of JSON serialised for each page view and parsed by each browser.
The check needs only the components that have an id and their types, so that is all we keep: same
validation, about a hundredth of the bytes.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from dash import Dash, html
from dash.development.base_component import Component


def components_with_ids(node: Any) -> Iterator[Component]:
    """Every component with an id in ``node``, looking in every property (children, labels, …)."""
    if isinstance(node, Component):
        if getattr(node, "id", None) is not None:
            yield node
        for name in node._prop_names:  # the component's declared properties
            value = getattr(node, name, None)
            if isinstance(value, (Component, list, tuple)):
                yield from components_with_ids(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from components_with_ids(item)


def component_id(component: Component) -> Any:
    """The id ``component`` was built with: Dash sets props as attributes its classes do not declare."""
    return getattr(component, "id", None)


def id_only(component: Component) -> Component:
    """A copy of ``component`` carrying its id and nothing else."""
    clone = copy.copy(component)
    for name in component._prop_names:
        if name != "id" and name in clone.__dict__:
            delattr(clone, name)
    for name in [k for k in clone.__dict__ if k.startswith(("data-", "aria-"))]:
        delattr(clone, name)
    return clone


def light_layout(layout: Any) -> html.Div | None:
    if layout is None:
        return None
    return html.Div([id_only(c) for c in components_with_ids(layout)])


class AtlasDash(Dash):
    """Dash whose validation layout is stored light, whenever Dash (or Pages) sets it."""

    @property
    def validation_layout(self) -> Any:
        return self.__dict__.get("_light_validation_layout")

    @validation_layout.setter
    def validation_layout(self, layout: Any) -> None:
        self.__dict__["_light_validation_layout"] = light_layout(layout)
