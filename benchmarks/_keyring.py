"""A keyring backend for benchmarks only: the OS keyring's place taken by a JSON file in the
benchmark cache, so that a store in keyring mode opens in another process as on a laptop with
Secret Service or Credential Locker. Never for real secrets.

Use: ``PYTHON_KEYRING_BACKEND=_keyring.BenchKeyring`` with ``benchmarks/`` on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import keyring.backend
import keyring.errors

FILE = Path(tempfile.gettempdir()) / "inspector-bench" / "bench-keyring.json"


class BenchKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _items(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self._items().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        items = self._items()
        items[f"{service}\n{username}"] = password
        FILE.parent.mkdir(parents=True, exist_ok=True)
        FILE.write_text(json.dumps(items), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        items = self._items()
        if items.pop(f"{service}\n{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        FILE.write_text(json.dumps(items), encoding="utf-8")
