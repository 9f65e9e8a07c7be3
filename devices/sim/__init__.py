"""Simulated hardware for tests and for ``kassa demo`` when none is configured."""
