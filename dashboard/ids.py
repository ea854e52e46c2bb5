"""Every component ID in one place: no ID string is typed twice."""

# Shell
URL = "url"
NAVBAR = "navbar"
FOOTER = "footer"
NOTICE = "page-notice"

# Map page
MAP = "map-graph"
LAYER_PICKER = "layer-picker"
LEVEL_PICKER = "level-picker"
BOROUGH_PICKER = "borough-picker"
CLASSIFICATION_PICKER = "classification-picker"
LEGEND = "map-legend"
LAYER_INFO = "layer-info"
PROFILE = "area-profile"
SEARCH = "area-search"
SEARCH_RESULTS = "area-search-results"
VENUE_TOGGLES = "venue-toggles"
MAP_TABLE = "map-table"
MAP_STATE = "map-state"
SELECTED_AREA = "selected-area"
MAP_NOTICE = "map-notice"
MAP_TABS = "map-tabs"
MAP_TABLE_NOTE = "map-table-note"
MAP_DRAWN_LEVEL = "map-drawn-level"
MAP_COPY_LINK = "map-copy-link"
MAP_URL_SYNC = "map-url-sync"

# Data page and imported datasets
IMPORTED_LAYERS = "imported-layers"  # session store in the shell: this browser's uploaded datasets
DATA_UPLOAD = "data-upload"
DATA_UPLOAD_STATUS = "data-upload-status"
DATA_IMPORT_FORM = "data-import-form"
DATA_ROLES = "data-roles"
DATA_PERIODS_ROW = "data-periods-row"
DATA_TITLE = "data-title"
DATA_SOURCE = "data-source"
DATA_DATE = "data-date"
DATA_LICENCE = "data-licence"
DATA_UNIT = "data-unit"
DATA_PERIOD_LABELS = "data-period-labels"
DATA_SCALE = "data-scale"
DATA_DIRECTION = "data-direction"
DATA_ADD = "data-add"
DATA_REPORT = "data-report"
DATA_YOURS = "data-yours"
DATA_CATALOGUE = "data-catalogue"
DATA_DOWNLOAD = "data-download"


def data_role(role: str) -> str:
    return f"data-role-{role}"


def data_period(layer_id: str) -> dict[str, str]:
    return {"type": "data-period", "layer": layer_id}


def data_remove(layer_id: str) -> dict[str, str]:
    return {"type": "data-remove", "layer": layer_id}


def data_export(layer_id: str) -> dict[str, str]:
    return {"type": "data-export", "layer": layer_id}


# Target page
TARGET_MAP = "target-map"

# Overview page
OVERVIEW = "overview"
OVERVIEW_CARDS = "overview-cards"
OVERVIEW_PRINT = "overview-print"
OVERVIEW_PRINT_STATUS = "overview-print-status"
OVERVIEW_CSV = "overview-csv"


def overview_graph(chart: str) -> str:
    return f"overview-graph-{chart}"


def overview_png(chart: str) -> dict[str, str]:
    return {"type": "overview-png", "chart": chart}


def overview_png_status(chart: str) -> dict[str, str]:
    return {"type": "overview-png-status", "chart": chart}
