"""gunicorn settings: ``gunicorn -c gunicorn.conf.py app:server`` in a checkout (that file reads this
one); ``gunicorn -c python:dashboard.gunicorn_conf dashboard.wsgi:server`` where the package is installed.

Workers are stateless (every user's view is in the browser: URL and dcc.Store), so any worker on any
machine can answer any request; expensive results, and the tables of browser uploads (the browser
holds only their keys), are shared through Redis when ``OUTREACH_ATLAS_REDIS_URL`` is set. Without
Redis the shared cache is each worker's own memory, where a tab's upload would be unknown to the other
workers: one worker (with its threads) then, unless ``OUTREACH_ATLAS_WORKERS`` says otherwise. Environment: ``PORT``, ``HOST``, ``OUTREACH_ATLAS_WORKERS``,
``OUTREACH_ATLAS_THREADS``.
"""

import gc
import os

# Loopback unless HOST says otherwise: an exposed atlas sits behind a TLS-terminating proxy on the
# same machine (docs/deployment.md); HOST=0.0.0.0 is a deliberate choice, never a default.
bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT', '8050')}"
# Uploads live in the shared cache (dashboard.uploads): several workers need Redis to share them.
workers = int(
    os.environ.get(
        "OUTREACH_ATLAS_WORKERS", "3" if os.environ.get("OUTREACH_ATLAS_REDIS_URL") else "1"
    )
)
# Threads let a worker overlap network waits (slow clients, Redis) while another request computes.
worker_class = "gthread"
threads = int(os.environ.get("OUTREACH_ATLAS_THREADS", "4"))
# Load the bundle once in the master, then fork: workers share its pages copy-on-write, start in
# milliseconds, and a worker that dies is replaced without reloading data.
preload_app = True
timeout = 30
graceful_timeout = 20
# Longer than a person's pause between clicks (the load test thinks 1-5 s), so a browser's idle
# connection is still open when it is reused; gthread holds idle connections without a thread.
keepalive = 10
accesslog = None  # the app logs structured JSON itself


def when_ready(server) -> None:
    """Before the workers fork: answer one page request in the master, so Dash's one-off set-up (page
    routing, the validation layout built from every page) is done once and inherited by every worker
    instead of slowing each worker's first visitor."""
    app = server.app.wsgi()
    with app.test_client() as client:
        client.get("/")
        client.get("/_dash-layout")
        client.get("/_dash-dependencies")
    # Everything loaded so far (bundle, layouts, libraries) lives as long as the process: move it out of
    # the collector's reach, so full collections stay short and do not touch (and copy) shared pages.
    gc.freeze()
