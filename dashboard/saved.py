"""The app's one store of saved work, opened and migrated when the app is built.

``create_app`` calls ``install``; callbacks and routes reach the store through ``get_store`` (the
Flask app's extensions), never through a module global, so tests can build apps on different
databases side by side.
"""

from __future__ import annotations

from flask import Flask, current_app

from dashboard.store import Store
from dashboard.store.engine import database_url

EXTENSION = "outreach_atlas_store"


def install(server: Flask) -> Store:
    store = Store(database_url(server.instance_path))
    # gunicorn preloads the app, so this runs once in the master, before any worker forks.
    store.migrate()
    # Pooled connections must not cross a fork: each worker opens its own.
    store.engine.dispose()
    server.extensions[EXTENSION] = store
    return store


def get_store() -> Store:
    return current_app.extensions[EXTENSION]
