"""Accounts and roles: signing in (Flask-Login), password hashes, the ``accounts`` command."""
