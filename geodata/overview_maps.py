"""Static borough maps for the overview, drawn on the server with matplotlib and geopandas.

They need no tile server or browser map library, so they print and download as they are. Every map
shares the region's classes, so a colour means the same rate in each borough. They are drawn when
the bundle is built (``write_borough_maps``), so the app serves files and starts without drawing.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # no display on a server
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

BRITISH_NATIONAL_GRID = 27700  # metres: true shapes at this latitude
# ColorBrewer YlOrRd, 5 classes: sequential and readable for colour-blind viewers.
CLASS_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#d9d9d9"
DECILE1_EDGE = "#1a1a1a"
MAP_SOURCE = (
    "Source: MHCLG, English Indices of Deprivation 2025 (employment domain). Boundaries: ONS LSOA "
    "2021. Contains OS data © Crown copyright and database right. Open Government Licence v3.0."
)


def read_display_geometry(path: Path) -> gpd.GeoDataFrame:
    """The bundle's LSOA display GeoJSON (keyed by ``code``), projected for drawing."""
    frame = gpd.read_file(path)
    return frame.set_index("code").to_crs(BRITISH_NATIONAL_GRID)


def class_of(values: pd.Series, uppers: Sequence[float]) -> pd.Series:
    """Class index 0..k-1 for each value (upper bounds inclusive); missing stays missing."""
    index = np.searchsorted(np.asarray(uppers), values.to_numpy(), side="left")
    classes = pd.Series(np.minimum(index, len(uppers) - 1), index=values.index, dtype="float64")
    return classes.where(values.notna())


def legend_labels(rates: pd.Series, uppers: Sequence[float]) -> list[str]:
    """Each class labelled with the range of the region's LSOA rates in it: a quantile bound is
    interpolated, and a class does not hold the bound below it."""
    classes = class_of(rates, uppers)
    labels = []
    for i in range(len(uppers)):
        members = rates[classes == i]
        if members.empty:
            labels.append("no LSOA")
            continue
        low, high = f"{members.min():.1f}%", f"{members.max():.1f}%"
        labels.append(low if low == high else f"{low} to {high}")
    return labels


def borough_map_png(
    geometry: gpd.GeoDataFrame,
    rates: pd.Series,
    lad_of: pd.Series,
    decile1: set[str],
    uppers: Sequence[float],
    lad_code: str,
    title: str,
) -> bytes:
    """One borough's LSOAs coloured by out-of-work rate, the most deprived 10% outlined."""
    codes = lad_of.index[lad_of == lad_code]
    shapes = geometry.reindex(codes)
    classes = class_of(rates.reindex(codes), uppers)
    colours = [NO_DATA_COLOUR if pd.isna(c) else CLASS_COLOURS[int(c)] for c in classes]

    fig = Figure(figsize=(5.2, 5.0), dpi=130)
    ax = fig.add_axes((0.0, 0.2, 1.0, 0.72))
    shapes.plot(ax=ax, color=colours, edgecolor="white", linewidth=0.25)
    outlined = shapes[shapes.index.isin(decile1)]
    if len(outlined):
        outlined.boundary.plot(ax=ax, color=DECILE1_EDGE, linewidth=0.9)
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.suptitle(title, x=0.02, y=0.975, ha="left", fontsize=12, fontweight="bold")
    handles = [
        Patch(facecolor=c, edgecolor="#777777", label=label)
        for c, label in zip(CLASS_COLOURS, legend_labels(rates, uppers), strict=True)
    ]
    handles.append(
        Patch(facecolor="white", edgecolor=DECILE1_EDGE, linewidth=1.2, label="England's most deprived 10% (IMD 2025)")
    )  # fmt: skip
    fig.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.055), ncol=2, fontsize=7,
        frameon=False, title="Out-of-work benefit rate, % of working-age people (LSOA)",
        title_fontsize=7, alignment="left",
    )  # fmt: skip
    fig.text(0.01, 0.008, MAP_SOURCE, fontsize=5.2, color="#333333", wrap=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def write_borough_maps(
    geojson_path: Path,
    lsoa: pd.DataFrame,
    rates: pd.Series,
    uppers: Sequence[float],
    names: Mapping[str, str],
    out_dir: Path,
) -> None:
    """``<out_dir>/<lad_code>.png`` for every borough in ``names``."""
    geometry = read_display_geometry(geojson_path)
    decile1 = set(lsoa.index[lsoa["iod25_imd_decile"] == 1])
    out_dir.mkdir(parents=True, exist_ok=True)
    for lad_code, name in names.items():
        png = borough_map_png(geometry, rates, lsoa["lad_code"], decile1, uppers, lad_code, name)
        (out_dir / f"{lad_code}.png").write_bytes(png)
