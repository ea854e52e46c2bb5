"""Outreach Atlas: ``python app.py [--data-dir DIR]`` serves on $PORT (default 8050)."""

from __future__ import annotations

import argparse
import os
import sys

from dashboard.factory import create_app
from dashboard.security import debug_requested
from geodata.errors import DataDirError, DataError


def _data_dir_flag(argv: list[str]) -> str | None:
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__)
    parser.add_argument("--data-dir", help="directory holding the source files (default: as found)")
    return parser.parse_args(argv).data_dir


try:
    # Parsed before anything is loaded, so --help answers at once.
    app = create_app(_data_dir_flag(sys.argv[1:]) if __name__ == "__main__" else None)
except DataDirError as exc:
    print(f"Outreach Atlas cannot start: {exc}", file=sys.stderr)
    raise SystemExit(2) from None
except DataError as exc:
    # Only reached with no earlier good bundle: otherwise the app starts on it and says so.
    print(f"Outreach Atlas cannot start: {exc}", file=sys.stderr)
    print("There is no earlier good bundle to fall back on: fix the file and start again.",
          file=sys.stderr)  # fmt: skip
    raise SystemExit(2) from None
server = app.server  # gunicorn app:server

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8050"))
    host = os.environ.get("HOST", "127.0.0.1")
    print(f"Outreach Atlas on http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=debug_requested())
