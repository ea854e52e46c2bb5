"""Turning layers into target-area lists: scoring, selection, flood zones, reach, robustness."""
