"""The Overview page's logic without Dash callbacks: the figures it reads (data), headline cards,
charts, sections and the plan's targets, each a function from the overview's data to components."""
