"""Outreach Atlas: ``python app.py [--data-dir DIR]`` serves on $HOST:$PORT (default 127.0.0.1:8050) with
Flask's development server, for debugging; ``make run`` and production serve ``app:server`` with gunicorn."""

from __future__ import annotations

import argparse
import os
import sys

from dashboard.factory import create_app_or_exit
from dashboard.security import debug_requested


def _data_dir_flag(argv: list[str]) -> str | None:
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__)
    parser.add_argument("--data-dir", help="directory holding the source files (default: as found)")
    return parser.parse_args(argv).data_dir


# Parsed before anything is loaded, so --help answers at once.
app = create_app_or_exit(_data_dir_flag(sys.argv[1:]) if __name__ == "__main__" else None)
server = app.server  # gunicorn app:server

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8050"))
    host = os.environ.get("HOST", "127.0.0.1")
    # Dash's first-request set-up (page routing, the validation layout) done now, as gunicorn's
    # when_ready does: otherwise a page answered by another thread while it runs (a health poll
    # timing out and retrying) goes out without the validation layout, and its callbacks fail.
    with server.test_client() as client:
        client.get("/")
    print(f"Outreach Atlas on http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=debug_requested())
