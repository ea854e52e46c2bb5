"""The Target page's logic without Dash callbacks: reading the controls (parsing), map edits (edits),
the view model from one run of the scenario (model), charts, the map (figure), the score builder
(weights), the layout's panels (controls, results, downloads) and the cached data they read
(context). The scenario itself, its link and its engine are in ``layers.targeting``."""
