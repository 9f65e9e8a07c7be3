"""The device's sync client: push the outbox, pull the catalog, in the background.

``SyncEngine`` (one push-then-pull run), ``SyncScheduler`` (the APScheduler job
that runs it off the UI thread, nudged after each fact), ``SyncStatus`` (the
observable ``SyncState`` the UI shows) and ``HttpTransport`` (httpx). The
ports it needs from the device replica are in ``ports``.
"""
