"""The HTTP side of the sync protocol, over httpx.

Every failure is sorted into what the caller must do next:

- ``OutcomeUnknown``: a timeout, a dropped connection, a 5xx or an answer cut
  short. The server may or may not have acted; send the same request again
  (push is idempotent by fact id, pull is read-only).
- ``RequestRefused``: the server understood and said no (4xx with an
  ``ApiError``); resending the same request will not help.
- ``Unauthorized``: the token is unknown or revoked (401/403); enroll again.
- ``UnsafeServer``: plain HTTP to a host that is not loopback, or a certificate
  that does not verify (``tls.TransportSecurity``): fix the config; nothing sent.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from kassa.sync.client.tls import InsecureServer, TransportSecurity, configured_security
from kassa.sync.protocol import (
    API_PREFIX,
    ApiError,
    EnrollRequest,
    EnrollResponse,
    PushFact,
    PushRequest,
    PushResponse,
)
from kassa.sync.pull_wire import BadPage, PulledPage, read_pull_page

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)

Model = TypeVar("Model", bound=BaseModel)


class TransportError(Exception):
    """A sync request did not succeed."""


class OutcomeUnknown(TransportError):
    """No usable answer: the request may or may not have taken effect; resend it."""


class RequestRefused(TransportError):
    """The server refused the request; sending it again will not help."""

    def __init__(self, status: int, error: ApiError) -> None:
        super().__init__(f"{error.message} ({error.code}, HTTP {status})")
        self.status = status
        self.error = error


class Unauthorized(RequestRefused):
    """The device token is unknown or revoked: this device must enroll again."""


class UnsafeServer(TransportError):
    """Not sent: plain HTTP over the network, or a server certificate that is not trusted."""


class HttpTransport:
    """Talks to one server; ``token`` is the device's bearer token (None to enroll).

    ``security`` (default: this device's ``[sync]`` config) decides whether plain
    HTTP is allowed and which CA a server certificate must come from.
    """

    def __init__(
        self,
        *,
        base_url: str,
        token: str | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        client: httpx.Client | None = None,
        security: TransportSecurity | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.base_url = base_url.rstrip("/")
        security = security if security is not None else configured_security()
        self.refusal = security.problem(self.base_url)
        verify: ssl.SSLContext | bool = True
        if self.refusal is None:
            try:
                verify = security.ssl_context()
            except InsecureServer as exc:
                self.refusal = str(exc)
        self._client = client or httpx.Client(
            base_url=self.base_url + API_PREFIX, timeout=timeout, headers=headers, verify=verify
        )

    @property
    def http(self) -> httpx.Client:
        """The HTTP client (base URL ``.../api/v1``, the device's token), for streamed calls."""
        return self._client

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        return self._call("POST", "/enroll", EnrollResponse, json=request.model_dump(mode="json"))

    def pull(self, *, cursor: str, limit: int) -> PulledPage:
        """One page, checked by ``read_pull_page`` (no pydantic model per row)."""
        response = self._send("GET", "/pull", params={"cursor": cursor, "limit": limit})
        try:
            return read_pull_page(response.content)
        except BadPage as exc:  # cut short or mangled on the way, like any unreadable answer
            raise OutcomeUnknown(f"GET /pull: unreadable answer ({exc})") from exc

    def push(self, facts: Sequence[PushFact]) -> PushResponse:
        body = PushRequest(facts=list(facts)).model_dump(mode="json")
        return self._call("POST", "/push", PushResponse, json=body)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, model: type[Model], **kwargs: Any) -> Model:
        response = self._send(method, path, **kwargs)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            # A 2xx whose body does not parse was cut short or mangled on the way.
            raise OutcomeUnknown(
                f"{method} {path}: unreadable answer ({exc.error_count()} errors)"
            ) from exc

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """The 2xx answer; every failure sorted into the errors above."""
        if self.refusal is not None:
            raise UnsafeServer(self.refusal)
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise self.failure(exc, method, path) from exc
        problem = self.refused(response, method, path)
        if problem is not None:
            raise problem
        return response

    def failure(
        self, exc: httpx.TransportError, method: str, path: str, *, when: str = "before the answer"
    ) -> Exception:
        """The error to raise for a request that got no (whole) answer."""
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
            if _certificate_refused(exc):
                return UnsafeServer(
                    f"the certificate of {self.base_url} is not trusted ({exc}); if this is "
                    "head office, set [sync] ca_file to its CA certificate"
                )
            reason = str(exc) or type(exc).__name__
            return OutcomeUnknown(f"cannot connect to {self.base_url} ({reason})")
        kind = type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            return OutcomeUnknown(f"{method} {path}: no answer in time ({kind})")
        return OutcomeUnknown(f"{method} {path}: connection lost {when} ({kind})")

    @staticmethod
    def refused(response: httpx.Response, method: str, path: str) -> Exception | None:
        """The error a non-2xx answer stands for (its body read), or None."""
        if response.status_code >= 500:
            return OutcomeUnknown(f"{method} {path}: server error HTTP {response.status_code}")
        if response.status_code >= 400:
            kind = Unauthorized if response.status_code in (401, 403) else RequestRefused
            return kind(response.status_code, _api_error(response))
        return None


def _certificate_refused(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _api_error(response: httpx.Response) -> ApiError:
    try:
        return ApiError.model_validate_json(response.content)
    except ValidationError:
        text = response.text[:200] or response.reason_phrase
        return ApiError(code=f"http_{response.status_code}", message=text)
