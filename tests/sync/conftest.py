"""Fixtures of the sync tests: an office store with its keys, a linked laptop."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.sync import keys, link
from inspector.sync.trust import TrustBundle

from tests_support import PASSWORD

TESTS = Path(__file__).resolve().parent.parent


def enrolment_helpers() -> ModuleType:
    """The helpers of the enrolment tests (a fictitious resident, a complete registration)."""
    path = TESTS / "enrolment" / "test_enrolment_service.py"
    spec = importlib.util.spec_from_file_location("_enrolment_helpers", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An office store with a registry and an enforcement key."""
    ws = vault.initialise(
        DataPaths(tmp_path / "office"),
        officer_name="Beheerder Voorbeeld",
        username="beheer",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
    )
    with ws.unit() as s:
        keys.create_recipient_key(s, "registry")
        keys.create_recipient_key(s, "enforcement")
    yield ws
    ws.close()


@pytest.fixture
def service_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def bundle(office, service_key) -> TrustBundle:  # type: ignore[no-untyped-def]
    with office.unit() as s:
        return keys.trust_bundle(s, service_key.public_key().public_bytes_raw())


def link_laptop(ws: Any, bundle: TrustBundle, device_id: str = "dev-test") -> None:
    with ws.unit() as s:
        keys.device_keys(s, create=True)
        link.store_link(
            s, server_url="http://127.0.0.1:9", device_id=device_id, credential="x", bundle=bundle
        )
