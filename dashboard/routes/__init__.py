"""Plain Flask routes beside the Dash pages. Each module exposes ``register(server)``."""
