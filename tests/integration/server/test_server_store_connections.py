"""The server's SQLite database serves every worker thread of the API at once.

FastAPI runs the routes on ``THREADS`` worker threads; with fewer pooled connections the
extra requests waited 30 s and answered HTTP 500 ``QueuePool limit ... reached``.
"""

from __future__ import annotations

from contextlib import ExitStack

from sqlalchemy import text
from sqlmodel import select

from kassa.server.store import THREADS
from kassa.server.tables import ServerState


def test_every_worker_thread_gets_a_connection_while_a_writer_works(server_db):
    with ExitStack() as stack:
        readers = [stack.enter_context(server_db.read()) for _ in range(THREADS)]
        epochs = {session.exec(select(ServerState.epoch)).one() for session in readers}
        with server_db.write() as session:  # one more: a push while every thread reads
            session.connection().execute(text("UPDATE server_state SET epoch = epoch"))
            assert server_db.engine.pool.checkedout() == THREADS + 1  # each its own
    assert len(epochs) == 1
