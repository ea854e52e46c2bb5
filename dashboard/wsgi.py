"""The WSGI entry point of an installed atlas (``pip install .``), run from any directory:

    OUTREACH_ATLAS_DATA_DIR=/path/to/data gunicorn -c python:dashboard.gunicorn_conf dashboard.wsgi:server

The same app as ``app:server`` in a checkout. The data directory comes from ``OUTREACH_ATLAS_DATA_DIR``
(or ``./data``); the bundle is built beforehand with ``python -m geodata build``.
"""

from __future__ import annotations

from dashboard.factory import create_app_or_exit

app = create_app_or_exit()
server = app.server
