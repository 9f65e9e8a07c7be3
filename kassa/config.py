"""Configuration: one TOML file plus ``KASSA_*`` environment variables.

The file is ``$KASSA_CONFIG`` if set, else ``kassa.toml`` in the platform's
config directory. Environment variables override it: ``KASSA_<SECTION>__<KEY>``
sets ``[section] key`` (``KASSA_SERVER__DATABASE_URL=postgresql://...``); the
value is parsed as TOML where it can be (numbers, booleans) and kept as text
otherwise. ``KASSA_DATA_DIR`` moves every data file (databases, queues).

Read once, at the edge (the CLI and the composition roots), and passed in.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

APP = "kassa"


class ConfigError(Exception):
    """The configuration file or an environment variable cannot be read."""


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    path = Path(env.get("KASSA_DATA_DIR") or platformdirs.user_data_dir(APP))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("KASSA_CONFIG"):
        return Path(env["KASSA_CONFIG"])
    return Path(platformdirs.user_config_dir(APP)) / "kassa.toml"


def _parse_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def load(path: Path | None = None, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The merged configuration as nested dicts (file, then environment)."""
    env = os.environ if env is None else env
    path = path or config_path(env)
    config: dict[str, Any] = {}
    if path.exists():
        try:
            config = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"{path}: not valid TOML ({exc}); fix the file or point KASSA_CONFIG elsewhere"
            ) from exc
    for name, raw in env.items():
        if not name.startswith("KASSA_") or "__" not in name:
            continue
        section, _, key = name[len("KASSA_") :].lower().partition("__")
        target = config.setdefault(section, {})
        if not isinstance(target, dict):
            raise ConfigError(f"{name}: [{section}] in {path} is not a table")
        target[key] = _parse_value(raw)
    return config
