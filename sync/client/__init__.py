"""The device's sync client: push the outbox, pull the catalog, in the background.

- ``service``: the composition root (``build_sync_service`` for the terminal,
  ``build_engine`` for one run as in ``kassa sync``);
- ``engine``: ``SyncEngine``, one push-then-pull run (``reports`` says what it did);
- ``scheduler``: ``SyncScheduler``, the APScheduler job off the UI thread, nudged
  after each fact;
- ``state``: ``SyncStatus``, the observable ``SyncState`` the UI shows;
- ``transport``: ``HttpTransport`` (httpx) and what each failure means;
- ``backoff``: exponential backoff with full jitter;
- ``ports``: what the engine needs from the device replica; ``device_outbox``
  adapts ``kassa.sync.replica`` to it;
- ``credentials`` and ``enrollment``: ``kassa enroll``'s token and identity.
"""
