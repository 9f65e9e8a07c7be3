"""Kassa: an offline-first point-of-sale terminal and field-sales app."""

__version__ = "0.1.0"
