"""Every component ID in one place: no ID string is typed twice."""

from typing import TypeAlias

from dash.dependencies import Wildcard

# A pattern id's key is a value when a component is created and, in a callback's Input/Output, may be a
# wildcard instead (``ALL``, ``MATCH``): the helpers serve both.
Key: TypeAlias = str | Wildcard
IntKey: TypeAlias = int | Wildcard

# Shell
URL = "url"
NAVBAR = "navbar"
FOOTER = "footer"
STALE_NOTICE = "stale-notice"  # the last good bundle is served: the latest data failed to load

# Map page
MAP = "map-graph"  # the dash-leaflet map
MAP_FRAME = "map-frame"  # holds the map; its style sets the areas' opacity over streets
MAP_AREAS = "map-areas"  # the areas' GeoJSON layer: its hideout holds the first drawing's values
# The areas' values (classes, colours, hover) after each change, restyled in place by
# assets/atlas_map.js: a new hideout would make dash-leaflet rebuild all 1,003 polygons.
MAP_AREA_VALUES = "map-area-values"
MAP_SELECTED = "map-selected"  # the chosen area's outline
MAP_SELECTED_HALO = "map-selected-halo"  # the white halo under that outline
MAP_VENUES = "map-venues"
MAP_BASEMAP = "map-basemap"  # the street tiles' layer group (empty when off or not configured)
MAP_STREETS = "map-streets"  # switch: streets on or off
MAP_AREA_OPACITY = "map-area-opacity"
LAYER_PICKER = "layer-picker"
LEVEL_PICKER = "level-picker"
BOROUGH_PICKER = "borough-picker"
PERIOD_PICKER = "period-picker"  # the map layer's period (shown for layers with several)
PERIOD_ROW = "period-row"
MAP_DOWNLOAD = "map-download"  # the map's figures as CSV (/download/map.csv + the map's link)
COMPARE_PICKER = "compare-picker"  # a change since an earlier period (layers.change), or none
PROFILE_TIME = "profile-time"  # the area profile's time view (a small line chart)
COMPOSITE_ROW = "composite-row"  # the two layers of a bivariate view (shown for composites only)
COMPOSITE_FIRST = "composite-first"
COMPOSITE_SECOND = "composite-second"
CLASSIFICATION_PICKER = "classification-picker"
LEGEND = "map-legend"
LAYER_INFO = "layer-info"
PROFILE = "area-profile"
SEARCH = "area-search"
VENUE_TOGGLES = "venue-toggles"
MAP_TABLE = "map-table"  # the Table tab's slot; its grid is map_table_grid()
MAP_STATE = "map-state"
MAP_NOTICE = "map-notice"
MAP_TABS = "map-tabs"
MAP_TABLE_NOTE = "map-table-note"
PROFILE_SHEET = "area-profile-sheet"  # the profile's card: a sheet over the map at phone width
PROFILE_SHEET_CLOSE = "area-profile-sheet-close"
PROFILE_SHEET_AREA = "area-profile-sheet-area"  # the area the sheet last opened for
MAP_TABLE_DOWNLOAD_BUTTON = "map-table-download-button"  # the table as shown, as CSV
MAP_TABLE_DOWNLOAD = "map-table-download"
MAP_DRAWN_LEVEL = "map-drawn-level"
MAP_COPY_LINK = "map-copy-link"
MAP_URL_SYNC = "map-url-sync"

# Data page and imported datasets
IMPORTED_LAYERS = "imported-layers"  # session store in the shell: this browser's uploaded datasets
DATA_REGION = "data-region"  # the region, its manifest and what its data lacks
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
DATA_SCALE_HELP = "data-scale-help"
PROFILE_CSV = "profile-csv"  # the area profile as CSV (map panel)
PROFILE_PDF = "profile-pdf"
DATA_DIRECTION = "data-direction"
DATA_ADD = "data-add"
DATA_REPORT = "data-report"
DATA_YOURS = "data-yours"
DATA_CATALOGUE = "data-catalogue"
DATA_DOWNLOAD = "data-download"
IMPORTED_EXPORT = "imported-export"  # Target page: exports of scores that use imported layers


def data_role(role: str) -> str:
    return f"data-role-{role}"


def data_remove(layer_id: Key) -> dict[str, Key]:
    return {"type": "data-remove", "layer": layer_id}


def data_export(layer_id: Key) -> dict[str, Key]:
    return {"type": "data-export", "layer": layer_id}


# Target page
TARGET_MAP = "target-map"
TARGET_AREAS = "target-areas"  # the Target map's areas (GeoJSON layer)
# Their score colours and hover values, restyled in place as the Map's (MAP_AREA_VALUES).
TARGET_AREA_VALUES = "target-area-values"
TARGET_SHORTLIST_LINES = "target-shortlist-lines"  # the shortlist's outlines
TARGET_DRAW = "target-draw"  # box and lasso (polygon) drawing on the Target map
TARGET_BASEMAP = "target-basemap"
TARGET_STATE = "target-state"
TARGET_URL_SYNC = "target-url-sync"
TARGET_LEVEL = "target-level"
TARGET_PRESET = "target-preset"
TARGET_PRESET_NOTE = "target-preset-note"
TARGET_INDICATORS = "target-indicators"
TARGET_WEIGHTS = "target-weights"
TARGET_METHOD = "target-method"
TARGET_MISSING = "target-missing"
TARGET_TOP = "target-top"
TARGET_POP = "target-pop"
TARGET_MIN_SCORE = "target-min-score"
TARGET_MIN_POP = "target-min-pop"
TARGET_BOROUGHS = "target-boroughs"
TARGET_PER_BOROUGH = "target-per-borough"
TARGET_HOTSPOTS = "target-hotspots"
TARGET_SELECT_MODE = "target-select-mode"
TARGET_ERROR = "target-error"
TARGET_HEADLINE = "target-headline"
TARGET_NOTES = "target-notes"
TARGET_LEGEND = "target-legend"
TARGET_TABS = "target-tabs"
TARGET_SHORTLIST = "target-shortlist"
TARGET_REMOVE = "target-remove"
TARGET_ADD_PICKER = "target-add-picker"
TARGET_ADD = "target-add"
TARGET_RESET_EDITS = "target-reset-edits"
TARGET_ZONES = "target-zones"
TARGET_REACH = "target-reach"
TARGET_WHY = "target-why"
TARGET_COPY_LINK = "target-copy-link"
TARGET_PACK = "target-pack"  # the action pack's printable page
TARGET_PACK_PDF = "target-pack-pdf"
# Zones and shop-fronts (issue 25): dashboard/targetview/zoning.py and shops.py
TARGET_ZONE_JOIN = "target-zone-join"  # touching areas, or a walking gap
TARGET_ZONE_GAP = "target-zone-gap"
TARGET_ZONE_K = "target-zone-k"
TARGET_ZONE_MIN_MEASURE = "target-zone-min-measure"
TARGET_ZONE_MIN = "target-zone-min"
TARGET_SHOPS = "target-shops"
TARGET_PREMISES_UPLOAD = "target-premises-upload"
TARGET_PREMISES_STORE = "target-premises-store"  # this tab's premises files: id -> server key
TARGET_PREMISES_MESSAGE = "target-premises-message"
TARGET_ZONE_LAYER = "target-zone-layer"  # zone numbers and chosen sites on the Target map
TARGET_SHOP_PANEL = "target-shop-panel"  # the Zones & shop-fronts tab
TARGET_TRADEOFF = "target-tradeoff"  # need covered against the number of zones


# Postcode search (Map and Target pages) and caseloads (Data page): dashboard/postcodes/
POSTCODE_SEARCH = "postcode-search"
POSTCODE_FIND = "postcode-find"
POSTCODE_MESSAGE = "postcode-message"
MAP_POSTCODE_PIN = "map-postcode-pin"  # a layer group holding the searched postcode's pin
MAP_POSTCODE_AREAS = "map-postcode-areas"  # the areas a postcode sector or district covers
TARGET_POSTCODE_SEARCH = "target-postcode-search"
TARGET_POSTCODE_FIND = "target-postcode-find"
TARGET_POSTCODE_MESSAGE = "target-postcode-message"
TARGET_POSTCODE_PIN = "target-postcode-pin"
TARGET_POSTCODE_AREAS = "target-postcode-areas"
CASELOAD_UPLOAD = "caseload-upload"
CASELOAD_TITLE = "caseload-title"
CASELOAD_PERIODICITY = "caseload-periodicity"
CASELOAD_REPORT = "caseload-report"  # what was counted, and the unmatched rows (this page only)
CASELOAD_LIST = "caseload-list"
CASELOAD_DOWNLOAD = "caseload-download"
CASELOAD_SHOW_REACH = "caseload-show-reach"  # links from the report to the caseload's layers
CASELOAD_SHOW_GAP = "caseload-show-gap"
CASELOAD_UNMATCHED = "caseload-unmatched"  # the rows not counted, listed to the uploader only
TARGET_CASELOAD_TABLE = "target-caseload-table"
TARGET_CASELOAD = "target-caseload"  # Target page: the caseload whose reach is compared
TARGET_FLOOD_START = "target-flood-start"  # the period the flood starts
TARGET_CASELOAD_REACH = "target-caseload-reach"


def caseload_export(layer_id: Key) -> dict[str, Key]:
    return {"type": "caseload-export", "layer": layer_id}


def caseload_card(layer_id: str) -> str:
    return f"caseload-card-{layer_id}"


def map_table_grid(index: Key = "map") -> dict[str, Key]:
    """The Map page's table grid. It is created only when the Table tab first opens, so callbacks
    name it by pattern (``map_table_grid(ALL)``): a pattern may match nothing until then."""
    return {"type": "map-table-grid", "index": index}


def target_weight(layer_id: Key) -> dict[str, Key]:
    return {"type": "target-weight", "layer": layer_id}


def target_period(layer_id: Key) -> dict[str, Key]:
    """The period scored for one weighted indicator (shown for indicators with several)."""
    return {"type": "target-period", "layer": layer_id}


def target_filter(part: str, row: IntKey) -> dict[str, str | IntKey]:
    """One cell of an indicator filter row: ``part`` is "layer", "op" or "value"."""
    return {"type": f"target-filter-{part}", "row": row}


def target_download(fmt: str) -> str:
    return f"target-download-{fmt}"


# Overview page
OVERVIEW = "overview"
OVERVIEW_CARDS = "overview-cards"
OVERVIEW_PRINT = "overview-print"
OVERVIEW_PRINT_STATUS = "overview-print-status"
OVERVIEW_CSV = "overview-csv"


def overview_graph(chart: str) -> str:
    return f"overview-graph-{chart}"


def overview_slot(chart: str) -> str:
    """The box a chart is drawn into when it comes into view (assets/overview_lazy.js)."""
    return f"overview-slot-{chart}"


def overview_png(chart: Key) -> dict[str, Key]:
    return {"type": "overview-png", "chart": chart}


def overview_png_status(chart: Key) -> dict[str, Key]:
    return {"type": "overview-png-status", "chart": chart}


# Accounts and saved plans (dashboard/accounts, dashboard/plans)
USER_MENU = "user-menu"
PLAN_SAVE_OPEN = "plan-save-open"
PLAN_SAVE_MODAL = "plan-save-modal"
PLAN_SAVE_NAME = "plan-save-name"
PLAN_SAVE_DESCRIPTION = "plan-save-description"
PLAN_SAVE_VISIBILITY = "plan-save-visibility"
PLAN_SAVE_SUBMIT = "plan-save-submit"
PLAN_SAVE_MESSAGE = "plan-save-message"
PLANS_SEARCH = "plans-search"
PLANS_STATUS = "plans-status"
PLANS_OWNER = "plans-owner"
PLANS_BOROUGH = "plans-borough"
PLANS_DELETED = "plans-deleted"
PLANS_TABLE = "plans-table"
PLANS_COMPARE_A = "plans-compare-a"
PLANS_COMPARE_B = "plans-compare-b"
PLANS_COMPARE_GO = "plans-compare-go"
PLAN_ID = "plan-id"
PLAN_VERSION = "plan-version"
PLAN_NAME = "plan-name"
PLAN_DESCRIPTION = "plan-description"
PLAN_VISIBILITY = "plan-visibility"
PLAN_FLOOD_START = "plan-flood-start"
PLAN_FLOOD_END = "plan-flood-end"
PLAN_SAVE_DETAILS = "plan-save-details"
PLAN_SAVE_TEAMS = "plan-save-teams"
PLAN_DUPLICATE = "plan-duplicate"
PLAN_DELETE = "plan-delete"
PLAN_RESTORE = "plan-restore"
PLAN_MESSAGE = "plan-message"
PLAN_REDIRECT = "plan-redirect"


def plan_status(to: Key) -> dict[str, Key]:
    return {"type": "plan-status", "to": to}


def plan_team(zone: IntKey) -> dict[str, str | IntKey]:
    return {"type": "plan-team", "zone": zone}


PLAN_COMPARE_WITH = "plan-compare-with"
PLAN_COMPARE_GO = "plan-compare-go"
PLAN_COMPARE_TARGET = "plan-compare-target"
# The admins' audit trail (/plans?audit=all): a GET form, no callbacks.
AUDIT_USER = "audit-user"
AUDIT_ACTION = "audit-action"
AUDIT_SINCE = "audit-since"
AUDIT_UNTIL = "audit-until"
AUDIT_PLAN = "audit-plan"
AUDIT_FILTER = "audit-filter"
AUDIT_TABLE = "audit-table"
AUDIT_COUNT = "audit-count"
AUDIT_NEWER = "audit-newer"
AUDIT_OLDER = "audit-older"
AUDIT_REFUSED = "audit-refused"
AUDIT_LINK = "audit-link"

# Compare page (/compare): areas side by side.
COMPARE_AREAS = "compare-areas"  # the areas to compare (a searchable multi-select)
COMPARE_GO = "compare-go"  # the link that opens the chosen comparison
COMPARE_TABLE = "compare-table"
COMPARE_CSV = "compare-csv"
COMPARE_PRINT = "compare-print"
COMPARE_MESSAGE = "compare-message"  # what is wrong with the link, or a hint
COMPARE_LINK = "compare-link"  # the link of the comparison drawn (shown in the address bar)
COMPARE_CREATED = "compare-created"  # on paper: when, from which data, and the full link
PROFILE_COMPARE = "profile-compare"  # the Map profile's "Add to comparison" link

# The plan page's outcomes (issue 26: dashboard/outcomes).
PLAN_OUTCOME_LABEL = "plan-outcome-label"
PLAN_OUTCOME_PROVIDER = "plan-outcome-provider"
PLAN_OUTCOME_UPLOAD = "plan-outcome-upload"
PLAN_OUTCOME_REPORT = "plan-outcome-report"
PLAN_OUTCOME_MESSAGE = "plan-outcome-message"
PLAN_OUTCOME_BODY = "plan-outcome-body"
PLAN_TARGETS_SAVE = "plan-targets-save"


def plan_outcome_withdraw(file_id: IntKey) -> dict[str, str | IntKey]:
    return {"type": "plan-outcome-withdraw", "file": file_id}


def plan_target(zone: IntKey) -> dict[str, str | IntKey]:
    return {"type": "plan-target", "zone": zone}
