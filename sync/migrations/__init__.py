"""Alembic migrations of the device database (see ``kassa.sync.replica.migrate``)."""
