"""What the Data page's import form holds after a file is chosen: every field starts again from the
new file (a value typed for the previous one, even in a field now hidden, never carries over).

Pure: the Data page's upload callback writes these fields to the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.dataview.data_upload import ROLE_LABELS, PreviewView
from geodata.sources import OGL

DEFAULT_SCALE = "100"
SCALE_UNUSED = "Not used: without a denominator the figures are shown as they are (a count)."
SCALE_USED = "Used when a count is divided by a denominator."


@dataclass(frozen=True)
class FormState:
    form_hidden: bool
    roles_hidden: bool
    periods_hidden: bool
    title: str = ""
    source: str = ""
    date: str = ""
    licence: str = OGL
    unit: str = ""
    scale: str = DEFAULT_SCALE
    direction: str = "worse"
    period_labels: str = ""
    role_options: list[dict[str, str]] = field(default_factory=list)
    roles: dict[str, str | None] = field(default_factory=dict)


def after_upload(view: PreviewView) -> FormState:
    """The form for a newly chosen file: its suggestions, everything else at its default."""
    if not view.ok:
        return FormState(form_hidden=True, roles_hidden=True, periods_hidden=True)
    suggested = view.suggested
    return FormState(
        form_hidden=False,
        roles_hidden=not view.needs_roles,
        periods_hidden=not view.needs_period_labels,
        title=suggested.get("title", ""),
        source=suggested.get("source", ""),
        date=suggested.get("date", ""),
        # A table's unit follows from the columns chosen for it (layers.imported): no suggestion.
        unit="" if view.needs_roles else suggested.get("unit", ""),
        scale=DEFAULT_SCALE
        if scale_applies(view.roles.get("denominator"), view.needs_roles)
        else "",
        role_options=[{"label": h, "value": h} for h in view.headers],
        roles={role: view.roles.get(role) for role in ROLE_LABELS},
    )


def scale_after(applies: bool, current: str | None) -> str:
    """The scale when a denominator is chosen or cleared: per cent by default, "" (not used) without."""
    if not applies:
        return ""
    return current or DEFAULT_SCALE


def scale_applies(denominator: str | None, needs_roles: bool) -> bool:
    """A rate scale means something only when a count is divided by a denominator: a Stat-Xplore
    export (a count) or a table without a denominator column shows its figures as they are."""
    return bool(needs_roles and denominator)
