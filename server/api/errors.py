"""Every error the API answers is JSON ``{code, message}``, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError, StatementError
from starlette.exceptions import HTTPException

from kassa.server.errors import ServiceError
from kassa.sync.protocol import ApiError

log = logging.getLogger("kassa.server")

_HTTP_CODES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
}


def _answer(status: int, code: str, message: str, details: list | None = None) -> JSONResponse:
    body = ApiError(code=code, message=message, details=details)
    return JSONResponse(status_code=status, content=body.model_dump(mode="json", exclude_none=True))


def install(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service(_request: Request, exc: ServiceError) -> JSONResponse:
        return _answer(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
        ]
        text = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
        return _answer(422, "invalid_request", f"the request is not valid: {text}", details)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such endpoint; see /docs for the API"
        return _answer(exc.status_code, code, message)

    @app.exception_handler(OperationalError)
    async def _database(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc)
        return _answer(503, "database_unavailable", "the database is busy or down; try again")

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def _out_of_range(_request: Request, exc: Exception) -> JSONResponse:
        # the database refused a value the request carried; its transaction rolled back
        log.warning("value refused by the database: %s", exc)
        return _answer(
            422,
            "invalid_request",
            "a value in the request is out of range or cannot be stored (a number too "
            "large, or text with a NUL character); nothing was changed",
        )

    @app.exception_handler(StatementError)
    async def _statement(request: Request, exc: StatementError) -> JSONResponse:
        if isinstance(exc.orig, OverflowError):  # SQLite: an int past 64 bits
            return await _out_of_range(request, exc)
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return _answer(500, "internal_error", "the server failed; the error is in its log")
