"""How a device talks to head office safely: HTTPS with verified certificates.

``TransportSecurity`` comes from the device config's ``[sync]`` section:

- plain ``http://`` is refused for any host but loopback (127.0.0.0/8, ::1,
  ``localhost``) unless ``allow_insecure_http = true``: the token and every sale
  would cross the network readable by anyone on it;
- ``https://`` certificates are always verified, against the system's trusted
  CAs or, with ``ca_file = "/path/ca.pem"``, only against that CA (pinned: a
  certificate from any other CA is refused, even a publicly trusted one).
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class InsecureServer(Exception):
    """The server URL or its certificate is not safe to send the device's data to."""


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class TransportSecurity:
    allow_insecure_http: bool = False
    ca_file: Path | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TransportSecurity:
        section = config.get("sync", {}) or {}
        allow = section.get("allow_insecure_http", False)
        if not isinstance(allow, bool):
            raise InsecureServer(f"[sync] allow_insecure_http must be true or false, not {allow!r}")
        ca_file = section.get("ca_file")
        return cls(allow_insecure_http=allow, ca_file=Path(ca_file) if ca_file else None)

    def problem(self, url: str) -> str | None:
        """Why ``url`` must not be used, or None."""
        parts = urlsplit(url)
        if parts.scheme == "https":
            return None
        if parts.scheme != "http":
            return f"{url!r} is not an http:// or https:// URL"
        if self.allow_insecure_http or is_loopback(parts.hostname or ""):
            return None
        return (
            f"refusing plain HTTP to {parts.hostname}: the token and the sales would cross the "
            "network unencrypted; use an https:// server URL (or, on a network you trust, set "
            "[sync] allow_insecure_http = true)"
        )

    def ssl_context(self) -> ssl.SSLContext:
        """Certificates verified, host names checked; only ``ca_file`` trusted when given."""
        if self.ca_file is None:
            return ssl.create_default_context()
        if not self.ca_file.is_file():
            raise InsecureServer(
                f"[sync] ca_file {self.ca_file} does not exist; give the path of head "
                "office's CA certificate (PEM)"
            )
        try:
            return ssl.create_default_context(cafile=str(self.ca_file))
        except ssl.SSLError as exc:
            raise InsecureServer(
                f"[sync] ca_file {self.ca_file} is not a PEM CA certificate ({exc.reason})"
            ) from exc


def configured_security() -> TransportSecurity:
    """The ``[sync]`` settings of this device's config file and ``KASSA_SYNC__*``."""
    from kassa.config import ConfigError, load

    try:
        return TransportSecurity.from_config(load())
    except ConfigError:
        return TransportSecurity()  # the safe defaults; the config error shows elsewhere
