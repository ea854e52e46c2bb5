"""Postcode search (Map and Target pages) and caseload uploads (Data page): the Dash side.

The pure parts live in ``geodata.postcodes`` (parse, normalise, resolve), ``geodata.caseload``
(read a file, count, suppress) and ``layers.caseload`` (a caseload as layers); this package holds the
server-side store of caseloads and the small adapters the page callbacks call.
"""
