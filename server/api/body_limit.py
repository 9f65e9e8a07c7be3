"""Refuse request bodies over ``[server] max_body_bytes`` with 413 and a JSON error.

A declared ``Content-Length`` over the limit is answered before the body is
read; a chunked body is counted as it arrives and refused once it passes the
limit. Nothing the route would have written is written: the route never runs
(or fails while reading its body, before any transaction).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException


def too_large_message(limit: int, size: int | None = None) -> str:
    told = f"is {size} bytes" if size is not None else "is larger than that"
    return (
        f"the request body {told}; this server takes at most {limit} bytes "
        "([server] max_body_bytes): send it in smaller parts (fewer facts per push)"
    )


class BodyLimit:
    def __init__(self, app: Any, *, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        try:
            size = int(declared) if declared is not None else None
        except ValueError:
            size = None
        if size is not None and size > self.max_bytes:
            await _refuse(send, too_large_message(self.max_bytes, size))
            return
        received = 0
        limit = self.max_bytes

        async def counted() -> dict:
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, too_large_message(limit))
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Any, message: str) -> None:
    body = json.dumps({"code": "too_large", "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
