"""A form control with its label above it, in a grid column: the one shape every upload and
caseload form uses, so their labels look and are tied to their controls (``html_for``) alike."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash.development.base_component import Component


def labelled(
    label: str, control: Component, *, help_text: str = "", help_id: str | None = None, **col: Any
) -> dbc.Col:
    """``control`` under its ``label`` (and optional help text), in a ``dbc.Col`` sized by ``col``."""
    children: list[Component] = [
        dbc.Label(label, html_for=getattr(control, "id", None), className="small fw-semibold mb-1"),
        control,
    ]
    if help_text:
        children.append(dbc.FormText(help_text, **({"id": help_id} if help_id else {})))
    return dbc.Col(children, **col)
