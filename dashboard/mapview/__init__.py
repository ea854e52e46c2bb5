"""The Map page's logic without Dash callbacks: areas, view state, model, figure, profile, controller."""
