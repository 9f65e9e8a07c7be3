"""A JSON request body a route decodes itself, on a worker thread.

FastAPI decodes and validates a declared body model on the event loop before a
route runs; for a large body (a push of 200 facts, ~300 kB) that holds up every
other request of the process. A route that reads ``await request.body()`` and
calls ``parse_body`` in the thread pool avoids it, with the same 422 answer for a
bad body, and documents the body with ``body_schema`` (the OpenAPI schema and
the API fuzzing stay as they were).
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


def parse_body(model: type[Model], raw: bytes) -> Model:
    """``raw`` as ``model``; a RequestValidationError (422 invalid_request) otherwise."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of ``model`` as JSON, its nested models inlined."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(definitions[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return {"required": True, "content": {"application/json": {"schema": inline(schema)}}}
