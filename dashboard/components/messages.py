"""The box every Data page message is shown in."""

from __future__ import annotations

from dash import html


def message_box(children, tone: str) -> html.Div:
    """Dark text on a light background with a coloured top edge: readable (WCAG AA), where the
    theme's solid alert colours are not."""
    return html.Div(
        children,
        className=f"border-top border-4 border-{tone} bg-body-tertiary text-body rounded p-3 small",
        role="alert" if tone == "danger" else "status",
    )
