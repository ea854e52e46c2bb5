"""The Dash app: factory, pages, components and thin callbacks."""

__version__ = "0.1.0"
