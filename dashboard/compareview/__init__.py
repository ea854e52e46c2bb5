"""Compare areas side by side (``/compare``): two to four areas' profiles in columns with their
boroughs, the region and England, as a page, a CSV and a printable page."""
