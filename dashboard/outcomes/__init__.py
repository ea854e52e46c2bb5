"""A plan's outcomes (issue 26) in the app: outcome files attached on the plan page, progress against
the zones' targets, the comparison areas, and the plan report for the board. The analytics are
``layers.outcomes``'; this package reads files, stores counts and shows the results."""
