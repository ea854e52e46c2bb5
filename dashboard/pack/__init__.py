"""Flood zone action packs: what an outreach team takes to the street, one per zone or one for the
whole shortlist, as a printable page (``/pack``), a PDF (``/pack.pdf``, ``python -m dashboard.export
--pack``) and a door-knocking list (``/pack/postcodes.csv``).

``build`` runs the scenario exactly as ``/download/targets.*`` does and turns it into the view model
(``model``); ``page`` writes the HTML, ``pdf`` the PDF, ``zonemap`` draws each zone's map for both.
"""
