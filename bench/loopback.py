"""The loopback HTTP round trip: the smallest HTTP answer a client can get on 127.0.0.1.

A separate process (asyncio, keep-alive) answers every request with ``{}``;
the client is httpx, as the sync engine's transport is, so the figure is what
any request of the sync protocol costs before the server does any work.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from bench.processes import free_port, wait_http
from bench.timing import Stats, measure

SERVER = r"""
import asyncio, sys
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
async def serve(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            writer.write(ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]))
    async with server:
        await server.serve_forever()
asyncio.run(main())
"""


def round_trip(*, runs: int) -> Stats:
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="kassa-loopback-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(port)], stdout=out, stderr=out
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_http(url, process=process, timeout=20, log=log)
        with httpx.Client() as client:
            return measure(lambda _: client.get(url), runs=runs, warmup=20)
    finally:
        process.terminate()
        process.wait(5)
        log.unlink(missing_ok=True)
