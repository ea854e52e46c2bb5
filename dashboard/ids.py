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

# Target page
TARGET_MAP = "target-map"

# Overview page
OVERVIEW = "overview"
