"""Saved plans in the app: freezing a Target list, the save form, the /plans page's views, compare."""
