"""MkDocs hook: tables written from the code, so the site cannot drift from what the atlas does.

A page asks for one with a marker on a line of its own, ``<!-- generated: NAME -->``; the build
replaces it with ``TABLES[NAME]()``. An unknown name fails the build. The renderers are plain
functions over the layer registry and the source registry (``layers.LAYERS``,
``geodata.sources.SOURCES``): ``tests/unit/test_docs.py`` calls them directly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # mkdocs loads this file by path, not as a package
    sys.path.insert(0, str(REPO_ROOT))

MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.MULTILINE)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _levels(layer) -> str:
    from layers.base import LEVEL_LABELS

    return ", ".join(LEVEL_LABELS.get(level, level) for level in layer.levels)


def _source(layer) -> str:
    from geodata.sources import SOURCES_BY_ID

    found = SOURCES_BY_ID.get(layer.source_id)
    return found.short_citation if found is not None else layer.source_id


def _suppression(layer) -> str:
    """What happens to a value the publisher suppressed or never published, at each level."""
    from geodata.aggregate import MIN_COVERAGE, Sum
    from layers.base import LEVEL_LABELS

    members = layer.members
    own_level = LEVEL_LABELS.get(layer.native_level, layer.native_level)
    share = f"{MIN_COVERAGE:.0%}"
    partial = (
        "a partial count is shown as an undercount, with the number left out"
        if isinstance(layer.measure, Sum) and not layer.unit.startswith("%")
        else f"a partial figure describes the {members} that published, with the number left out"
    )
    return (
        f"A suppressed or unpublished value stays missing (never 0, never filled in). A figure "
        f"built from {own_level} areas above that level needs at least {share} of its {members}; "
        f"with fewer it is missing and says how few were published; {partial}."
    )


def indicator_summary() -> str:
    """One row per layer: id, title, unit, source, date and levels."""
    from layers import LAYERS

    rows = [
        "| id | layer | unit | source | date | levels |",
        "|---|---|---|---|---|---|",
    ]
    for layer in LAYERS.values():
        rows.append(
            f"| `{layer.id}` | [{_cell(layer.title)}](#{layer.id}) | "
            f"{_cell(layer.unit)} | {_cell(_source(layer))} | {_cell(layer.date)} | "
            f"{_cell(_levels(layer))} |"
        )
    return "\n".join(rows)


def indicator_details() -> str:
    """A section per layer: what it measures, its source and date, unit, levels, how it
    aggregates, what happens to suppressed values, and what it is a proxy for."""
    from layers import LAYERS

    sections = []
    for layer in LAYERS.values():
        lines = [
            f"### {_cell(layer.title)} {{#{layer.id}}}",
            "",
            f"`{layer.id}` · {_cell(layer.description)}",
            "",
            f"- **Source**: {_cell(_source(layer))}; published on {_cell(layer.geography)}",
            f"- **Date**: {_cell(layer.date)}",
            f"- **Unit**: {_cell(layer.unit)}"
            + (f" (at LSOA: {_cell(layer.lsoa_unit)})" if layer.lsoa_unit else ""),
            f"- **Levels**: {_cell(_levels(layer))}",
            f"- **How it aggregates**: {_cell(layer.how_it_aggregates())}",
            f"- **Missing and suppressed**: {_suppression(layer)}",
        ]
        if layer.proxy_note:
            lines.append(f"- **Proxy and caveats**: {_cell(layer.proxy_note)}")
        if layer.comparability:
            lines.append(f"- **Comparing editions**: {_cell(layer.comparability)}")
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def caseload_layers_table() -> str:
    """The layers one caseload becomes (``layers.caseload.caseload_layers``), for a caseload dated by
    quarter with one outcome, "into work": what each measures, its unit, whether it is ranked, how it
    aggregates."""
    import pandas as pd

    from geodata.caseload import Caseload
    from layers.caseload import SOURCE_TEXT, caseload_layers

    example = Caseload(
        title="Your caseload", periodicity="quarter", periods=("2024-Q1", "2024-Q2"),
        outcomes=("into work",), counts=pd.DataFrame(columns=["lsoa", "period", "outcome", "n"]),
    )  # fmt: skip
    layers = caseload_layers(example, "0" * 64)
    base = next(iter(layers))
    rows = [
        "| id | layer | unit | ranked and scored | how it aggregates |",
        "|---|---|---|---|---|",
    ]
    for layer_id, layer in layers.items():
        ranked = "no: a count (larger areas hold more)" if layer.is_count else "yes"
        rows.append(
            f"| `<caseload>{layer_id.removeprefix(base)}` | {_cell(layer.title)} | "
            f"{_cell(layer.unit)} | {ranked} | {_cell(layer.how_it_aggregates())} |"
        )
    first = next(iter(layers.values()))
    rows += [
        "",
        f"Source: {_cell(SOURCE_TEXT)}; date: the caseload's own periods (here "
        f"{_cell(first.date)}); levels: {_cell(_levels(first))}. {_cell(first.proxy_note)}",
    ]
    return "\n".join(rows)


def source_table() -> str:
    """Every dataset the atlas reads (``geodata.sources``), with its file, publisher and vintage."""
    from geodata.sources import SOURCES

    rows = [
        "| file (`lcr_` is the region's prefix) | publisher | dataset | vintage | needed |",
        "|---|---|---|---|---|",
    ]
    for source in SOURCES:
        path = source.path.replace("{prefix}", "lcr")
        rows.append(
            f"| `{path}` | {_cell(source.publisher)} | {_cell(source.dataset)} | "
            f"{_cell(source.vintage)} | {'yes' if source.required else 'optional'} |"
        )
    return "\n".join(rows)


TABLES: dict[str, Callable[[], str]] = {
    "indicator-summary": indicator_summary,
    "indicator-details": indicator_details,
    "caseload-layers": caseload_layers_table,
    "sources": source_table,
}


def expand(markdown: str) -> str:
    """The page with every marker replaced by its table."""

    def table(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in TABLES:
            raise ValueError(f"unknown generated table {name!r}; known: {', '.join(TABLES)}")
        return TABLES[name]()

    return MARKER.sub(table, markdown)


def on_page_markdown(markdown: str, **_kwargs) -> str:
    return expand(markdown)
