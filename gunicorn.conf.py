"""gunicorn settings for a checkout: ``gunicorn -c gunicorn.conf.py app:server``. They live in the
package (``dashboard/gunicorn_conf.py``) so an installed atlas has them too."""

from dashboard.gunicorn_conf import *  # noqa: F403
