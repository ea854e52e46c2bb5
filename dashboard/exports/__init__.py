"""Pure writers for target lists: the table and its settings, then CSV, Excel and GeoJSON bytes."""
